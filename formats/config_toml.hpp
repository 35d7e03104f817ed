#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/policy.hpp"

namespace tier::formats {

/// Reads .tier/config.toml into a Policy, validating all of it against the
/// format in tier-config(5): unknown keys, types, required keys, values, and
/// the references between tables (groups, agents, domains). Absent sections
/// take their defaults. `path` names the file in messages.
/// Throws Error(Exit::Invalid, "<path>:<line>:<column>: <what>") for the first
/// problem in file order (problems within tables before references between
/// them), the position being that of the offending key or value, or of the
/// table when a required key is missing.
Policy parse_config(std::string_view text, std::string_view path);

/// The policy `tier init --example` writes: three groups on two tiers, six
/// people, three organizations, a route and service levels, with comments.
/// `prefix` must satisfy is_valid_prefix, or the text will not parse.
std::string example_config(std::string_view prefix = "T");

/// The policy plain `tier init` writes: [store] and [rules] with their
/// defaults, everything else as commented-out examples to fill in.
/// `prefix` must satisfy is_valid_prefix, or the text will not parse.
std::string default_config(std::string_view prefix = "T");

/// The ticket id prefix of a config ("T" when [store] has none), read on its
/// own so that reading tickets works while the rest of the config has an
/// error (which stops every change). nullopt when the text is not TOML or the
/// prefix is not valid: then parse_config says what is wrong.
std::optional<std::string> config_prefix(std::string_view text);

/// config_prefix() for shell completion, which runs at every key press: a
/// plain `prefix = "X"` line in a plain [store] table is read without
/// parsing the TOML (a millisecond less); any other form (a quoted key, a
/// multi-line string anywhere, no such line) is read by config_prefix().
/// A config that is not TOML may give a prefix here.
std::optional<std::string> config_prefix_quick(std::string_view text);

/// A ticket id prefix: 1 to 8 characters, an uppercase ASCII letter and then
/// uppercase letters or digits.
bool is_valid_prefix(std::string_view prefix);

/// Whether the text looks like an address: one '@' between a non-empty local
/// part (no spaces, no <>()[],;:"\) and a domain of letters, digits, '-' and
/// dots.
bool looks_like_email(std::string_view text);

}  // namespace tier::formats
