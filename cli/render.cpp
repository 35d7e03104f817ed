#include "cli/render.hpp"

#include <fmt/core.h>

#include "core/policy.hpp"
#include "core/view.hpp"
#include "formats/csv.hpp"
#include "formats/ticket_json.hpp"

namespace tier::cli {
namespace {

std::string or_dash(const std::string& s) { return s.empty() ? "-" : s; }

Style status_style(Status s) {
  switch (s) {
    case Status::New: return Style::Yellow;
    case Status::Open: return Style::Green;
    case Status::Escalated: return Style::Magenta;
    case Status::Pending: return Style::Cyan;
    case Status::Resolved: return Style::Blue;
    case Status::Closed: return Style::Dim;
  }
  return Style::Plain;
}

// One definition of a CSV field for list and export, formula neutralising included.
using formats::csv_field;

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

// What an entry did, in one line after the agent.
std::string describe(const LogEntry& e, const Zone& zone) {
  std::string d(to_string(e.event));
  switch (e.event) {
    case Event::Create:
      if (!e.to.empty()) d += " in " + e.to;
      break;
    case Event::Assign: d += " to " + e.assignee; break;
    case Event::Escalate:
      d += " to " + e.to + " (tier " + std::to_string(e.tier) + ")";
      if (!e.assignee.empty()) d += ", straight back to " + e.assignee;
      break;
    case Event::Handback: d += " to " + e.assignee + " in " + e.to; break;
    case Event::Appoint:
      if (e.appointment) d += " " + short_time(e.appointment->at, zone) + " at " + e.appointment->place + " with " + e.assignee;
      break;
    case Event::Rate: d += " " + std::to_string(e.score) + "/5"; break;
    case Event::Comment:
      if (e.pending) d += ", waiting on the requester";
      break;
    case Event::Edit: {
      std::vector<std::string> what;
      if (e.title) what.push_back("title");
      if (e.priority) what.push_back("priority " + std::string(to_string(*e.priority)));
      if (e.category) what.push_back("category " + *e.category);
      if (e.tags) what.push_back("tags");
      for (auto n : Details::names())
        if (!e.details.field(n)->empty()) what.emplace_back(n);
      if (!what.empty()) d += " " + join(what, ", ");
      break;
    }
    default: break;
  }
  return d;
}

}  // namespace

std::string agent_text(const Policy& policy, const std::string& email) {
  if (email.empty()) return email;
  std::string name = short_name(policy, email);
  return name.empty() ? email : name;
}

std::string agent_full(const Policy& policy, const std::string& email) {
  if (email.empty()) return email;
  const std::string name = display_name(policy, email);
  return name.empty() ? email : name + " <" + email + ">";
}

std::string human_size(std::uint64_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + " bytes";
  const char* units[] = {"KiB", "MiB", "GiB"};
  double v = double(bytes) / 1024;
  int u = 0;
  while (v >= 1024 && u < 2) v /= 1024, ++u;
  return v < 10 ? fmt::format("{:.1f} {}", v, units[u]) : fmt::format("{:.0f} {}", v, units[u]);
}

std::string short_time(Time t, const Zone& zone) {
  const Zone::Local l = zone.local(t);
  const Civil& c = l.civil;
  if (c.year < 0 || c.year > 9999)
    return fmt::format("{:04}-{:02}-{:02} {:02}:{:02} {}", c.year, c.month, c.day, c.hour, c.minute, l.abbrev);
  // By hand: fmt::format was a seventh of a long listing.
  std::string out(17 + l.abbrev.size(), ' ');
  auto two = [&out](std::size_t at, unsigned v) {
    out[at] = char('0' + v / 10);
    out[at + 1] = char('0' + v % 10);
  };
  two(0, unsigned(c.year) / 100);
  two(2, unsigned(c.year) % 100);
  out[4] = '-';
  two(5, c.month);
  out[7] = '-';
  two(8, c.day);
  two(11, unsigned(c.hour));
  out[13] = ':';
  two(14, unsigned(c.minute));
  out.replace(17, l.abbrev.size(), l.abbrev);
  return out;
}

void print_log(const Output& out, const Ticket& t, bool include_private) {
  for (const auto& e : t.log) {
    if (!include_private && e.is_private()) continue;
    std::string head = out.paint(Style::Dim, short_time(e.at, out.zone())) + "  " + out.paint(Style::Bold, e.by) + "  " +
                       out.safe(describe(e, out.zone()));
    if (e.is_private()) head += "  " + out.paint(Style::Yellow, "[private]");
    if (e.is_void()) head += "  " + out.paint(Style::Red, "[void: " + e.void_reason + "]");
    out.styled_line(head);
    if (!e.text.empty()) {
      std::size_t start = 0;
      while (start <= e.text.size()) {
        const auto end = e.text.find('\n', start);
        out.line("    " + e.text.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) break;
        start = end + 1;
      }
    }
    for (const auto& a : e.attachments)
      out.line("    [attachment] " + a.name + "  " + a.type + ", " + human_size(a.size));
  }
}

void print_ticket(const Output& out, const Ticket& t, Time now, const Policy& policy) {
  out.styled_line(out.paint(Style::Bold, t.id) + "  " + out.paint(Style::Bold, t.title));
  // Every value is made safe here but the painted ones, which paint() makes safe.
  auto field = [&](const std::string& name, const std::string& value, bool styled = false) {
    out.styled_line(fmt::format("{:<12}{}", name, styled ? value : out.safe(value)));
  };
  std::string status = out.paint(status_style(t.status), std::string(to_string(t.status)));
  status += "  tier " + std::to_string(t.tier) + ", " + out.safe(t.group);
  field("status", status, true);
  field("priority", std::string(to_string(t.priority)) + (t.category.empty() ? "" : "   category " + t.category) +
                        (t.tags.empty() ? "" : "   tags " + join(t.tags, ", ")));
  field("owner", or_dash(agent_full(policy, t.owner)));
  field("assignee", or_dash(agent_full(policy, t.assignee)));
  std::string req = t.requester.name.empty() ? t.requester.email : t.requester.name + " <" + t.requester.email + ">";
  field("requester", req + " (" + t.requester.organization + ")");
  std::string esc = std::to_string(t.escalations) + (t.escalations == 1 ? " time" : " times") + ", handed back " +
                    std::to_string(t.handbacks) + (t.handbacks == 1 ? " time" : " times");
  field("escalated", t.escalations >= 2 ? out.paint(Style::Red, esc + "  [escalated twice or more]") : esc, true);
  for (auto name : Details::names()) {
    const std::string& v = *t.details.field(name);
    if (!v.empty()) field(std::string(name), v);
  }
  if (t.appointment) {
    std::string a = out.safe(short_time(t.appointment->at, out.zone()) + " at " + t.appointment->place + " with " +
                             t.appointment->technician);
    if (t.appointment->at >= now) a += "  " + out.paint(Style::Cyan, "upcoming");
    field("appointment", a, true);
  }
  if (t.csat) field("rating", std::to_string(*t.csat) + "/5");
  field("created", short_time(t.created, out.zone()));
  field("updated", short_time(t.updated, out.zone()));
  out.line("");  // not line(): an empty view's null data is UB in fwrite
  print_log(out, t, true);
}

void print_ticket_for_requester(const Output& out, const Ticket& t) {
  const RequesterView v = requester_view(t);
  out.styled_line(out.paint(Style::Bold, v.id) + "  " + out.paint(Style::Bold, v.title));
  out.line(fmt::format("{:<12}{}", "status", requester_status(v.status)));
  out.line(fmt::format("{:<12}{}", "opened", short_time(v.created, out.zone())));
  out.line(fmt::format("{:<12}{}", "updated", short_time(v.updated, out.zone())));
  out.line("");
  for (const auto& e : v.log) {
    out.styled_line(out.paint(Style::Dim, short_time(e.at, out.zone())) + "  " + out.paint(Style::Bold, e.by));
    std::size_t start = 0;
    for (;;) {
      const auto end = e.text.find('\n', start);
      out.line("    " + e.text.substr(start, end == std::string::npos ? std::string::npos : end - start));
      if (end == std::string::npos) break;
      start = end + 1;
    }
  }
}

std::string compact_duration(std::int64_t ms) {
  const bool late = ms < 0;
  // Minutes: a late one rounded away from zero, so that late never shows as 0m.
  std::int64_t m = late ? (-ms + 59'999) / 60'000 : ms / 60'000;
  const std::int64_t d = m / 1440, h = m % 1440 / 60;
  m %= 60;
  std::string out = late ? "-" : "";
  if (d) {
    out += std::to_string(d) + "d";
    if (h) out += std::to_string(h) + "h";
  } else if (h) {
    out += std::to_string(h) + "h";
    if (m) out += std::to_string(m) + "m";
  } else {
    out += std::to_string(m) + "m";
  }
  return out;
}

std::int64_t sla_left_seconds(std::int64_t ms) { return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000); }

void print_headers(const Output& out, const HeaderRows& rows, const std::string& format, Time now, const Policy& policy,
                   Layout layout) {
  auto append_left = [](std::string& buf, const store::ListRow& r) {
    // The object append_header_json() wrote, with the time left as its last key.
    buf.pop_back();
    buf += ",\"sla_left\":";
    buf += r.sla_left ? std::to_string(sla_left_seconds(*r.sla_left)) : "null";
    buf += '}';
  };
  if (format == "json") {
    // json_value() of the array, an element at a time: compact, or on a
    // terminal indented as nlohmann indents an array of objects.
    const bool pretty = out.stdout_is_tty();
    std::string buf = "[";
    std::size_t n = 0;
    rows([&](const store::ListRow& r) {
      if (pretty) {
        nlohmann::json j = formats::header_to_json(r.header);
        j["sla_left"] = r.sla_left ? nlohmann::json(sla_left_seconds(*r.sla_left)) : nlohmann::json(nullptr);
        const std::string element = j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
        buf += n ? ",\n  " : "\n  ";
        for (const char c : element) {
          buf += c;
          if (c == '\n') buf += "  ";
        }
      } else {
        if (n) buf += ',';
        formats::append_header_json(buf, r.header);
        append_left(buf, r);
      }
      ++n;
      if (buf.size() >= 64 * 1024) {
        out.write(buf);
        buf.clear();
      }
    });
    buf += pretty && n ? "\n]" : "]";
    out.line(buf);
  } else if (format == "ndjson") {
    std::string buf;
    rows([&](const store::ListRow& r) {
      buf.clear();
      formats::append_header_json(buf, r.header);
      append_left(buf, r);
      out.line(buf);
    });
  } else if (format == "ids") {
    rows([&](const store::ListRow& r) { out.line(r.header.id); });
  } else if (format == "csv") {
    out.line("id,status,priority,tier,group,assignee,owner,organization,category,escalations,created,updated,title,"
             "sla_left");
    rows([&](const store::ListRow& r) {
      const Header& h = r.header;
      out.line(fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{}", h.id, to_string(h.status),
                           to_string(h.priority), h.tier, csv_field(h.group), csv_field(h.assignee),
                           csv_field(h.owner), csv_field(h.requester.organization), csv_field(h.category),
                           h.escalations, format_time(h.created), format_time(h.updated), csv_field(h.title),
                           r.sla_left ? std::to_string(sla_left_seconds(*r.sla_left)) : std::string()));
    });
  } else {
    // The time left is painted red in its cells when it has run out: a
    // styled column (paint() and safe() pieces).
    const bool queue = layout == Layout::Queue;
    std::vector<std::string> heads = queue ? std::vector<std::string>{"ID", "PRI", "ORG", "AGE", "LEFT", "TITLE"}
                                           : std::vector<std::string>{"ID",   "STATUS",   "PRI",  "ORG",
                                                                      "AGE",  "LEFT",     "ASSIGNEE", "TITLE"};
    std::vector<Style> styles = queue ? std::vector<Style>{Style::Bold, Style::Plain, Style::Plain, Style::Dim,
                                                           Style::Plain, Style::Plain}
                                      : std::vector<Style>{Style::Bold, Style::Plain, Style::Plain, Style::Plain,
                                                           Style::Dim,  Style::Plain, Style::Plain, Style::Plain};
    const std::size_t left_col = queue ? 4 : 5;
    TableWriter table(out, std::move(heads), std::move(styles), {left_col});
    std::vector<std::string> cells(queue ? 6 : 8);
    auto fill = [&](const store::ListRow& r, bool title) {
      const Header& h = r.header;
      std::size_t c = 0;
      cells[c++] = h.id;
      if (!queue) cells[c++] = to_string(h.status);
      cells[c++] = to_string(h.priority);
      cells[c++] = or_dash(h.requester.organization);
      cells[c++] = compact_duration(now.ms - h.created.ms);
      if (!r.sla_left) cells[c++] = "-";
      else if (*r.sla_left < 0) cells[c++] = out.paint(Style::Red, compact_duration(*r.sla_left));
      else cells[c++] = compact_duration(*r.sla_left);
      if (!queue) cells[c++] = or_dash(agent_text(policy, h.assignee));
      // The last column is not padded: its width is never needed.
      std::string& last = cells[c];
      last.clear();
      if (!title) return;
      last = h.title;
      if (h.escalations >= 2) last += "  [escalated " + std::to_string(h.escalations) + "x]";
      if (h.appointment && h.appointment->at >= now) last += "  [appointment " + short_time(h.appointment->at, out.zone()) + "]";
    };
    rows([&](const store::ListRow& r) {
      fill(r, false);
      table.measure(cells);
    });
    table.print_header();
    rows([&](const store::ListRow& r) {
      fill(r, true);
      table.print(cells);
    });
  }
}

}  // namespace tier::cli
