#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/ticket.hpp"
#include "core/view.hpp"

/// Tickets as JSON (--json, export and import, hook payloads), with the key
/// names of the ticket file, tier-ticket(5).
namespace tier::formats {

/// One log entry: only its set keys, as in the file ("tier" when not zero,
/// "pending" when true, "score" when not zero, the template fields that are
/// filled in, "void" for the void reason). Times are format_time strings.
nlohmann::json log_entry_to_json(const LogEntry& e);

/// The header: every key of the file's header, with "csat" and "appointment"
/// null when unset, "requester" an object of its three keys and "details" an
/// object of all five template keys ("" when not filled in).
nlohmann::json header_to_json(const Header& h);

/// header_to_json plus "log", an array of log_entry_to_json.
nlohmann::json ticket_to_json(const Ticket& t);

/// The text of header_to_json(h).dump() and ticket_to_json(t).dump() as
/// --json, ndjson and export write them (compact, keys in nlohmann's order,
/// invalid UTF-8 replaced by U+FFFD: dump(-1, ' ', false, replace)),
/// appended to `out` without building the JSON object. The same bytes, made
/// several times faster, for output of many tickets.
void append_header_json(std::string& out, const Header& h);
void append_ticket_json(std::string& out, const Ticket& t);
/// One string as those dumps write it.
void append_json_string(std::string& out, std::string_view s);

/// What the requester may see (core/view.hpp), as `show --as-requester
/// --json` and `export --as-requester` write it: "id", "title", "status"
/// (in the requester's words), "created", "updated", "requester" (name and
/// email) and "log" (each entry's "at", "by", "event" and "text").
nlohmann::json requester_to_json(const RequesterView& view);

/// The inverse of ticket_to_json(t): ticket_from_json(ticket_to_json(t))
/// == t. Strict as parse_ticket: unknown keys, wrong types and unknown values
/// are errors; "format", "id", "title", "status", "created", "updated" and
/// the requester's "email" are required, as are each entry's "at", "by" and
/// "event"; other keys may be left out ("log" too). Times are RFC 3339.
/// Throws Error(Exit::Invalid, "<where>: <what>"), e.g.
/// "import.json: unknown event 'clam' in log[2]".
Ticket ticket_from_json(const nlohmann::json& j, std::string_view where);

}  // namespace tier::formats
