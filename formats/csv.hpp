#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/metrics.hpp"
#include "core/ticket.hpp"

/// CSV as RFC 4180 has it: fields separated by commas, records by CRLF, a
/// field that holds a comma, a double quote, a CR or an LF written in double
/// quotes with its quotes doubled. Used by `tier export --format csv` and
/// `tier import FILE.csv`, tier-export(1), tier-import(1).
namespace tier::formats {

/// Whether a spreadsheet program would take the field for a formula: it
/// starts with '=', '+', '-', '@', a tab or a carriage return.
bool starts_formula(std::string_view field);

/// One field, quoted when RFC 4180 needs it (a comma, '"', CR or LF in it).
/// A field that starts_formula() is neutralised as spreadsheet programs
/// expect (OWASP's advice on CSV injection): a single quote before it, the
/// whole in double quotes, so that it shows as the text it is.
std::string csv_field(std::string_view field);

/// One record: the fields quoted as needed, joined by commas, ending in CRLF.
std::string csv_record(const std::vector<std::string>& fields);

/// A record read from a file, with the line it starts on (1-based).
struct CsvRecord {
  int line = 0;
  std::vector<std::string> fields;
};

/// Reads CSV text: a UTF-8 byte order mark at the start is skipped; records
/// end in CRLF or LF (a last record may lack it); quoted fields may hold
/// commas, line breaks and doubled quotes; a quote inside an unquoted field
/// is taken as it is. A line that is wholly empty is no record. Throws
/// Error(Exit::Invalid, "<path>:<line>: <what>") for a quoted field that is
/// not closed (the line where it opens) or is followed by something other
/// than a comma or the end of the record. `path` only names the file in messages.
std::vector<CsvRecord> read_csv(std::string_view text, std::string_view path);

/// The columns of `tier export --format csv`, in order (tier-export(1)):
/// id, title, status, priority, category, tier, group, assignee, owner,
/// escalations, handbacks, tags, created, updated, requester_name,
/// requester_email, organization, asset, location, symptoms, tried,
/// connection, appointment_at, appointment_place, appointment_technician, csat.
const std::vector<std::string>& export_columns();

/// A ticket's header as the fields of export_columns(): tags joined by ';',
/// times as format_time, an unset appointment or csat as empty fields.
std::vector<std::string> export_fields(const Header& h);

/// csv_record(export_fields(h)) appended to `out`, without the vector: the
/// same bytes, for an export of many tickets.
void append_export_record(std::string& out, const Header& h);

/// The columns `tier export --format csv --metrics` adds after
/// export_columns(), in order (tier-export(1)): first_response_at,
/// first_response_seconds, first_resolved_at, resolved_at,
/// resolution_seconds, reopens, first_contact, rated_at, sla_met.
const std::vector<std::string>& metrics_columns();

/// A ticket's figures as the fields of metrics_columns(): times as
/// format_time, working times in seconds (a fraction only when there is
/// one), first_contact and sla_met as 1 or 0, empty where there is nothing
/// to measure.
std::vector<std::string> metrics_fields(const Facts& facts, const TicketFigures& figures);

}  // namespace tier::formats
