#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "core/workflow.hpp"

/// The mapping file of `tier import FILE.csv --map MAP.toml`: which column of
/// another help desk's CSV export fills which field of a new ticket, and how
/// its values translate. tier-import(1) is the contract; this summarizes it:
///
///   [columns]              field = "Column name in the CSV's header row"
///   title = "Subject"      required, as is email
///   [values.priority]      for a field: "value in the CSV" = "value for tier"
///   "P1" = "urgent"
namespace tier::formats {

/// The fields a column can fill, in tier-import(1) order.
const std::vector<std::string_view>& import_fields();

/// A mapping file, read and checked on its own.
struct ImportMap {
  struct Column {
    std::string field;   ///< one of import_fields()
    std::string column;  ///< the column's name in the header row
    std::uint32_t line = 0, col = 0;  ///< where the name is written
  };
  std::vector<Column> columns;  ///< in file order
  /// field -> value in the CSV -> value for tier.
  std::map<std::string, std::map<std::string, std::string>> values;
  std::string path;  ///< the mapping file, for messages
};

/// Parses a mapping file. Throws Error(Exit::Invalid, "<path>:<line>:<col>:
/// <what>") for the first problem in the file: a TOML syntax error, an
/// unknown table or key (a field not in import_fields()), a column name that
/// is not a string or is empty, a second field mapped to the same column, a
/// [values.FIELD] for a field that has no column, a value that is not a
/// string; "missing key 'title' in [columns]" (or 'email') at [columns], or
/// "<path>:1:1: missing table [columns]".
ImportMap parse_import_map(std::string_view text, std::string_view path);

/// A mapping bound to a CSV's header row: the index of each field's column.
struct BoundMap {
  std::vector<std::pair<std::string, std::size_t>> fields;
  std::map<std::string, std::map<std::string, std::string>> values;
};

/// Finds each mapped column in the header row (names compared exactly, after
/// trimming spaces and tabs from both). Throws Error(Exit::Invalid,
/// "<map path>:<line>:<col>: no column 'X' in the header of '<csv path>'")
/// for the first one missing in the mapping file, or "... column 'X' is in the
/// header of '<csv path>' twice".
BoundMap bind_import_map(const ImportMap& map, const std::vector<std::string>& header,
                         std::string_view csv_path);

/// One record turned into a request for a new ticket.
struct MappedRow {
  CreateRequest request;
  std::optional<Time> created;  ///< the "created" column, when mapped and not empty
  std::string problem;          ///< not empty: a value is not valid (rule valid-values)
};

/// Maps one record's fields (as many as the header's). Each value is trimmed
/// of spaces and tabs at both ends, its CRLF line breaks made LF, then translated by [values.FIELD] when it
/// is listed there. priority and connection are taken in any case; tags are
/// split at ';'; created is RFC 3339, a bare date, or "YYYY-MM-DD HH:MM[:SS]"
/// taken as UTC. An unknown priority or connection, or a created that is not
/// a date, sets `problem`.
MappedRow map_row(const BoundMap& map, const std::vector<std::string>& fields);

/// parse_time, and also "YYYY-MM-DD HH:MM" and "YYYY-MM-DD HH:MM:SS" as UTC.
std::optional<Time> parse_import_time(std::string_view text);

}  // namespace tier::formats
