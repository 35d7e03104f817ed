#pragma once

#include <string>
#include <string_view>

namespace tier::formats {

/// An article's Markdown body, rendered by cmark (CommonMark).
struct Rendered {
  /// HTML for a page. Raw HTML in the Markdown is escaped, shown as the
  /// text it is and never run; links and images whose URL is javascript:,
  /// vbscript:, file: or data: (but images of data:image/png, gif, jpeg,
  /// webp) lose their URL (cmark's safe mode).
  std::string html;
  /// The words of the body without markup, for the search index and
  /// excerpts: the text of each block, blocks separated by a newline.
  std::string text;
};
Rendered render_markdown(std::string_view markdown);

}  // namespace tier::formats
