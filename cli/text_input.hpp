#pragma once

#include <string>

#include "cli/context.hpp"

namespace tier::cli {

/// The text of a note: -m, else --file (- for standard input), else $EDITOR
/// when standard input is a terminal. Never prompts otherwise: then Usage.
/// Trailing white space is dropped; an empty text is Usage.
std::string read_text(Context& ctx, const std::string& message, const std::string& file, const std::string& what);

}  // namespace tier::cli
