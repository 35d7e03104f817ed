#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/ticket.hpp"

namespace tier {

/// The filters of `tier list` and `tier queue`; an empty member matches all.
struct ListFilter {
  std::vector<Status> statuses;
  std::string group;
  std::vector<std::string> groups;  ///< in any of these groups
  std::string assignee;
  std::string owner;
  bool unassigned = false;
  std::optional<int> tier;
  std::string organization;
  std::string category;
  std::optional<Priority> priority;
  std::string tag;
};

bool matches(const Header& h, const ListFilter& f);

/// The fields `--sort` accepts; a leading '-' sorts descending.
const std::vector<std::string>& sort_fields();
/// The keys list and queue sort by: sort_fields(), "age" (the same order as
/// "created": the oldest first) and "left" (the service-level time left,
/// core/metrics.hpp sla_left(): the least first, tickets without a clock
/// last, ties by creation, then id); a leading '-' reverses the key.
const std::vector<std::string>& list_sort_keys();
/// Sorts by a field of sort_fields() (ties by creation, then id). False when
/// the field is unknown.
bool sort_headers(std::vector<Header>& rows, std::string field);

}  // namespace tier
