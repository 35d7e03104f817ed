#include "cli/output.hpp"

#include <unistd.h>

#include <algorithm>

#include <fmt/core.h>

#include "core/text.hpp"

namespace tier::cli {

Output::Output(bool json, bool quiet, bool color) : json_(json), quiet_(quiet), color_(color) {}

bool Output::stdout_is_tty() const { return isatty(STDOUT_FILENO) != 0; }

std::string Output::paint(Style style, std::string_view text) const {
  if (!color_ || style == Style::Plain) return visible(text);
  static constexpr const char* codes[] = {"0", "1", "2", "31", "32", "33", "34", "35", "36"};
  return fmt::format("\x1b[{}m{}\x1b[0m", codes[int(style)], visible(text));
}

std::string Output::safe(std::string_view text) const { return visible(text); }

void Output::styled_line(std::string_view text) const {
  if (!text.empty()) std::fwrite(text.data(), 1, text.size(), stdout);
  std::fputc('\n', stdout);
}

void Output::line(std::string_view text) const {
  if (first_control(text, true) < 0) styled_line(text);
  else styled_line(visible(text));
}

void Output::json_value(const nlohmann::json& value) const {
  line(value.dump(stdout_is_tty() ? 2 : -1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void Output::notice(std::string_view text) const {
  if (quiet_) return;
  const std::string shown = visible(text);
  std::fwrite(shown.data(), 1, shown.size(), stderr);
  std::fputc('\n', stderr);
}

void Output::warn(std::string_view text) const {
  const std::string line = "tier: warning: " + visible(text) + "\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
}

std::size_t display_width(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

void Output::table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                   const std::vector<Style>& styles, const std::vector<std::size_t>& styled) const {
  auto is_styled = [&](std::size_t c) { return std::find(styled.begin(), styled.end(), c) != styled.end(); };
  // The cells as they are shown: safe, and painted by their column's style.
  std::vector<std::vector<std::string>> shown;
  shown.reserve(rows.size());
  std::vector<std::size_t> width(header.size(), 0);
  for (std::size_t c = 0; c < header.size(); ++c) width[c] = display_width(header[c]);
  std::vector<std::vector<std::size_t>> widths;
  widths.reserve(rows.size());
  for (const auto& r : rows) {
    std::vector<std::string> cells;
    std::vector<std::size_t> w;
    cells.reserve(r.size());
    w.reserve(r.size());
    for (std::size_t c = 0; c < r.size(); ++c) {
      if (is_styled(c)) {
        cells.push_back(r[c]);
        w.push_back(display_width(strip_styles(r[c])));
      } else {
        std::string cell = visible(r[c]);
        w.push_back(display_width(cell));
        const Style st = c < styles.size() ? styles[c] : Style::Plain;
        cells.push_back(st == Style::Plain ? std::move(cell) : paint(st, cell));
      }
      if (c < width.size()) width[c] = std::max(width[c], w.back());
    }
    shown.push_back(std::move(cells));
    widths.push_back(std::move(w));
  }
  auto emit = [&](const std::vector<std::string>& cells, const std::vector<std::size_t>& w) {
    std::string out;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      out += cells[c];
      if (c + 1 < cells.size() && c < width.size()) out += std::string(width[c] - w[c] + 2, ' ');
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    styled_line(out);
  };
  std::vector<std::string> head;
  std::vector<std::size_t> head_w;
  for (const auto& h : header) {
    head.push_back(paint(Style::Bold, h));
    head_w.push_back(display_width(h));
  }
  emit(head, head_w);
  for (std::size_t i = 0; i < shown.size(); ++i) emit(shown[i], widths[i]);
}

std::string strip_styles(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\x1b' && i + 1 < text.size() && text[i + 1] == '[') {
      std::size_t j = i + 2;
      while (j < text.size() && text[j] != 'm') ++j;
      i = j;
      continue;
    }
    out += text[i];
  }
  return out;
}

}  // namespace tier::cli
