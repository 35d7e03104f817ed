#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/output.hpp"
#include "core/store/store.hpp"
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
/// in a ListRow the callee may not keep. It may be called more than once (a
/// table measures its rows, then prints them), and gives the same rows.
using HeaderRows = std::function<void(const std::function<void(const store::ListRow&)>&)>;

/// The columns of a listing's table: `tier list`'s (ID STATUS PRI ORG AGE
/// LEFT ASSIGNEE TITLE) or `tier queue`'s (ID PRI ORG AGE LEFT TITLE).
enum class Layout { List, Queue };

/// Rows of `tier list` and `tier queue` in a format: table, json, ndjson,
/// csv, ids; each row written as it comes, none held. The table's title
/// column is cut to the terminal's width (table_width()). Agents in a table
/// as agent_text() shows them.
void print_headers(const Output& out, const HeaderRows& rows, const std::string& format, Time now,
                   const Policy& policy, Layout layout = Layout::List);

/// A duration in a table cell: its two largest units, no space ("3d",
/// "3d4h", "4h12m", "12m"), seconds left out; a negative one with a leading
/// '-' and never shown as zero ("-1m" for half a minute late).
std::string compact_duration(std::int64_t ms);

/// The time left of a listing's row as JSON rows and CSV give it: whole
/// seconds (a part of a second late counts as a second late).
std::int64_t sla_left_seconds(std::int64_t ms);

}  // namespace tier::cli
