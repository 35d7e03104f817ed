#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/ticket.hpp"

/// CSV as RFC 4180 has it: fields separated by commas, records by CRLF, a
/// field that holds a comma, a double quote, a CR or an LF written in double
/// quotes with its quotes doubled. Used by `tier export --format csv` and
/// `tier import FILE.csv`, tier-export(1), tier-import(1).
namespace tier::formats {

/// One field, quoted when RFC 4180 needs it (a comma, '"', CR or LF in it).
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

}  // namespace tier::formats
