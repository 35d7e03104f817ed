#include "cli/output.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>

#include <fmt/core.h>

#include "core/text.hpp"

namespace tier::cli {

Output::Output(bool json, bool quiet, bool color)
    : json_(json), quiet_(quiet), color_(color), width_(terminal_width()) {}

std::size_t terminal_width() {
  if (const char* c = std::getenv("COLUMNS"); c && *c) {
    std::size_t n = 0;
    const char* p = c;
    for (; *p >= '0' && *p <= '9' && n < 100000; ++p) n = n * 10 + std::size_t(*p - '0');
    if (!*p && n > 0) return n;
  }
  winsize ws{};
  if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 0;
}

std::string fit_width(std::string_view text, std::size_t width) {
  if (display_width(text) <= width) return std::string(text);
  if (width == 0) return {};
  // The first width - 1 code points, then the ellipsis.
  std::size_t points = 0, i = 0;
  for (; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && points++ == width - 1) break;
  }
  return std::string(text.substr(0, i)) + "\u2026";
}

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

void Output::write(std::string_view text) const {
  if (first_control(text, true) < 0) {
    std::fwrite(text.data(), 1, text.size(), stdout);
  } else {
    const std::string shown = visible(text);
    std::fwrite(shown.data(), 1, shown.size(), stdout);
  }
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
  TableWriter t(*this, header, styles, styled);
  for (const auto& r : rows) t.measure(r);
  t.print_header();
  for (const auto& r : rows) t.print(r);
}

bool Output::progress_allowed() const {
  return !json_ && !quiet_ && (isatty(STDOUT_FILENO) != 0 || isatty(STDERR_FILENO) != 0);
}

TableWriter::TableWriter(const Output& out, std::vector<std::string> header, std::vector<Style> styles,
                         std::vector<std::size_t> styled)
    : out_(out), header_(std::move(header)), styles_(std::move(styles)), styled_(std::move(styled)) {
  width_.reserve(header_.size());
  for (const auto& h : header_) width_.push_back(display_width(h));
}

bool TableWriter::is_styled(std::size_t c) const { return std::find(styled_.begin(), styled_.end(), c) != styled_.end(); }

// A cell's width as shown: safe (visible()), without the colour codes of a
// styled column.
std::size_t TableWriter::cell_width(std::size_t c, const std::string& cell) const {
  if (is_styled(c)) return display_width(strip_styles(cell));
  return first_control(cell, true) < 0 ? display_width(cell) : display_width(visible(cell));
}

void TableWriter::measure(const std::vector<std::string>& row) {
  for (std::size_t c = 0; c < row.size() && c < width_.size(); ++c)
    width_[c] = std::max(width_[c], cell_width(c, row[c]));
}

void TableWriter::print_header() const {
  std::vector<std::string> head;
  std::vector<std::size_t> head_w;
  for (const auto& h : header_) {
    head.push_back(out_.paint(Style::Bold, h));
    head_w.push_back(display_width(h));
  }
  emit(head, head_w);
}

void TableWriter::print(const std::vector<std::string>& row) const {
  // Each cell as it is shown: safe, and painted by its column's style; the
  // line built in place, for tables of many rows. The last cell is cut to
  // what is left of the width.
  std::string line;
  std::size_t used = 0;
  std::string cut;
  for (std::size_t c = 0; c < row.size(); ++c) {
    const std::string* cellp = &row[c];
    if (c + 1 == row.size() && out_.width() && !is_styled(c)) {
      const std::size_t room = out_.width() > used ? out_.width() - used : 1;
      const std::string shown = first_control(*cellp, true) < 0 ? *cellp : visible(*cellp);
      if (display_width(shown) > room) {
        cut = fit_width(shown, room);
        cellp = &cut;
      }
    }
    const std::string& cell = *cellp;
    if (c < width_.size()) used += width_[c] + 2;
    std::size_t w;
    if (is_styled(c)) {
      line += cell;
      w = display_width(strip_styles(cell));
    } else {
      const Style st = c < styles_.size() ? styles_[c] : Style::Plain;
      const bool plain = st == Style::Plain || !out_.color();
      if (first_control(cell, true) < 0) {
        w = display_width(cell);
        if (plain) line += cell;
        else line += out_.paint(st, cell);
      } else {
        const std::string shown = visible(cell);
        w = display_width(shown);
        line += plain ? shown : out_.paint(st, shown);
      }
    }
    if (c + 1 < row.size() && c < width_.size()) line.append(width_[c] - w + 2, ' ');
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  out_.styled_line(line);
}

void TableWriter::emit(const std::vector<std::string>& cells, const std::vector<std::size_t>& w) const {
  std::string line;
  std::size_t used = 0;
  for (std::size_t c = 0; c < cells.size(); ++c) {
    // The header's last cell is cut as the rows' are (its style dropped then).
    if (c + 1 == cells.size() && out_.width() && used + w[c] > out_.width())
      line += fit_width(strip_styles(cells[c]), out_.width() > used ? out_.width() - used : 1);
    else
      line += cells[c];
    if (c < width_.size()) used += width_[c] + 2;
    if (c + 1 < cells.size() && c < width_.size()) line.append(width_[c] - w[c] + 2, ' ');
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  out_.styled_line(line);
}

ProgressLine::ProgressLine(bool allowed, long delay_ms)
    : allowed_(allowed), in_place_(isatty(STDERR_FILENO) != 0), delay_ms_(delay_ms) {}

long ProgressLine::now_ms() const {
  using namespace std::chrono;
  return long(duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count());
}

void ProgressLine::update(std::string_view what, std::size_t done, std::size_t total) {
  if (!allowed_ || total == 0) return;
  const long now = now_ms();
  if (start_ < 0) start_ = now;
  // Shown only for a wait of more than a moment, and not redrawn more
  // often than the eye can follow.
  const long elapsed = now - start_;
  auto text = [&] { return fmt::format("tier: {}: {}% ({}/{})", what, done * 100 / total, done, total); };
  if (done >= total) {
    if (shown_ || elapsed >= delay_ms_) {
      const std::string line = (in_place_ ? "\r" : "") + text() + ", done\n";
      std::fwrite(line.data(), 1, line.size(), stderr);
    }
    start_ = last_ = -1;
    shown_ = false;
    return;
  }
  if (in_place_ && elapsed >= delay_ms_ && (last_ < 0 || now - last_ >= 100)) {
    const std::string line = "\r" + text();
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
    shown_ = true;
    last_ = now;
  }
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
