#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/ticket.hpp"

namespace tier {

struct Organization {
  std::string id;
  std::string name;
  std::vector<std::string> domains;
  std::string intake;                   ///< the group whose queue new tickets enter
  std::vector<std::string> escalation;  ///< premium groups it subscribes to
};

struct Group {
  std::string id;
  int tier = 1;
  std::vector<std::string> members;
  std::vector<std::string> leads;
  std::string escalate_to;  ///< the default target of an escalation
};

struct Route {
  std::string category;
  std::string group;
};

/// A person in the agent directory: an [agents] entry or an [[agent]] table.
struct Agent {
  std::string email;       ///< lower-case
  std::string name;        ///< for display; may be empty
  std::string short_name;  ///< the [agents] key ("alice"); empty for an [[agent]] table
};

struct Sla {
  std::int64_t respond = 0;  ///< seconds; 0 is no clock
  std::int64_t resolve = 0;
};

/// Business hours (tier-config(5) [hours]): the days and the time of day in
/// which the service-level clocks run, in a time zone, less the holidays.
struct Hours {
  std::uint8_t days = 0x1f;            ///< bit 0 Monday ... bit 6 Sunday
  int start = 9 * 60;                  ///< minutes after local midnight
  int end = 17 * 60;                   ///< after start, at most 24 * 60 (midnight at the day's end)
  std::string timezone = "UTC";        ///< an IANA name (core/zone.hpp)
  std::vector<std::int64_t> holidays;  ///< local dates as days since 1970-01-01, sorted, once each
  friend bool operator==(const Hours&, const Hours&) = default;
};

/// Every [hours] table of the config. A ticket's hours are its requester's
/// organization's, else its intake group's, else `all`; with none of them
/// every hour counts.
struct BusinessHours {
  std::optional<Hours> all;  ///< [hours] itself, when it sets a key of its own
  std::vector<std::pair<std::string, Hours>> organizations;  ///< [hours.organization.<id>]
  std::vector<std::pair<std::string, Hours>> groups;         ///< [hours.group.<id>]

  /// The hours of a ticket, or null when every hour counts.
  const Hours* of(std::string_view organization, std::string_view intake_group) const;
};

/// The store's policy, .tier/config.toml as types (tier-config(5)).
/// E-mail addresses and domains are lower-case.
struct Policy {
  std::string prefix = "T";
  std::string timezone = "UTC";  ///< [store] timezone: an IANA name (core/zone.hpp)
  std::vector<std::string> free_mail;
  std::vector<std::string> escalation_requires;
  bool public_by_owner = true;  ///< public_comments_by = "owner" (else "any")
  std::vector<Organization> organizations;
  std::vector<Group> groups;
  std::vector<Route> routes;
  std::array<Sla, 4> sla{};  ///< by Priority
  BusinessHours hours;

  struct Notify {
    std::string maildir = ".git/tier/outbox";
    std::string sendmail;
    std::string from;
    std::string name;        ///< the desk's display name in From ("IT Help Desk")
    bool on_server = false;  ///< where = "server"
    std::int64_t keep_sent = 90 * 86400;  ///< seconds the record of a sent Message-ID is kept
    bool refusal_reply = false;  ///< answer refused mail with a short, polite note
  } notify;

  struct Sync {
    std::string remote = "origin";
    bool auto_sync = false;
  } sync;

  std::vector<std::string> admins;
  /// The [[agent]] tables, then the [agents] entries, in config order. Empty
  /// when the config has neither, and
  /// then the agents are the group members, leads and admins; when not empty,
  /// every member, lead and admin is in it (parse_config checks).
  std::vector<Agent> directory;

  /// Sizes past which a text or a file is refused by rule 'valid-values'.
  struct Limits {
    std::size_t text = 64 * 1024;      ///< bytes of one note, comment, resolution or template field
    std::size_t ticket = 1024 * 1024;  ///< bytes of one ticket file
    std::size_t title = 300;           ///< characters of a title
    std::size_t attachment = 10u << 20;  ///< bytes of one attached file
    std::size_t message = 25u << 20;     ///< bytes of all the files of one entry (or one mail)
    std::int64_t timeout = 60;           ///< seconds a git, sendmail or hook process may run
    std::size_t article = 256 * 1024;    ///< bytes of one knowledge-base article (kb/)
  } limits;

  /// The knowledge base (tier-kb(5)).
  struct Kb {
    /// Who may publish (change kb/): agents' addresses and group ids (their
    /// members and leads). Empty: the leads of every group.
    std::vector<std::string> editors;
    std::string url;  ///< where the built site is published; links in mail and resolutions
  } kb;

  /// The shared bare repository's settings, read by its hooks.
  struct Server {
    std::string pusher_env;  ///< the variable in which the git server names the authenticated user
    bool require_pusher = false;  ///< refuse every push that names no pusher
    /// Identities that may push entries written by a ticket's requester
    /// (create, public comment, reopen, rate): the mail-ingest clone.
    std::vector<std::string> gateways;
    /// A git server's user name -> the agent's address (GL_USERNAME "alice" -> alice@...).
    std::vector<std::pair<std::string, std::string>> pushers;
    /// Patterns (fnmatch) of the refs other than the store's branch that take pushes.
    std::vector<std::string> other_refs;
    std::vector<std::string> forward;
    std::int64_t max_skew = 300;  ///< seconds
  } server;

  const Organization* organization(std::string_view id) const;
  /// The organization one of whose domains is the address's domain, or null.
  const Organization* organization_for_email(std::string_view email) const;
  const Group* group(std::string_view id) const;
  /// The route of a category, or null.
  const Route* route(std::string_view category) const;
  bool is_free_mail(std::string_view email) const;
  bool is_member(std::string_view group, std::string_view agent) const;  ///< member or lead
  bool is_lead(std::string_view group, std::string_view agent) const;
  bool is_admin(std::string_view agent) const;
  /// Known to the config: in the directory, a member or lead of a group, or an admin.
  bool is_agent(std::string_view agent) const;
  /// The agent's directory entry (display and short name), or null; always
  /// null when the config has neither [agents] nor [[agent]] tables.
  const Agent* agent(std::string_view email) const;
  /// Every agent the config knows, sorted, once each.
  std::vector<std::string> agents() const;
  /// The groups the agent is a member or lead of, in config order.
  std::vector<const Group*> groups_of(std::string_view agent) const;
  bool is_gateway(std::string_view identity) const;
  /// The agent a git server's user is: an address as it is (lower-case), a
  /// name through [server.pushers]; empty when a name is not mapped.
  std::string pusher_agent(std::string_view user) const;
};

/// An agent as the command line names one: an address (anything with an
/// '@'), lower-cased, or the short name of an [agents] entry, as its address.
/// Throws Error(Exit::NotFound, "unknown agent 'x'") for a short name the
/// config does not have.
std::string resolve_agent(const Policy& policy, std::string_view text);
/// The agent's display name from the directory; empty when there is none.
std::string display_name(const Policy& policy, std::string_view email);
/// The agent's short name from [agents]; empty when there is none.
std::string short_name(const Policy& policy, std::string_view email);
/// Whether the text is a short name as [agents] takes one:
/// [a-z][a-z0-9._-]{0,31}.
bool is_short_name(std::string_view text);

/// "65536", "64K", "1M", "2G": bytes, in powers of 1024; nullopt when not a size.
std::optional<std::size_t> parse_size(std::string_view text);

/// The part of an address after the last '@', lower-case; empty when there is none.
std::string email_domain(std::string_view email);
/// Lower-case ASCII copy.
std::string lower(std::string_view s);
/// lower(a) == lower(b), without making either.
bool same_address(std::string_view a, std::string_view b);

}  // namespace tier
