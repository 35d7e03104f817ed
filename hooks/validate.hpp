#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/store/store.hpp"

namespace tier::hooks {

/// Checks one ticket file's text as `tier check` and the hooks do: it parses,
/// its id belongs at its path, its log replays, in time order, to exactly its
/// header. Each problem carries the file and the line.
std::vector<store::Problem> check_ticket_text(const std::string& path, std::string_view text);

/// Checks the config's text: it parses and validates.
std::vector<store::Problem> check_config_text(const std::string& path, std::string_view text);

/// Splits "path:line:col: what" (the formats' messages) into a Problem.
store::Problem problem_from_message(const std::string& path, const std::string& message);

}  // namespace tier::hooks
