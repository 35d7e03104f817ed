#include "core/merge.hpp"

#include <algorithm>
#include <variant>

#include "core/workflow.hpp"

namespace tier {
bool same_entry(const LogEntry& a, const LogEntry& b) {
  if (a.void_reason == b.void_reason) return a == b;
  LogEntry x = a, y = b;
  x.void_reason.clear();
  y.void_reason.clear();
  return x == y;
}

Merged merge_tickets(const Ticket& first, const Ticket& second) {
  std::size_t common = 0;
  while (common < first.log.size() && common < second.log.size() &&
         same_entry(first.log[common], second.log[common]))
    ++common;

  std::vector<LogEntry> incoming;
  incoming.reserve(first.log.size() + second.log.size() - 2 * common);
  std::size_t i = common, j = common;
  while (i < first.log.size() || j < second.log.size()) {
    if (j >= second.log.size() || (i < first.log.size() && !(second.log[j].at < first.log[i].at))) {
      incoming.push_back(first.log[i++]);
    } else {
      const LogEntry& e = second.log[j++];
      // The same entry reached both sides (a cherry-pick, a re-sync): keep it once.
      const bool duplicate = std::any_of(first.log.begin() + std::ptrdiff_t(common), first.log.end(),
                                         [&](const LogEntry& f) { return same_entry(f, e); });
      if (!duplicate) incoming.push_back(e);
    }
  }

  Merged out;
  Ticket t;
  t.id = first.id.empty() ? second.id : first.id;
  auto append = [&](LogEntry e) {
    if (!e.is_void()) {
      Outcome o = effect(t, e);
      if (auto* r = std::get_if<Refusal>(&o)) {
        e.void_reason = r->message;
        out.voided.push_back(e);
      } else {
        t = std::move(std::get<Ticket>(o));
        return;
      }
    }
    t.log.push_back(std::move(e));
  };
  for (std::size_t k = 0; k < common; ++k) {
    LogEntry e = first.log[k];
    if (e.void_reason.empty()) e.void_reason = second.log[k].void_reason;
    append(std::move(e));
  }
  for (LogEntry& e : incoming) append(std::move(e));
  out.ticket = std::move(t);
  return out;
}

}  // namespace tier
