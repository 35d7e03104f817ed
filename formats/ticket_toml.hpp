#pragma once

#include <string>
#include <string_view>

#include "core/ticket.hpp"

/// The ticket file, tier-ticket(5): one TOML file per ticket, its header (a
/// cache of the log's replay) followed by the append-only log as [[log]]
/// tables. The man page is the contract; this summarizes it.
namespace tier::formats {

/// The canonical text of a ticket: deterministic, byte for byte. Header keys
/// in tier-ticket(5) order, each always written (csat only when set), then
/// [requester], [details] with its non-empty keys (omitted when all are
/// empty), [appointment] when set, and one [[log]] table per entry with only
/// its set keys. Strings are TOML basic strings; a log text holding a newline
/// is a multi-line basic string. Invalid UTF-8 is written as U+FFFD, so the
/// text is always well-formed TOML. Ends with exactly one newline.
/// parse_ticket(write_ticket(t)) == t for every valid ticket: strings in
/// UTF-8, connection "", "wired" or "wireless", tier 1 or more, escalations
/// and handbacks 0 or more, csat and score 1 to 5 (score 0: unset), an
/// entry's tier 0 (unset) or more, times in the years 0 to 9999.
std::string write_ticket(const Ticket& t);

/// Parses a ticket file strictly: only the keys write_ticket writes (string
/// keys may also be empty strings), each with its type. Tables and arrays may
/// be written in any TOML form. Times are offset date-times (a local
/// date-time is taken as UTC), truncated to the millisecond.
/// Throws Error(Exit::Invalid, "<path>:<line>:<col>: <what>") on a syntax
/// error, an unknown or missing key, a wrong type or an unknown value, as in
/// "tickets/7k/T-7k2m9qxa.toml:4:10: unknown status 'opne'". Of several
/// problems the first in the file is reported; a missing key only when
/// nothing else is wrong; an unsupported format before anything else.
/// `path` only names the file in messages.
/// Canonical text is read by a fast path of its own; anything else by toml++.
Ticket parse_ticket(std::string_view text, std::string_view path);

/// The header of a ticket file, as parse_ticket(text, path).header() would
/// give, without reading the log: only the text before the first line that
/// starts with "[[log]]" is parsed (the whole file when that is not enough,
/// as in a hand-edited file with a header table after the log). The log's
/// own errors are not reported; any error it does report is parse_ticket's.
/// Throws Error(Exit::Invalid, ...) as parse_ticket.
Header parse_header(std::string_view text, std::string_view path);

namespace detail {
/// parse_ticket read by toml++ alone, without the fast path for canonical
/// text; the two must agree on every input (tests compare them).
Ticket parse_ticket_toml(std::string_view text, std::string_view path);
}  // namespace detail

}  // namespace tier::formats
