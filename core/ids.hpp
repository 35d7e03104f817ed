#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tier {

/// Crockford's base32 alphabet, lower-case: no i, l, o or u.
inline constexpr std::string_view crockford_alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
inline constexpr std::size_t id_body_length = 8;

/// "PREFIX-" plus 8 characters from the low 40 bits of `random`.
std::string make_id(std::string_view prefix, std::uint64_t random);

/// Whether `id` is "<prefix>-" plus 8 Crockford characters.
bool is_valid_id(std::string_view id, std::string_view prefix);

/// The body of what a user typed for an id ("T-7k2m", "7K2M", "t-7k2m9qxa"):
/// without the prefix, lower-case, with Crockford's readings (i and l as 1,
/// o as 0). nullopt when it cannot be part of an id.
std::optional<std::string> id_body(std::string_view input, std::string_view prefix);

}  // namespace tier
