#pragma once

#include <vector>

#include "core/ticket.hpp"

namespace tier {

/// The result of merging two versions of one ticket.
struct Merged {
  Ticket ticket;                 ///< the merged log and the header it replays to
  std::vector<LogEntry> voided;  ///< entries that no longer apply, now marked void
};

/// Whether two log entries are the same entry, a void mark set by a merge aside.
bool same_entry(const LogEntry& a, const LogEntry& b);

/// The order of entries made at the same instant on two sides: a total
/// order on everything an entry holds but its void mark, so that a merge
/// does not depend on which side is which.
bool entry_before(const LogEntry& a, const LogEntry& b);

/// Merges two versions of a ticket that both grew from a common history: the
/// merged log is the entries they share plus both sides' new entries in time
/// order (entry_before() at the same instant; an entry both sides have, once),
/// replayed with the effect layer; an entry that no longer applies (a claim
/// after someone else's claim) stays in the log with `void` set to the
/// reason. Nothing anyone wrote is lost. The result is the same whichever
/// side comes first: merge_tickets(a, b).ticket == merge_tickets(b, a).ticket,
/// so every clone, the merge driver and the server's check agree on it.
Merged merge_tickets(const Ticket& first, const Ticket& second);

}  // namespace tier
