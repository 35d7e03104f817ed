#include "core/view.hpp"

namespace tier {

bool requester_may_see(const LogEntry& e) {
  if (e.is_void() || e.is_private()) return false;
  switch (e.event) {
    case Event::Create:
    case Event::Comment:
    case Event::Resolve:
    case Event::Reopen:
    case Event::Appoint: return true;
    default: return false;
  }
}

std::string_view requester_status(Status s) {
  switch (s) {
    case Status::New: return "received";
    case Status::Open:
    case Status::Escalated: return "in progress";
    case Status::Pending: return "waiting on you";
    case Status::Resolved: return "resolved";
    case Status::Closed: return "closed";
  }
  return "";
}

RequesterView requester_view(const Ticket& t) {
  RequesterView v;
  v.id = t.id;
  v.title = t.title;
  v.status = t.status;
  v.created = t.created;
  v.updated = t.updated;
  v.requester = t.requester;
  v.appointment = t.appointment;
  for (const auto& e : t.log)
    if (requester_may_see(e) && !e.text.empty()) v.log.push_back(e);
  return v;
}

}  // namespace tier
