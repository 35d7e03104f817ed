#include "core/merge.hpp"

#include <algorithm>
#include <tuple>
#include <variant>

#include "core/workflow.hpp"

namespace tier {
namespace {

// An entry's fields as one comparable value, its void mark aside.
auto key(const LogEntry& e) {
  // The tuple refers to these: they outlive the call.
  static const Requester none;
  const Requester& r = e.requester ? *e.requester : none;
  static const Appointment no_appointment;
  const Appointment& a = e.appointment ? *e.appointment : no_appointment;
  static const std::vector<std::string> no_tags;
  return std::make_tuple(
      e.at.ms, std::cref(e.by), int(e.event), std::cref(e.to), e.tier, std::cref(e.assignee),
      e.visibility ? int(*e.visibility) : -1, e.pending, e.title.has_value(), e.title ? std::cref(*e.title) : std::cref(e.text),
      e.priority ? int(*e.priority) : -1, e.category.has_value(), e.category ? std::cref(*e.category) : std::cref(e.text),
      e.tags.has_value(), e.tags ? std::cref(*e.tags) : std::cref(no_tags), e.requester.has_value(), std::cref(r.name),
      std::cref(r.email), std::cref(r.organization), std::cref(e.message_id), std::cref(e.details.asset),
      std::cref(e.details.location), std::cref(e.details.symptoms), std::cref(e.details.tried),
      std::cref(e.details.connection), e.appointment.has_value(), a.at.ms, std::cref(a.place), std::cref(a.technician),
      e.score, std::cref(e.text), std::cref(e.attachments), std::cref(e.article));
}

// Of two void marks of one entry, the one both sides of a merge choose alike.
std::string void_of(const std::string& a, const std::string& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  return std::min(a, b);
}

}  // namespace

bool same_entry(const LogEntry& a, const LogEntry& b) {
  if (a.void_reason == b.void_reason) return a == b;
  LogEntry x = a, y = b;
  x.void_reason.clear();
  y.void_reason.clear();
  return x == y;
}

bool entry_before(const LogEntry& a, const LogEntry& b) { return key(a) < key(b); }

Merged merge_tickets(const Ticket& first, const Ticket& second) {
  std::size_t common = 0;
  while (common < first.log.size() && common < second.log.size() &&
         same_entry(first.log[common], second.log[common]))
    ++common;

  // Each side's new entries are in time order already (a log is), but not
  // in entry_before() order at one instant: sort both, stably, and merge.
  std::vector<LogEntry> a(first.log.begin() + std::ptrdiff_t(common), first.log.end());
  std::vector<LogEntry> b(second.log.begin() + std::ptrdiff_t(common), second.log.end());
  std::stable_sort(a.begin(), a.end(), entry_before);
  std::stable_sort(b.begin(), b.end(), entry_before);
  std::vector<LogEntry> incoming;
  incoming.reserve(a.size() + b.size());
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (j == b.size()) {
      incoming.push_back(std::move(a[i++]));
    } else if (i == a.size()) {
      incoming.push_back(std::move(b[j++]));
    } else if (same_entry(a[i], b[j])) {
      // The same entry reached both sides (a cherry-pick, a re-sync): keep it once.
      a[i].void_reason = void_of(a[i].void_reason, b[j].void_reason);
      incoming.push_back(std::move(a[i++]));
      ++j;
    } else if (entry_before(b[j], a[i])) {
      incoming.push_back(std::move(b[j++]));
    } else {
      incoming.push_back(std::move(a[i++]));
    }
  }

  Merged out;
  Ticket t;
  t.id = first.id.empty() ? second.id : first.id;
  auto append = [&](LogEntry e) {
    if (!e.is_void()) {
      auto r = effect_in_place(t, e);
      if (!r) return;
      e.void_reason = r->message;
      out.voided.push_back(e);
    }
    t.log.push_back(std::move(e));
  };
  for (std::size_t k = 0; k < common; ++k) {
    LogEntry e = first.log[k];
    e.void_reason = void_of(e.void_reason, second.log[k].void_reason);
    append(std::move(e));
  }
  for (LogEntry& e : incoming) append(std::move(e));
  out.ticket = std::move(t);
  return out;
}

}  // namespace tier
