#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"

namespace tier {

enum class Status { New, Open, Escalated, Pending, Resolved, Closed };
enum class Priority { Low, Normal, High, Urgent };
enum class Visibility { Public, Private };
enum class Event {
  Create, Comment, Claim, Release, Assign, Escalate, Handback,
  Resolve, Reopen, Close, Appoint, Edit, Rate,
};

std::string_view to_string(Status s);
std::string_view to_string(Priority p);
std::string_view to_string(Visibility v);
std::string_view to_string(Event e);
std::optional<Status> parse_status(std::string_view s);
std::optional<Priority> parse_priority(std::string_view s);
std::optional<Visibility> parse_visibility(std::string_view s);
std::optional<Event> parse_event(std::string_view s);

struct Requester {
  std::string name;
  std::string email;
  std::string organization;
  friend bool operator==(const Requester&, const Requester&) = default;
};

/// The escalation template; an empty string is a field not filled in.
struct Details {
  std::string asset, location, symptoms, tried, connection;  // connection: wired | wireless
  friend bool operator==(const Details&, const Details&) = default;

  /// The template's field names, in file order.
  static const std::vector<std::string_view>& names();
  std::string* field(std::string_view name);
  const std::string* field(std::string_view name) const;
  bool empty() const { return asset.empty() && location.empty() && symptoms.empty() && tried.empty() && connection.empty(); }
};

/// A file attached to an entry: stored once in the store, under
/// attachments/<first two of id>/<id>, named by its content (the git blob
/// id of its bytes), however many entries name it (tier-ticket(5)).
struct Attachment {
  std::string name;  ///< the file's name, as the sender gave it: one line, no '/'
  std::string type;  ///< its media type, "image/png"
  std::uint64_t size = 0;
  std::string id;    ///< 40 lower-case hex digits
  friend auto operator<=>(const Attachment&, const Attachment&) = default;
};

/// The path of an attachment's file in the store: attachments/<first two of id>/<id>.
std::string attachment_path(std::string_view id);
/// The media type of a file from its name's extension ("shot.PNG" ->
/// "image/png"); "application/octet-stream" when it is not known.
std::string guess_media_type(std::string_view name);

struct Appointment {
  Time at;
  std::string place;
  std::string technician;
  friend bool operator==(const Appointment&, const Appointment&) = default;
};

/// One entry of a ticket's log: what happened, recorded in full so that
/// replay needs no policy (tier-ticket(5)). Unset fields are not written.
struct LogEntry {
  Time at;
  std::string by;
  Event event = Event::Comment;
  std::string to;                          ///< the group the entry moves the ticket to
  int tier = 0;                            ///< that group's tier at the time
  std::string assignee;                    ///< the agent the entry assigns
  std::optional<Visibility> visibility;    ///< for entries that carry a note
  bool pending = false;                    ///< comment --pending: wait on the requester
  std::optional<std::string> title;        ///< create, edit
  std::optional<Priority> priority;        ///< create, edit
  std::optional<std::string> category;     ///< create, edit
  std::optional<std::vector<std::string>> tags;  ///< create, edit: the whole new set
  std::optional<Requester> requester;      ///< create
  std::string message_id;                  ///< create by mail: the requester's Message-ID, without <>
  Details details;                         ///< create, escalate, edit: fields filled in
  std::optional<Appointment> appointment;  ///< appoint
  int score = 0;                           ///< rate: 1 to 5
  std::vector<Attachment> attachments;     ///< files the entry carries (a comment, a note, a mail)
  std::string article;                     ///< resolve: the slug of the article it answers with (tier-kb(5))
  std::string text;                        ///< the note, comment or resolution
  std::string void_reason;                 ///< set by a merge: the entry no longer applies
  friend bool operator==(const LogEntry&, const LogEntry&) = default;

  bool is_void() const { return !void_reason.empty(); }
  bool is_private() const { return visibility == Visibility::Private; }
};

/// Everything above the log in a ticket file: a cache of the log's replay.
struct Header {
  int format = 1;
  std::string id;
  std::string title;
  Status status = Status::New;
  Priority priority = Priority::Normal;
  std::string category;
  int tier = 1;
  std::string group;
  std::string assignee;
  std::string owner;
  int escalations = 0;
  int handbacks = 0;
  std::vector<std::string> tags;
  Time created;
  Time updated;
  Requester requester;
  Details details;
  std::optional<Appointment> appointment;
  std::optional<int> csat;
  friend bool operator==(const Header&, const Header&) = default;
};

struct Ticket : Header {
  std::vector<LogEntry> log;
  friend bool operator==(const Ticket&, const Ticket&) = default;

  Header& header() { return *this; }
  const Header& header() const { return *this; }
};

/// The path of a ticket's file in the store: tickets/<first two of the id's body>/<id>.toml.
std::string ticket_path(std::string_view id);

}  // namespace tier
