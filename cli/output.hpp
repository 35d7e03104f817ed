#pragma once

#include <cstdio>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/zone.hpp"

namespace tier::cli {

enum class Style { Plain, Bold, Dim, Red, Green, Yellow, Blue, Magenta, Cyan };

/// Where a command's results and notices go. Data goes to stdout, notices to
/// stderr; the choice between a table, colour and JSON is made once.
class Output {
 public:
  Output(bool json, bool quiet, bool color);

  bool json() const { return json_; }
  bool quiet() const { return quiet_; }
  bool color() const { return color_; }
  /// The width tables fit in (terminal_width()), 0 for no limit.
  std::size_t width() const { return width_; }
  bool stdout_is_tty() const;
  /// The zone times are shown in (short_time()): the one set_zone() gives,
  /// asked for on first use; else UTC.
  const Zone& zone() const { return zone_ ? zone_() : Zone::utc(); }
  void set_zone(std::function<const Zone&()> zone) { zone_ = std::move(zone); }

  /// Text made safe for the terminal (visible()), wrapped in the style's
  /// escape codes when colour is on.
  std::string paint(Style style, std::string_view text) const;
  /// Text made safe for the terminal: control characters shown, never sent.
  std::string safe(std::string_view text) const;
  /// A line of data on stdout, made safe: every control character but tab
  /// is shown (visible()), never sent to the terminal as it is.
  void line(std::string_view text = {}) const;
  /// Data on stdout made safe like line(), without the newline: a piece of
  /// a line written in parts.
  void write(std::string_view text) const;
  /// A line built only of paint() and safe() pieces and tier's own words,
  /// written as it is (its colour codes are tier's).
  void styled_line(std::string_view text) const;
  /// Data as JSON on stdout, pretty when stdout is a terminal.
  void json_value(const nlohmann::json& value) const;
  /// A notice on stderr, unless --quiet; made safe like line().
  void notice(std::string_view text) const;
  /// A warning on stderr, shown even with --quiet: something a script must
  /// know; made safe like line().
  void warn(std::string_view text) const;
  /// A table: a header row (bold) and rows, columns padded; the last column
  /// is not, and is cut to fit width() with "…" (a row never wraps). Cells are made safe, but in the `styled` columns, which hold
  /// paint() and safe() pieces (no column style applies there).
  void table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
             const std::vector<Style>& styles = {}, const std::vector<std::size_t>& styled = {}) const;

  /// Whether a progress line may be shown: stdout or stderr is a terminal,
  /// and neither --json nor --quiet is given.
  bool progress_allowed() const;

 private:
  bool json_;
  bool quiet_;
  bool color_;
  std::function<const Zone&()> zone_;
  std::size_t width_;
};

/// The width of the output in columns: COLUMNS when it is a positive
/// number, else the terminal's when stdout is one, else 0 (no limit).
std::size_t terminal_width();

/// Text cut to `width` code points, its last one "…" when it is cut.
std::string fit_width(std::string_view text, std::size_t width);

/// Output::table() a row at a time, for rows that are not held: every row
/// is measured first, then the header and the rows are printed in a second
/// pass over the same rows. The same text as table().
class TableWriter {
 public:
  TableWriter(const Output& out, std::vector<std::string> header, std::vector<Style> styles = {},
              std::vector<std::size_t> styled = {});
  /// The first pass: a row's cells widen their columns.
  void measure(const std::vector<std::string>& row);
  /// The second pass: the header row, then each row.
  void print_header() const;
  void print(const std::vector<std::string>& row) const;

 private:
  bool is_styled(std::size_t column) const;
  std::size_t cell_width(std::size_t column, const std::string& cell) const;
  void emit(const std::vector<std::string>& cells, const std::vector<std::size_t>& widths) const;
  const Output& out_;
  std::vector<std::string> header_;
  std::vector<Style> styles_;
  std::vector<std::size_t> styled_;
  std::vector<std::size_t> width_;
};

/// A progress line on stderr for a long wait (Output::progress_allowed()),
/// shown once `delay_ms` have passed: redrawn in place at most ten times a
/// second when stderr is a terminal; when only stdout is, one line at the
/// end. "tier: <what>: 45% (45000/100000)", then ", done".
class ProgressLine {
 public:
  ProgressLine(bool allowed, long delay_ms);
  void update(std::string_view what, std::size_t done, std::size_t total);

 private:
  long now_ms() const;
  bool allowed_;
  bool in_place_;
  long delay_ms_;
  long start_ = -1, last_ = -1;
  bool shown_ = false;
};

/// The display width of UTF-8 text (code points, not bytes).
std::size_t display_width(std::string_view text);
/// Text without the colour codes paint() adds.
std::string strip_styles(std::string_view text);

}  // namespace tier::cli
