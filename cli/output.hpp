#pragma once

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

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
  bool stdout_is_tty() const;

  /// Text made safe for the terminal (visible()), wrapped in the style's
  /// escape codes when colour is on.
  std::string paint(Style style, std::string_view text) const;
  /// Text made safe for the terminal: control characters shown, never sent.
  std::string safe(std::string_view text) const;
  /// A line of data on stdout, made safe: every control character but tab
  /// is shown (visible()), never sent to the terminal as it is.
  void line(std::string_view text = {}) const;
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
  /// is not. Cells are made safe, but in the `styled` columns, which hold
  /// paint() and safe() pieces (no column style applies there).
  void table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
             const std::vector<Style>& styles = {}, const std::vector<std::size_t>& styled = {}) const;

 private:
  bool json_;
  bool quiet_;
  bool color_;
};

/// The display width of UTF-8 text (code points, not bytes).
std::size_t display_width(std::string_view text);
/// Text without the colour codes paint() adds.
std::string strip_styles(std::string_view text);

}  // namespace tier::cli
