#pragma once

#include <string>
#include <vector>

#include "cli/args.hpp"

#include "cli/context.hpp"
#include "core/ticket.hpp"

namespace tier::cli {

/// Files to attach to an entry: what it names, and their bytes.
struct Attached {
  std::vector<Attachment> list;
  std::vector<std::string> bytes;
};

/// --attach FILE, repeatable, for commands that make an entry with text.
void add_attach_option(Cmd sub, std::vector<std::string>& paths);

/// Reads the files of --attach: each is named by its base name, typed by
/// its extension (guess_media_type) and identified by its content
/// (Store::blob_id). A file over [limits] attachment is not read: the rules
/// refuse it by its size. NotFound when a file cannot be read.
Attached read_attachments(Context& ctx, const std::vector<std::string>& paths);

}  // namespace tier::cli
