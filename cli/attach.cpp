#include "cli/attach.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/error.hpp"

namespace tier::cli {

void add_attach_option(Cmd sub, std::vector<std::string>& paths) {
  sub.add_option("--attach", paths, "attach a file (repeatable)").type_name("FILE").allow_extra_args(false);
}

Attached read_attachments(Context& ctx, const std::vector<std::string>& paths) {
  Attached out;
  const std::size_t limit = ctx.store().policy().limits.attachment;
  for (const auto& path : paths) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec || !std::filesystem::is_regular_file(path, ec)) throw Error(Exit::NotFound, "cannot read '" + path + "'");
    Attachment a;
    a.name = std::filesystem::path(path).filename().string();
    a.type = guess_media_type(a.name);
    a.size = size;
    std::string bytes;
    if (size <= limit) {
      std::ifstream in(path, std::ios::binary);
      bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
      if (!in.good() && !in.eof()) throw Error(Exit::NotFound, "cannot read '" + path + "'");
      a.size = bytes.size();
      a.id = store::Store::blob_id(bytes);
    } else {
      a.id = std::string(40, '0');  // refused by its size before anything looks at it
    }
    out.list.push_back(std::move(a));
    out.bytes.push_back(std::move(bytes));
  }
  return out;
}

}  // namespace tier::cli
