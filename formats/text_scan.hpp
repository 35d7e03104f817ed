#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

/// Scanning of string bodies shared by the TOML and JSON code of formats/:
/// how much of a text needs no escape, and where UTF-8 is well-formed. Eight
/// bytes at a time: reading and writing strings was most of an export.
namespace tier::formats::scan {

/// The length of the longest prefix of [p, p + n) made of the bytes a TOML or
/// JSON basic string holds as they are: ASCII from space on, but '"' and
/// '\\', and but DEL when `stop_at_del` (TOML escapes it; JSON does not).
inline std::size_t plain_prefix(const char* p, std::size_t n, bool stop_at_del) {
  std::size_t i = 0;
  if constexpr (std::endian::native == std::endian::little) {
    constexpr std::uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    const auto zero_byte = [](std::uint64_t v) { return (v - ones) & ~v & high; };
    for (; i + 8 <= n; i += 8) {
      std::uint64_t x;
      std::memcpy(&x, p + i, 8);
      // Each term flags its bytes exactly up to its first one (borrows only
      // carry upward), so the lowest flag of all is the first special byte.
      std::uint64_t m = ((x - ones * 0x20) & ~x & high) | (x & high) | zero_byte(x ^ (ones * '"')) |
                        zero_byte(x ^ (ones * '\\'));
      if (stop_at_del) m |= zero_byte(x ^ (ones * 0x7F));
      if (m) return i + std::size_t(std::countr_zero(m) / 8);
    }
  }
  for (; i < n; ++i) {
    const auto c = static_cast<unsigned char>(p[i]);
    if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\' || (stop_at_del && c == 0x7F)) break;
  }
  return i;
}

/// The length of the well-formed UTF-8 sequence starting at s[i], whose first
/// byte is not ASCII, or 0 when there is none (RFC 3629: no overlong forms,
/// no surrogates, nothing above U+10FFFF).
inline std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  std::size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (s.size() - i < n || byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k)
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  return n;
}

}  // namespace tier::formats::scan
