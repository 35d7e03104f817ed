#include "core/text.hpp"

#include <bit>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace tier {
namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD";  // U+FFFD

// The control character at text[i], as a code point, with its length in
// bytes; -1 when there is none there.
long control_at(std::string_view text, std::size_t i, std::size_t& length) {
  const auto c = static_cast<unsigned char>(text[i]);
  length = 1;
  if (c < 0x20 || c == 0x7F) return c;
  if (c == 0xC2 && i + 1 < text.size()) {
    const auto d = static_cast<unsigned char>(text[i + 1]);
    if (d >= 0x80 && d <= 0x9F) {
      length = 2;
      return d;
    }
  }
  return -1;
}

}  // namespace

long first_control(std::string_view text, bool lines) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size(); i += n) {
    // Eight bytes at a time past those that cannot start a control
    // character: every line of output is checked.
    if constexpr (std::endian::native == std::endian::little) {
      constexpr std::uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
      const auto zero_byte = [](std::uint64_t v) { return (v - ones) & ~v & high; };
      for (; i + 8 <= text.size(); i += 8) {
        std::uint64_t x;
        std::memcpy(&x, text.data() + i, 8);
        // Each term is exact up to its first flag (borrows only carry up).
        const std::uint64_t m =
            ((x - ones * 0x20) & ~x & high) | zero_byte(x ^ (ones * 0x7F)) | zero_byte(x ^ (ones * 0xC2));
        if (m) {
          i += std::size_t(std::countr_zero(m) / 8);
          break;
        }
      }
      if (i >= text.size()) break;
    }
    const long c = control_at(text, i, n);
    if (c >= 0 && !(lines && (c == '\n' || c == '\t'))) return c;
  }
  return -1;
}

std::string clean_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size(); i += n) {
    const long c = control_at(text, i, n);
    if (c < 0 || c == '\n' || c == '\t') out.append(text.substr(i, n));
    else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    else out += replacement;
  }
  return out;
}

std::string clean_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size(); i += n) {
    const long c = control_at(text, i, n);
    if (c < 0 || c == '\t') out.append(text.substr(i, n));
    else out += ' ';
  }
  return out;
}

std::string visible(std::string_view text) {
  if (first_control(text, true) < 0) return std::string(text);
  std::string out;
  out.reserve(text.size() + 8);
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size(); i += n) {
    const long c = control_at(text, i, n);
    if (c < 0 || c == '\n' || c == '\t') {
      out.append(text.substr(i, n));
    } else if (c < 0x20) {
      out += '^';
      out += char(c + 0x40);
    } else if (c == 0x7F) {
      out += "^?";
    } else {
      char buf[24];
      std::snprintf(buf, sizeof buf, "<U+%04lX>", c);
      out += buf;
    }
  }
  return out;
}

std::size_t code_points(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

}  // namespace tier
