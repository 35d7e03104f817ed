#pragma once

#include <string>
#include <string_view>

#include "core/kb.hpp"

namespace tier::formats {

/// Reads an article file, kb/<slug>.md (tier-kb(5)): a front matter of
/// TOML between two lines "+++" (title, status, categories, keywords,
/// tickets, updated), then the body in Markdown. The slug comes from `path`.
/// Throws Error(Exit::Invalid, "<path>:<line>:<column>: <what>"): no front
/// matter, a TOML error, an unknown key, a value of the wrong type, a
/// missing title, an unknown status.
Article parse_article(std::string_view text, std::string_view path);

/// The file of an article, as tier writes it: keys in the order above, empty
/// lists and an unset time left out, one blank line, the body ending in one
/// newline. parse_article() reads it back equal.
std::string write_article(const Article& article);

}  // namespace tier::formats
