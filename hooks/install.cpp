#include "hooks/install.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.hpp"

namespace tier::hooks {
namespace {

constexpr std::string_view shim_mark = "tier hook";

void write_shim(const std::string& dir, const std::string& name, const std::string& program) {
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/" + name;
  if (std::filesystem::exists(path)) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    if (s.str().find(shim_mark) == std::string::npos)
      throw Error(Exit::Conflict, "'" + path + "' is another program's hook", "move it away, then install again");
  }
  std::ofstream out(path, std::ios::trunc);
  out << "#!/bin/sh\n# " << shim_mark << ": the rules of tier-workflow(7); see tier-hooks(1)\nexec '" << program
      << "' hook " << name << " \"$@\"\n";
  out.close();
  if (!out || chmod(path.c_str(), 0755) != 0) throw Error(Exit::Failure, "cannot write '" + path + "'");
}

}  // namespace

Installed install(store::Store& st, const std::string& program, bool server) {
  Installed out{st.git_dir() + "hooks", server || st.bare()};
  if (out.server) {
    write_shim(out.dir, "pre-receive", program);
    write_shim(out.dir, "post-receive", program);
    // git refuses these itself too, before the hook runs: belt and braces.
    st.set_git_config("receive.denyNonFastForwards", "true");
    st.set_git_config("receive.denyDeletes", "true");
    st.set_git_config("receive.fsckObjects", "true");
  } else {
    write_shim(out.dir, "pre-commit", program);
    write_shim(out.dir, "pre-push", program);
    st.ensure_merge_driver(program);
  }
  return out;
}

}  // namespace tier::hooks
