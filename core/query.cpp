#include "core/query.hpp"

#include <algorithm>
#include <tuple>

namespace tier {

namespace {

template <class T, class U>
bool any_of_or_none(const std::vector<T>& wanted, const U& value) {
  return wanted.empty() || std::find(wanted.begin(), wanted.end(), value) != wanted.end();
}

}  // namespace

bool matches(const Header& h, const ListFilter& f) {
  if (!any_of_or_none(f.statuses, h.status)) return false;
  if (!any_of_or_none(f.groups, h.group)) return false;
  if (!any_of_or_none(f.assignees, h.assignee)) return false;
  if (!any_of_or_none(f.owners, h.owner)) return false;
  if (f.unassigned && !h.assignee.empty()) return false;
  if (!any_of_or_none(f.tiers, h.tier)) return false;
  if (!any_of_or_none(f.organizations, h.requester.organization)) return false;
  if (!any_of_or_none(f.categories, h.category)) return false;
  if (!any_of_or_none(f.priorities, h.priority)) return false;
  if (!f.tags.empty() && std::none_of(f.tags.begin(), f.tags.end(), [&](const std::string& t) {
        return std::find(h.tags.begin(), h.tags.end(), t) != h.tags.end();
      }))
    return false;
  return true;
}

const std::vector<std::string>& sort_fields() {
  static const std::vector<std::string> fields = {"created", "updated", "priority", "status", "tier",
                                                  "group",   "assignee", "id",      "title"};
  return fields;
}

const std::vector<std::string>& list_sort_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> k = {"left", "age"};
    for (const auto& f : sort_fields()) k.push_back(f);
    return k;
  }();
  return keys;
}

bool sort_headers(std::vector<Header>& rows, std::string field) {
  bool descending = false;
  if (!field.empty() && field[0] == '-') {
    descending = true;
    field.erase(0, 1);
  }
  const auto& fields = sort_fields();
  const auto it = std::find(fields.begin(), fields.end(), field);
  if (it == fields.end()) return false;
  const auto which = it - fields.begin();
  auto key_less = [which](const Header& a, const Header& b) -> int {
    auto cmp = [](const auto& x, const auto& y) { return x < y ? -1 : (y < x ? 1 : 0); };
    switch (which) {
      case 0: return cmp(a.created, b.created);
      case 1: return cmp(a.updated, b.updated);
      case 2: return cmp(int(b.priority), int(a.priority));  // urgent first
      case 3: return cmp(int(a.status), int(b.status));
      case 4: return cmp(a.tier, b.tier);
      case 5: return cmp(a.group, b.group);
      case 6: return cmp(a.assignee, b.assignee);
      case 7: return cmp(a.id, b.id);
      default: return cmp(a.title, b.title);
    }
  };
  std::stable_sort(rows.begin(), rows.end(), [&](const Header& a, const Header& b) {
    const int c = key_less(a, b);
    if (c != 0) return descending ? c > 0 : c < 0;
    return std::tie(a.created, a.id) < std::tie(b.created, b.id);
  });
  return true;
}

}  // namespace tier
