#include "core/ticket.hpp"

#include <array>

namespace tier {
namespace {

constexpr std::array<std::string_view, 6> status_names = {"new", "open", "escalated",
                                                          "pending", "resolved", "closed"};
constexpr std::array<std::string_view, 4> priority_names = {"low", "normal", "high", "urgent"};
constexpr std::array<std::string_view, 2> visibility_names = {"public", "private"};
constexpr std::array<std::string_view, 13> event_names = {
    "create", "comment", "claim",  "release", "assign", "escalate", "handback",
    "resolve", "reopen", "close", "appoint", "edit",   "rate"};

template <class E, std::size_t N>
std::optional<E> parse_enum(const std::array<std::string_view, N>& names, std::string_view s) {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == s) return E(i);
  return std::nullopt;
}

}  // namespace

std::string_view to_string(Status s) { return status_names[std::size_t(s)]; }
std::string_view to_string(Priority p) { return priority_names[std::size_t(p)]; }
std::string_view to_string(Visibility v) { return visibility_names[std::size_t(v)]; }
std::string_view to_string(Event e) { return event_names[std::size_t(e)]; }
std::optional<Status> parse_status(std::string_view s) { return parse_enum<Status>(status_names, s); }
std::optional<Priority> parse_priority(std::string_view s) { return parse_enum<Priority>(priority_names, s); }
std::optional<Visibility> parse_visibility(std::string_view s) { return parse_enum<Visibility>(visibility_names, s); }
std::optional<Event> parse_event(std::string_view s) { return parse_enum<Event>(event_names, s); }

const std::vector<std::string_view>& Details::names() {
  static const std::vector<std::string_view> n = {"asset", "location", "symptoms", "tried", "connection"};
  return n;
}

std::string* Details::field(std::string_view name) {
  if (name == "asset") return &asset;
  if (name == "location") return &location;
  if (name == "symptoms") return &symptoms;
  if (name == "tried") return &tried;
  if (name == "connection") return &connection;
  return nullptr;
}

const std::string* Details::field(std::string_view name) const {
  return const_cast<Details*>(this)->field(name);
}

std::string ticket_path(std::string_view id) {
  const auto dash = id.find('-');
  const std::string_view body = dash == std::string_view::npos ? id : id.substr(dash + 1);
  std::string p = "tickets/";
  p += body.substr(0, 2);
  p += '/';
  p += id;
  p += ".toml";
  return p;
}

std::string attachment_path(std::string_view id) {
  return "attachments/" + std::string(id.substr(0, 2)) + "/" + std::string(id);
}

std::string guess_media_type(std::string_view name) {
  static constexpr std::pair<std::string_view, std::string_view> types[] = {
      {"png", "image/png"},         {"jpg", "image/jpeg"},       {"jpeg", "image/jpeg"},
      {"gif", "image/gif"},         {"webp", "image/webp"},      {"bmp", "image/bmp"},
      {"svg", "image/svg+xml"},     {"pdf", "application/pdf"},  {"txt", "text/plain"},
      {"log", "text/plain"},        {"csv", "text/csv"},         {"json", "application/json"},
      {"xml", "application/xml"},   {"html", "text/html"},       {"htm", "text/html"},
      {"zip", "application/zip"},   {"gz", "application/gzip"},  {"eml", "message/rfc822"},
      {"doc", "application/msword"},
      {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
      {"xls", "application/vnd.ms-excel"},
      {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
  };
  const auto dot = name.rfind('.');
  if (dot == std::string_view::npos || dot + 1 == name.size()) return "application/octet-stream";
  std::string ext(name.substr(dot + 1));
  for (char& c : ext)
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  for (const auto& [e, type] : types)
    if (e == ext) return std::string(type);
  return "application/octet-stream";
}

}  // namespace tier
