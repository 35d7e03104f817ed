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

namespace {

// The escalate option that fills in a template field, with what it holds.
std::string_view detail_option(std::string_view field) {
  if (field == "asset") return "--asset ASSET                which computer or device (asset tag)";
  if (field == "location") return "--location PLACE             where it is";
  if (field == "symptoms") return "--symptoms TEXT              symptoms or errors seen";
  if (field == "tried") return "--tried TEXT                 steps already tried";
  if (field == "connection") return "--connection wired|wireless  how it is connected";
  return {};
}

}  // namespace

std::string editor_template(const NoteTemplate& note) {
  std::string out = "\n# Write the " + note.what + " above.\n";
  if (note.visibility == Visibility::Public)
    out += "# It is PUBLIC: it is sent to the requester and shown in their view.\n";
  else if (note.visibility == Visibility::Private)
    out += "# It is private: for agents only, never sent or shown to the requester.\n";
  out += "# Lines starting with '#' are left out; an empty " + note.what + " cancels\n# and changes nothing.\n";
  if (!note.missing.empty()) {
    std::string fields;
    for (const auto& f : note.missing) fields += (fields.empty() ? "" : ", ") + f;
    out += "#\n# The escalation template still lacks: " + fields + ".\n"
           "# Without them the escalation is refused: leave the note empty to cancel,\n"
           "# then escalate again with\n";
    for (const auto& f : note.missing) {
      const std::string_view option = detail_option(f);
      out += "#   " + (option.empty() ? "--" + f : std::string(option)) + "\n";
    }
  }
  return out;
}

}  // namespace tier
