#include "core/text.hpp"

#include <string>
#include <vector>

#include <doctest/doctest.h>

using namespace tier;

namespace {

// first_control() one byte at a time, as it was before it read eight.
long first_control_bytewise(std::string_view text, bool lines) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    long found = -1;
    if (c < 0x20 || c == 0x7F) found = c;
    else if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
             static_cast<unsigned char>(text[i + 1]) <= 0x9F)
      found = static_cast<unsigned char>(text[i + 1]);
    if (found >= 0 && !(lines && (found == '\n' || found == '\t'))) return found;
    if (found >= 0x80) ++i;
  }
  return -1;
}

}  // namespace

TEST_CASE("text: first_control finds the first control character wherever it stands") {
  std::vector<std::string> specials = {"\x01", "\n", "\t", "\x1b", "\x7F", "\xC2\x85", "\xC2\x9F", "\xC2\xA0",
                                       "\xC3\xA9", "\xC2", "\x1F", " "};
  CHECK(first_control("", false) == -1);
  for (std::size_t len = 0; len <= 20; ++len)
    for (const auto& a : specials)
      for (const auto& b : specials)
        for (std::size_t at : {std::size_t(0), len / 2, len}) {
          std::string s(len, 'x');
          s.insert(at, a);
          s += b;
          for (bool lines : {false, true}) CHECK(first_control(s, lines) == first_control_bytewise(s, lines));
        }
  CHECK(first_control("title\x1b[31m", false) == 0x1b);
  CHECK(first_control("a note\nwith\ttabs", true) == -1);
  CHECK(first_control("a note\nwith\ttabs", false) == '\n');
  CHECK(first_control("12345678\xC2\x9B", true) == 0x9B);
}

TEST_CASE("text: visible shows control characters") {
  CHECK(visible("plain") == "plain");
  CHECK(visible("a\x1b[2Jb\x7F\xC2\x9B\n\t") == "a^[[2Jb^?<U+009B>\n\t");
}
