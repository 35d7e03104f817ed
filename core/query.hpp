#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/ticket.hpp"

namespace tier {

/// The filters of `tier list` and `tier queue`: a ticket matches when it
/// matches every member; a list matches any of its values; an empty member
/// matches all.
struct ListFilter {
  std::vector<Status> statuses;
  std::vector<std::string> groups;
  std::vector<std::string> assignees;
  std::vector<std::string> owners;
  bool unassigned = false;
  std::vector<int> tiers;
  std::vector<std::string> organizations;
  std::vector<std::string> categories;
  std::vector<Priority> priorities;
  std::vector<std::string> tags;  ///< has any of these tags
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
