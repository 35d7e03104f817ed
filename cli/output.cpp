#include "cli/output.hpp"

#include <unistd.h>

#include <fmt/core.h>

namespace tier::cli {

Output::Output(bool json, bool quiet, bool color) : json_(json), quiet_(quiet), color_(color) {}

bool Output::stdout_is_tty() const { return isatty(STDOUT_FILENO) != 0; }

std::string Output::paint(Style style, std::string_view text) const {
  if (!color_ || style == Style::Plain) return std::string(text);
  static constexpr const char* codes[] = {"0", "1", "2", "31", "32", "33", "34", "35", "36"};
  return fmt::format("\x1b[{}m{}\x1b[0m", codes[int(style)], text);
}

void Output::line(std::string_view text) const {
  if (!text.empty()) std::fwrite(text.data(), 1, text.size(), stdout);
  std::fputc('\n', stdout);
}

void Output::json_value(const nlohmann::json& value) const {
  line(value.dump(stdout_is_tty() ? 2 : -1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void Output::notice(std::string_view text) const {
  if (quiet_) return;
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fputc('\n', stderr);
}

void Output::warn(std::string_view text) const {
  const std::string line = "tier: warning: " + std::string(text) + "\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
}

std::size_t display_width(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

void Output::table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                   const std::vector<Style>& styles) const {
  std::vector<std::size_t> width(header.size(), 0);
  for (std::size_t c = 0; c < header.size(); ++c) width[c] = display_width(header[c]);
  for (const auto& r : rows)
    for (std::size_t c = 0; c < r.size() && c < width.size(); ++c) width[c] = std::max(width[c], display_width(r[c]));
  auto emit = [&](const std::vector<std::string>& r, bool head) {
    std::string out;
    for (std::size_t c = 0; c < r.size(); ++c) {
      std::string cell = r[c];
      const bool last = c + 1 == r.size();
      std::string pad = last ? "" : std::string(width[c] - display_width(cell) + 2, ' ');
      Style st = head ? Style::Bold : (c < styles.size() ? styles[c] : Style::Plain);
      out += paint(st, cell) + pad;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    line(out);
  };
  emit(header, true);
  for (const auto& r : rows) emit(r, false);
}

}  // namespace tier::cli
