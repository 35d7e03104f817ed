#pragma once

#include <cstddef>
#include <string>
#include <string_view>

/// Text from tickets as the rules and the terminal see it. Control
/// characters are C0 (U+0000 to U+001F), DEL and C1 (U+0080 to U+009F): a
/// terminal may act on them (move the cursor, retitle the window, hide text).
namespace tier {

/// The first control character in UTF-8 text, as a code point, or -1;
/// `lines` lets newline and tab through (a note), else they count (a title).
long first_control(std::string_view text, bool lines);

/// A note as tier writes it: each control character but newline and tab
/// replaced by U+FFFD, and a carriage return before a newline dropped.
std::string clean_text(std::string_view text);

/// A one-line text as tier writes it (a title from a mail subject): every
/// control character, newline included, replaced by a space; a tab is kept.
std::string clean_line(std::string_view text);

/// Text made safe for a terminal: every control character but newline and
/// tab shown as caret notation ("^[" for ESC, "^?" for DEL) or, for C1, as
/// "<U+009B>"; everything else as it is.
std::string visible(std::string_view text);

/// The number of code points of UTF-8 text.
std::size_t code_points(std::string_view text);

}  // namespace tier
