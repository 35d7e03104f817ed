#include "formats/csv.hpp"

#include <charconv>
#include <cstdio>

#include "core/error.hpp"
#include "core/time.hpp"

namespace tier::formats {

bool starts_formula(std::string_view field) {
  return !field.empty() && std::string_view("=+-@\t\r").find(field.front()) != std::string_view::npos;
}

namespace {

// csv_field(field) appended to `out`.
void append_field(std::string& out, std::string_view field) {
  const bool formula = starts_formula(field);
  if (!formula && field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += field;
    return;
  }
  out += formula ? "\"'" : "\"";
  for (const char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace

std::string csv_field(std::string_view field) {
  std::string out;
  out.reserve(field.size() + 3);
  append_field(out, field);
  return out;
}

std::string csv_record(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    out += csv_field(fields[i]);
  }
  out += "\r\n";
  return out;
}

std::vector<CsvRecord> read_csv(std::string_view text, std::string_view path) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<CsvRecord> records;
  auto fail = [&](int line, const std::string& what) {
    throw Error(Exit::Invalid, std::string(path) + ":" + std::to_string(line) + ": " + what);
  };
  std::size_t i = 0;
  int line = 1;
  const std::size_t n = text.size();
  while (i < n) {
    // A record starts here.
    CsvRecord rec;
    rec.line = line;
    if (text[i] == '\n' || (text[i] == '\r' && i + 1 < n && text[i + 1] == '\n')) {
      i += text[i] == '\r' ? 2 : 1;  // an empty line is no record
      ++line;
      continue;
    }
    for (;;) {
      std::string field;
      if (i < n && text[i] == '"') {
        const int opened = line;
        ++i;
        for (;;) {
          if (i >= n) fail(opened, "a quoted field is not closed");
          const char c = text[i++];
          if (c == '"') {
            if (i < n && text[i] == '"') {
              field += '"';
              ++i;
              continue;
            }
            break;
          }
          if (c == '\n') ++line;
          field += c;
        }
        if (i < n && text[i] != ',' && text[i] != '\n' && !(text[i] == '\r' && i + 1 < n && text[i + 1] == '\n') &&
            !(text[i] == '\r' && i + 1 == n))
          fail(line, "a closing quote is followed by '" + std::string(1, text[i]) + "', not a comma or the line's end");
      } else {
        while (i < n && text[i] != ',' && text[i] != '\n' && !(text[i] == '\r' && (i + 1 == n || text[i + 1] == '\n')))
          field += text[i++];
      }
      rec.fields.push_back(std::move(field));
      if (i < n && text[i] == ',') {
        ++i;
        continue;
      }
      // The record's end: CRLF, LF, a last CR, or the end of the text.
      if (i < n && text[i] == '\r') ++i;
      if (i < n && text[i] == '\n') ++i;
      ++line;
      break;
    }
    records.push_back(std::move(rec));
  }
  return records;
}

const std::vector<std::string>& export_columns() {
  static const std::vector<std::string> columns = {
      "id",       "title",    "status",          "priority",        "category",          "tier",
      "group",    "assignee", "owner",           "escalations",     "handbacks",         "tags",
      "created",  "updated",  "requester_name",  "requester_email", "organization",      "asset",
      "location", "symptoms", "tried",           "connection",      "appointment_at",    "appointment_place",
      "appointment_technician", "csat"};
  return columns;
}

std::vector<std::string> export_fields(const Header& h) {
  std::string tags;
  for (const auto& t : h.tags) tags += (tags.empty() ? "" : ";") + t;
  std::vector<std::string> f = {h.id,
                                h.title,
                                std::string(to_string(h.status)),
                                std::string(to_string(h.priority)),
                                h.category,
                                std::to_string(h.tier),
                                h.group,
                                h.assignee,
                                h.owner,
                                std::to_string(h.escalations),
                                std::to_string(h.handbacks),
                                tags,
                                format_time(h.created),
                                format_time(h.updated),
                                h.requester.name,
                                h.requester.email,
                                h.requester.organization};
  for (const auto name : Details::names()) f.push_back(*h.details.field(name));
  f.push_back(h.appointment ? format_time(h.appointment->at) : "");
  f.push_back(h.appointment ? h.appointment->place : "");
  f.push_back(h.appointment ? h.appointment->technician : "");
  f.push_back(h.csat ? std::to_string(*h.csat) : "");
  return f;
}

void append_export_record(std::string& out, const Header& h) {
  // export_fields() in order; a field that needs no quotes is most of them.
  auto field = [&out](std::string_view f) {
    append_field(out, f);
    out += ',';
  };
  auto number = [&out](long long n) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, n);
    out.append(buf, std::size_t(r.ptr - buf));
    out += ',';
  };
  auto time = [&out](Time t) {
    append_time(out, t);
    out += ',';
  };
  field(h.id);
  field(h.title);
  field(to_string(h.status));
  field(to_string(h.priority));
  field(h.category);
  number(h.tier);
  field(h.group);
  field(h.assignee);
  field(h.owner);
  number(h.escalations);
  number(h.handbacks);
  if (h.tags.empty()) {
    out += ',';
  } else {
    std::string tags;
    for (const auto& t : h.tags) tags += (tags.empty() ? "" : ";") + t;
    field(tags);
  }
  time(h.created);
  time(h.updated);
  field(h.requester.name);
  field(h.requester.email);
  field(h.requester.organization);
  for (const auto name : Details::names()) field(*h.details.field(name));
  if (h.appointment) {
    time(h.appointment->at);
    field(h.appointment->place);
    field(h.appointment->technician);
  } else {
    out += ",,,";
  }
  if (h.csat) out += std::to_string(*h.csat);
  out += "\r\n";
}

const std::vector<std::string>& metrics_columns() {
  static const std::vector<std::string> columns = {
      "first_response_at", "first_response_seconds", "first_resolved_at", "resolved_at", "resolution_seconds",
      "reopens",           "first_contact",          "rated_at",          "sla_met"};
  return columns;
}

std::vector<std::string> metrics_fields(const Facts& f, const TicketFigures& m) {
  auto time = [](const std::optional<Time>& t) { return t ? format_time(*t) : std::string(); };
  auto seconds = [](const std::optional<std::int64_t>& ms) -> std::string {
    if (!ms) return {};
    std::string out = std::to_string(*ms / 1000);
    if (const std::int64_t rest = *ms % 1000) {
      char buf[8];
      std::snprintf(buf, sizeof buf, ".%03d", int(rest));
      out += buf;
      while (out.back() == '0') out.pop_back();
    }
    return out;
  };
  return {time(f.first_response_at),
          seconds(m.first_response_ms),
          time(f.first_resolved_at),
          time(f.resolved_at),
          seconds(m.resolution_ms),
          std::to_string(f.reopens),
          f.resolved_at ? (f.first_contact ? "1" : "0") : "",
          time(f.rated_at),
          m.sla_met ? (*m.sla_met ? "1" : "0") : ""};
}

}  // namespace tier::formats
