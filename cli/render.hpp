#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/output.hpp"
#include "core/ticket.hpp"

namespace tier {
struct Policy;
}

namespace tier::cli {

/// An agent in a table: the short name from [agents] when there is one, else
/// the address (empty for nobody).
std::string agent_text(const Policy& policy, const std::string& email);
/// An agent at length (`tier show`): "Alice Adams <alice@example.edu>" when
/// the directory has a name, else the address.
std::string agent_full(const Policy& policy, const std::string& email);

/// "2026-12-04 10:00 EST": a time to the minute in a zone (for people,
/// Output::zone()), with the zone's abbreviation.
std::string short_time(Time t, const Zone& zone);
/// "512 bytes", "4.2 KiB", "31 MiB".
std::string human_size(std::uint64_t bytes);

/// The readable view of `tier show`: the ticket at a glance, then its history.
void print_ticket(const Output& out, const Ticket& t, Time now, const Policy& policy);
/// What the requester may see (requester_view()): public entries only, no internal detail.
void print_ticket_for_requester(const Output& out, const Ticket& t);

/// The history, one entry a paragraph, private notes marked.
void print_log(const Output& out, const Ticket& t, bool include_private = true);

/// Where the rows of a listing come from: a call gives each row, in order,
/// in a Header the callee may not keep. It may be called more than once (a
/// table measures its rows, then prints them), and gives the same rows.
using HeaderRows = std::function<void(const std::function<void(const Header&)>&)>;

/// Rows of `tier list` and `tier queue` in a format: table, json, ndjson,
/// csv, ids; each row written as it comes, none held.
/// Agents in a table as agent_text() shows them.
void print_headers(const Output& out, const HeaderRows& rows, const std::string& format, Time now,
                   const Policy& policy);

}  // namespace tier::cli
