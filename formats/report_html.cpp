#include "formats/report_html.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include "core/text.hpp"
#include "core/time.hpp"

namespace tier::formats {
namespace {

using nlohmann::json;

// The series' colours, told apart in print and by most colour-blind readers
// (Okabe and Ito's palette).
constexpr const char* colours[] = {"#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#000000"};

std::string escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// A key or name from the tickets or the config as a label: one line, no
// control character, at most `most` code points (an ellipsis for the rest).
std::string label_of(std::string_view text, std::size_t most = 200) {
  std::string out = clean_line(text);
  if (code_points(out) <= most) return out;
  std::size_t cut = 0;
  for (std::size_t n = 0; cut < out.size(); ++cut)
    if ((static_cast<unsigned char>(out[cut]) & 0xC0) != 0x80 && n++ == most - 1) break;
  // `cut` is at the start of the last code point kept: keep it whole.
  std::size_t end = cut + 1;
  while (end < out.size() && (static_cast<unsigned char>(out[end]) & 0xC0) == 0x80) ++end;
  out.resize(end);
  return out + "\u2026";
}

// JSON in ASCII: every other character as an escape, so that the page
// carries no byte of a name but through label_of() (nor a C1 control to a
// terminal, written to standard output).
std::string ascii_json(const json& v) { return v.dump(-1, ' ', true, json::error_handler_t::replace); }

std::string num(double v, int places = 1) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", places, v);
  return buf;
}

const json& at(const json& o, std::string_view key) {
  static const json null;
  if (!o.is_object()) return null;
  const auto it = o.find(std::string(key));
  return it == o.end() ? null : *it;
}

std::optional<double> value_of(const json& v) {
  if (!v.is_number()) return std::nullopt;
  return v.get<double>();
}

// How a figure is shown in a table cell.
enum class Shown { Count, Share, Duration, Score };

std::string shown(const json& v, Shown how) {
  const auto d = value_of(v);
  if (!d) return "\u2013";
  switch (how) {
    case Shown::Count: return std::to_string(std::llround(*d));
    case Shown::Share: return std::to_string(std::llround(*d * 100)) + "%";
    case Shown::Duration: return format_duration(std::llround(*d));
    case Shown::Score: return num(*d, 1);
  }
  return {};
}

// A table cell with its JSON value, for a script to check.
std::string cell(const json& v, Shown how) {
  return "<td data-value=\"" + escape(v.dump()) + "\">" + escape(shown(v, how)) + "</td>";
}

struct Column {
  std::string heading;
  std::string key;  // of the row object; "escalation_rate.N" for a tier's
  Shown how;
};

const json& field(const json& row, const std::string& key) {
  if (key.rfind("escalation_rate.", 0) == 0) return at(at(row, "escalation_rate"), key.substr(16));
  return at(row, key);
}

// A table of rows, keyed by their first column.
std::string table(const std::string& caption, const std::string& key_heading, const std::vector<json>& rows,
                  const std::vector<Column>& columns, const json& names = json()) {
  std::string out = "<table>\n<caption>" + escape(caption) + "</caption>\n<thead><tr><th scope=\"col\">" +
                    escape(key_heading) + "</th>";
  for (const Column& c : columns) out += "<th scope=\"col\" data-key=\"" + escape(c.key) + "\">" + escape(c.heading) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (const json& row : rows) {
    const json& key = at(row, "key");
    std::string label = key.is_string() ? label_of(key.get<std::string>()) : "(none)";
    if (key.is_string() && at(names, key.get<std::string>()).is_string())
      label = label_of(at(names, key.get<std::string>()).get<std::string>()) + " (" + label + ")";
    out += "<tr data-key=\"" + escape(ascii_json(key)) +
           "\"><th scope=\"row\">" + escape(label) + "</th>";
    for (const Column& c : columns) out += cell(field(row, c.key), c.how);
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n";
  return out;
}

// The plot's frame: a 640 by 240 view box, the plot area inside the margins.
constexpr double width = 640, height = 240, left = 52, right = 12, top = 14, bottom = 36;
constexpr double plot_w = width - left - right, plot_h = height - top - bottom;

double nice_ceiling(double v) {
  if (v <= 0) return 1;
  const double scale = std::pow(10.0, std::floor(std::log10(v)));
  const double f = v / scale;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * scale;
}

struct Series {
  std::string name;
  std::vector<std::optional<double>> values;
};

enum class Scale { Count, Share, Score };

std::string tick_label(double v, Scale scale) {
  if (scale == Scale::Share) return std::to_string(std::llround(v * 100)) + "%";
  if (std::trunc(v) == v) return std::to_string(std::llround(v));
  return num(v, 1);
}

std::string shown_value(double v, Scale scale) {
  if (scale == Scale::Share) return std::to_string(std::llround(v * 100)) + "%";
  if (scale == Scale::Score) return num(v, 1);
  return std::to_string(std::llround(v));
}

// The axes, the grid and the labels of the weeks.
std::string frame(const std::vector<std::string>& labels, double top_value, Scale scale) {
  std::string out;
  for (int i = 0; i <= 4; ++i) {
    const double v = top_value * i / 4;
    const double y = top + plot_h - plot_h * i / 4;
    out += "<line class=\"grid\" x1=\"" + num(left) + "\" y1=\"" + num(y) + "\" x2=\"" + num(width - right) +
           "\" y2=\"" + num(y) + "\"/>";
    out += "<text class=\"tick\" x=\"" + num(left - 6) + "\" y=\"" + num(y + 4) + "\" text-anchor=\"end\">" +
           escape(tick_label(v, scale)) + "</text>";
  }
  const std::size_t n = labels.size();
  const std::size_t every = std::max<std::size_t>(1, (n + 9) / 10);
  const double band = n ? plot_w / double(n) : plot_w;
  for (std::size_t i = 0; i < n; i += every) {
    const double x = left + band * (double(i) + 0.5);
    out += "<text class=\"tick\" x=\"" + num(x) + "\" y=\"" + num(height - bottom + 16) + "\" text-anchor=\"middle\">" +
           escape(labels[i]) + "</text>";
  }
  out += "<line class=\"axis\" x1=\"" + num(left) + "\" y1=\"" + num(top + plot_h) + "\" x2=\"" + num(width - right) +
         "\" y2=\"" + num(top + plot_h) + "\"/>";
  return out;
}

std::string svg_open(const std::string& label, double h = height) {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + num(width, 0) + " " + num(h, 0) +
         "\" role=\"img\" aria-label=\"" + escape(label) + "\"><title>" + escape(label) + "</title>";
}

double top_of(const std::vector<Series>& series, Scale scale) {
  if (scale == Scale::Share) return 1;
  if (scale == Scale::Score) return 5;
  double most = 0;
  for (const Series& s : series)
    for (const auto& v : s.values)
      if (v) most = std::max(most, *v);
  return nice_ceiling(most);
}

std::string bar_chart(const std::string& label, const std::vector<std::string>& keys, const std::vector<Series>& series,
                      Scale scale) {
  const double top_value = top_of(series, scale);
  std::string out = svg_open(label) + frame(keys, top_value, scale);
  const std::size_t n = keys.size(), k = series.size();
  const double band = n ? plot_w / double(n) : plot_w;
  const double bar = band * 0.8 / double(std::max<std::size_t>(k, 1));
  for (std::size_t s = 0; s < k; ++s) {
    out += "<g fill=\"" + std::string(colours[s % 7]) + "\">";
    for (std::size_t i = 0; i < n; ++i) {
      const auto v = series[s].values[i];
      if (!v) continue;
      const double h = plot_h * std::min(*v / top_value, 1.0);
      const double x = left + band * double(i) + band * 0.1 + bar * double(s);
      out += "<rect x=\"" + num(x, 2) + "\" y=\"" + num(top + plot_h - h, 2) + "\" width=\"" + num(bar, 2) +
             "\" height=\"" + num(h, 2) + "\"><title>" + escape(keys[i] + ", " + series[s].name + ": " +
                                                                  shown_value(*v, scale)) +
             "</title></rect>";
    }
    out += "</g>";
  }
  return out + "</svg>\n";
}

std::string line_chart(const std::string& label, const std::vector<std::string>& keys,
                       const std::vector<Series>& series, Scale scale) {
  const double top_value = top_of(series, scale);
  std::string out = svg_open(label) + frame(keys, top_value, scale);
  const std::size_t n = keys.size();
  const double band = n ? plot_w / double(n) : plot_w;
  for (std::size_t s = 0; s < series.size(); ++s) {
    const std::string colour = colours[s % 7];
    std::string path, dots;
    bool pen_down = false;
    for (std::size_t i = 0; i < n; ++i) {
      const auto v = series[s].values[i];
      if (!v) {
        pen_down = false;  // nothing to measure that week: a gap, not a zero
        continue;
      }
      const double x = left + band * (double(i) + 0.5);
      const double y = top + plot_h - plot_h * std::min(*v / top_value, 1.0);
      path += (pen_down ? " L" : " M") + num(x, 2) + " " + num(y, 2);
      pen_down = true;
      dots += "<circle cx=\"" + num(x, 2) + "\" cy=\"" + num(y, 2) + "\" r=\"3\"><title>" +
              escape(keys[i] + ", " + series[s].name + ": " + shown_value(*v, scale)) + "</title></circle>";
    }
    if (!path.empty())
      out += "<path fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"2\" d=\"" + path.substr(1) + "\"/>";
    out += "<g fill=\"" + colour + "\">" + dots + "</g>";
  }
  return out + "</svg>\n";
}

// Horizontal bars, one per row, for the top categories and organizations.
std::string ranking_chart(const std::string& label, const std::vector<std::string>& names,
                          const std::vector<double>& values) {
  const double row = 24, h = std::max(1.0, double(names.size())) * row + 12;
  const double name_w = 170, bar_w = width - name_w - 60;
  double most = 0;
  for (double v : values) most = std::max(most, v);
  std::string out = svg_open(label, h);
  for (std::size_t i = 0; i < names.size(); ++i) {
    const double y = 6 + row * double(i);
    const std::string name = label_of(names[i], 24);
    const double w = most > 0 ? bar_w * values[i] / most : 0;
    out += "<text class=\"tick\" x=\"" + num(name_w - 8) + "\" y=\"" + num(y + 15) + "\" text-anchor=\"end\">" +
           escape(name) + "</text>";
    out += "<rect fill=\"" + std::string(colours[0]) + "\" x=\"" + num(name_w) + "\" y=\"" + num(y + 3) +
           "\" width=\"" + num(w, 2) + "\" height=\"" + num(row - 8) + "\"><title>" +
           escape(names[i] + ": " + shown_value(values[i], Scale::Count)) + "</title></rect>";
    out += "<text class=\"tick\" x=\"" + num(name_w + w + 6, 2) + "\" y=\"" + num(y + 15) + "\">" +
           escape(shown_value(values[i], Scale::Count)) + "</text>";
  }
  return out + "</svg>\n";
}

std::string legend(const std::vector<Series>& series) {
  std::string out = "<ul class=\"legend\">";
  for (std::size_t s = 0; s < series.size(); ++s)
    out += "<li><span class=\"swatch\" style=\"background:" + std::string(colours[s % 7]) + "\"></span>" +
           escape(series[s].name) + "</li>";
  return out + "</ul>\n";
}

std::string figure(const std::string& id, const std::string& heading, const std::string& note,
                   const std::string& svg, const std::string& legend_html, const std::string& table_html) {
  return "<section class=\"chart\" id=\"" + id + "\">\n<h2>" + escape(heading) + "</h2>\n" +
         (note.empty() ? "" : "<p class=\"note\">" + escape(note) + "</p>\n") + "<div class=\"pair\">\n<figure>" + svg +
         legend_html + "</figure>\n<div class=\"numbers\">\n" + table_html + "</div>\n</div>\n</section>\n";
}

std::vector<std::optional<double>> column(const std::vector<json>& rows, const std::string& key) {
  std::vector<std::optional<double>> out;
  for (const json& r : rows) out.push_back(value_of(field(r, key)));
  return out;
}

std::string date_of(const json& v) {
  if (!v.is_string()) return {};
  return v.get<std::string>().substr(0, 10);
}

constexpr std::string_view style = R"(
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1a1a1a; background: #fff; line-height: 1.4; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.15rem; margin: 0 0 0.3rem; }
.period, .note { color: #555; margin-top: 0; }
section.chart, section.summary { border-top: 1px solid #ddd; padding: 1rem 0; }
.pair { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
figure { flex: 3 1 26rem; margin: 0; }
figure svg { width: 100%; height: auto; display: block; }
.numbers { flex: 2 1 18rem; max-height: 24rem; overflow: auto; }
table { border-collapse: collapse; font-size: 0.85rem; font-variant-numeric: tabular-nums; width: 100%; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.3rem; }
th, td { padding: 0.15rem 0.5rem; border-bottom: 1px solid #eee; }
td { text-align: right; }
th { text-align: left; font-weight: 600; }
thead th { border-bottom: 1px solid #999; }
.grid { stroke: #e4e4e4; stroke-width: 1; }
.axis { stroke: #777; stroke-width: 1; }
.tick { font-size: 11px; fill: #444; }
.legend { list-style: none; padding: 0; margin: 0.4rem 0 0; display: flex; flex-wrap: wrap; gap: 1rem; font-size: 0.85rem; }
.swatch { display: inline-block; width: 0.8rem; height: 0.8rem; margin-right: 0.35rem; vertical-align: -0.1rem; }
.summary table { width: auto; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section.chart, section.summary { break-inside: avoid; page-break-inside: avoid; }
  .numbers { max-height: none; overflow: visible; }
  .pair { flex-wrap: nowrap; }
}
)";

}  // namespace

std::string report_html(const json& figures) {
  const json& totals = at(figures, "totals");
  std::vector<json> weeks, categories, organizations;
  for (const json& r : at(figures, "weeks")) weeks.push_back(r);
  for (const json& r : at(figures, "categories")) categories.push_back(r);
  for (const json& r : at(figures, "organizations")) organizations.push_back(r);
  const json& names = at(figures, "organization_names");
  const std::string title = at(figures, "title").is_string() ? at(figures, "title").get<std::string>() : "Help desk report";

  std::vector<std::string> labels;
  for (const json& w : weeks) labels.push_back(date_of(at(w, "key")).substr(5));  // "11-02"

  std::string page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                     "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
                     "<title>" + escape(title) + "</title>\n<style>" + std::string(style) + "</style>\n</head>\n<body>\n";
  const std::string since = date_of(at(figures, "since")), until = date_of(at(figures, "until"));
  page += "<header>\n<h1>" + escape(title) + "</h1>\n<p class=\"period\">" +
          escape((since.empty() ? "From the first ticket" : "From " + since) + " to " +
                 (until.empty() ? "now" : until) + " (weeks from Monday, UTC); made " +
                 date_of(at(figures, "generated")) + " by tier report.") +
          "</p>\n</header>\n";

  // The period at a glance: every figure of `tier stats`.
  page += "<section class=\"summary\" id=\"totals\">\n<h2>The period at a glance</h2>\n<table>\n"
          "<caption>Every figure of tier stats for the period</caption>\n<tbody>\n";
  const std::vector<Column> summary = {
      {"Tickets created", "created", Shown::Count},
      {"Tickets resolved", "resolved", Shown::Count},
      {"Tickets handled", "handled", Shown::Count},
      {"Backlog at the end", "backlog", Shown::Count},
      {"First-contact resolution", "first_contact_resolution", Shown::Share},
      {"First response, mean", "first_response_mean", Shown::Duration},
      {"First response, median", "first_response_median", Shown::Duration},
      {"Resolution, mean", "resolution_mean", Shown::Duration},
      {"Resolution, median", "resolution_median", Shown::Duration},
      {"SLA compliance", "sla_compliance", Shown::Share},
      {"Reopen rate", "reopen_rate", Shown::Share},
      {"Escalated twice or more", "escalated_twice", Shown::Count},
      {"Hand-backs per ticket", "handbacks_per_ticket", Shown::Score},
      {"Satisfaction (CSAT), mean", "csat_mean", Shown::Score},
      {"Ratings", "csat_count", Shown::Count},
      {"Resolved by an article", "resolved_by_article", Shown::Count},
  };
  for (const Column& c : summary)
    page += "<tr data-key=\"" + escape(c.key) + "\"><th scope=\"row\">" + escape(c.heading) + "</th>" +
            cell(at(totals, c.key), c.how) + "</tr>\n";
  for (const auto& [tier, rate] : at(totals, "escalation_rate").items())
    page += "<tr data-key=\"escalation_rate." + escape(tier) + "\"><th scope=\"row\">Escalation rate, tier " +
            escape(tier) + "</th>" + cell(rate, Shown::Share) + "</tr>\n";
  page += "</tbody>\n</table>\n</section>\n";

  {
    const std::vector<Series> s = {{"Opened", column(weeks, "created")}, {"Resolved", column(weeks, "resolved")}};
    page += figure("volume", "Tickets opened and resolved per week", "",
                   bar_chart("Tickets opened and resolved per week", labels, s, Scale::Count), legend(s),
                   table("Opened and resolved", "Week of", weeks,
                         {{"Opened", "created", Shown::Count}, {"Resolved", "resolved", Shown::Count}}));
  }
  {
    const std::vector<Series> s = {{"Backlog", column(weeks, "backlog")}};
    page += figure("backlog", "Backlog", "Tickets open (not resolved or closed) at the end of each week.",
                   line_chart("Backlog at the end of each week", labels, s, Scale::Count), legend(s),
                   table("Backlog", "Week of", weeks, {{"Backlog", "backlog", Shown::Count}}));
  }
  {
    std::set<int> tiers;
    for (const json& w : weeks)
      for (const auto& [tier, rate] : at(w, "escalation_rate").items()) tiers.insert(std::stoi(tier));
    std::vector<Series> s = {{"First-contact resolution", column(weeks, "first_contact_resolution")}};
    std::vector<Column> cols = {{"FCR", "first_contact_resolution", Shown::Share}};
    for (int t : tiers) {
      const std::string key = "escalation_rate." + std::to_string(t);
      s.push_back({"Escalated from tier " + std::to_string(t), column(weeks, key)});
      cols.push_back({"Tier " + std::to_string(t) + " escalated", key, Shown::Share});
    }
    page += figure("resolution", "First-contact resolution and escalation rate per tier",
                   "First-contact resolution: of the tickets resolved that week, the share resolved by their first "
                   "agent without an escalation. Escalation rate: of the tickets created that week that reached a "
                   "tier, the share escalated from it.",
                   line_chart("First-contact resolution and escalation rate per tier", labels, s, Scale::Share),
                   legend(s), table("First contact and escalations", "Week of", weeks, cols));
  }
  {
    const std::vector<Series> s = {{"SLA compliance", column(weeks, "sla_compliance")}};
    page += figure("sla", "SLA compliance",
                   "Of the tickets resolved that week with a service level, the share answered and resolved in time.",
                   line_chart("SLA compliance per week", labels, s, Scale::Share), legend(s),
                   table("SLA compliance", "Week of", weeks,
                         {{"SLA met", "sla_compliance", Shown::Share}, {"Resolved", "resolved", Shown::Count}}));
  }
  {
    const std::vector<Series> s = {{"Mean rating", column(weeks, "csat_mean")}};
    page += figure("satisfaction", "Satisfaction", "The mean of the latest rating (1 to 5) of each ticket rated that week.",
                   bar_chart("Satisfaction per week", labels, s, Scale::Score), legend(s),
                   table("Satisfaction", "Week of", weeks,
                         {{"Mean", "csat_mean", Shown::Score}, {"Ratings", "csat_count", Shown::Count}}));
  }
  auto ranking = [&](const std::string& id, const std::string& heading, const std::string& key_heading,
                     std::vector<json> rows, const json& labels_of) {
    std::stable_sort(rows.begin(), rows.end(), [](const json& a, const json& b) {
      return at(a, "created").get<double>() > at(b, "created").get<double>();
    });
    if (rows.size() > 10) rows.resize(10);
    std::vector<std::string> row_names;
    std::vector<double> created;
    for (const json& r : rows) {
      const json& key = at(r, "key");
      std::string name = key.is_string() ? label_of(key.get<std::string>()) : "(none)";
      if (key.is_string() && at(labels_of, key.get<std::string>()).is_string())
        name = label_of(at(labels_of, key.get<std::string>()).get<std::string>());
      row_names.push_back(name);
      created.push_back(at(r, "created").get<double>());
    }
    page += figure(id, heading, "By tickets created in the period; the ten with the most.",
                   ranking_chart(heading, row_names, created), "",
                   table(heading, key_heading, rows,
                         {{"Created", "created", Shown::Count},
                          {"Resolved", "resolved", Shown::Count},
                          {"Backlog", "backlog", Shown::Count},
                          {"FCR", "first_contact_resolution", Shown::Share},
                          {"SLA met", "sla_compliance", Shown::Share}},
                         labels_of));
  };
  ranking("categories", "Top categories", "Category", categories, json());
  ranking("organizations", "Top organizations", "Organization", organizations, names);

  // Data, never run: no '<', '>' or '&' in it, so that nothing in a name
  // can end the element or open a comment. They occur only in strings,
  // where a JSON escape of the character is the same character.
  std::string data;
  for (const char c : ascii_json(figures)) {
    if (c == '<') data += "\\u003c";
    else if (c == '>') data += "\\u003e";
    else if (c == '&') data += "\\u0026";
    else data += c;
  }
  page += "<script type=\"application/json\" id=\"tier-figures\">" + data + "</script>\n</body>\n</html>\n";
  return page;
}

}  // namespace tier::formats
