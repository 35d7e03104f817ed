#pragma once

#include <string>
#include <string_view>

#include "core/history.hpp"

namespace tier::formats {

/// One version of a file as the history rules take it (core/history.hpp):
/// under tickets/, the ticket parsed (or why it does not parse, with line
/// and column) and the lines of its header keys and [[log]] tables; the
/// config and an article (kb/) parsed likewise; another file's text when it
/// is at most 64 KiB.
/// `text` is null when the caller did not read the file (too large): then
/// only its size is known.
history::Version read_version(std::string_view path, history::Kind kind, std::string id, std::size_t size,
                              const std::string* text);

}  // namespace tier::formats
