#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "core/kb.hpp"
#include "core/policy.hpp"
#include "core/ticket.hpp"
#include "core/time.hpp"

/// The history rules: whether a new version of the store may follow the old
/// one. Pure functions beside apply(), on values the caller has read from
/// git (core/store) and parsed (formats): the server's pre-receive, the
/// clone's pre-commit and pre-push, `tier check` and `tier import` all call
/// them, and none decides a history rule itself. tier-workflow(7) lists the
/// rules; each refusal names its rule id and, where it can, file and line.
namespace tier::history {

/// What a path holds in a tree (git's modes 100644, 100755, 120000, 160000).
enum class Kind { File, Executable, Symlink, Submodule };

/// Why a file does not parse, and where.
struct Located {
  int line = 0;
  int column = 0;
  std::string message;
};

/// One version of one file, as the caller read it: its kind and size, and
/// what it holds, parsed. Files over the size the caller reads are not
/// read (`read` false) and have only their size.
struct Version {
  Kind kind = Kind::File;
  std::string id;  ///< the blob's id: equal ids, equal content
  std::size_t size = 0;
  bool read = true;
  std::string text;                ///< a small file outside tickets/ (.gitattributes)
  std::optional<Ticket> ticket;    ///< a ticket file that parses
  std::optional<Policy> policy;    ///< the config, when it parses
  std::optional<Article> article;  ///< an article (kb/) that parses
  std::optional<Located> problem;  ///< why a ticket, the config or an article does not parse
  std::vector<int> entry_lines;    ///< a ticket: the line of each [[log]] table
  std::vector<std::pair<std::string, int>> key_lines;  ///< a ticket: the line of each header key
};

/// A path whose version differs between a commit and one of its parents.
struct File {
  std::string path;
  std::optional<Version> after;                 ///< nullopt: not in the commit
  std::vector<std::optional<Version>> parents;  ///< one per parent; nullopt where absent
};

/// One commit, as the rules see it.
struct Commit {
  std::string id;
  std::string author;  ///< the author's address, lower-case
  std::size_t parents = 0;
  /// The policy in force: the config at the first parent (a root commit's
  /// own); nullopt when there is none that parses.
  std::optional<Policy> policy;
  std::vector<File> files;  ///< every path that differs from a parent
  /// The attachment files (attachments/XX/ID) that the commit's tree holds,
  /// of those its changed tickets name.
  std::set<std::string> attachments;
};

/// What the check knows beyond the commits.
struct Context {
  /// The store's settings in force where the check runs: on a server, the
  /// branch's config before the push (server.*, limits); null when none.
  const Policy* settings = nullptr;
  /// The agent the push is by, from the git server (pusher_identity()); empty
  /// when unknown, and then rights go by each commit's author.
  std::string pusher;
  Time now;  ///< the clock, for server.max_skew
  bool check_skew = true;
};

/// A refusal: which commit, file and line, by which rule.
struct Finding {
  std::string commit;
  std::string path;
  int line = 0;
  std::string rule;
  std::string message;
  /// "<commit> <path>:<line>: refused by rule '<rule>': <message>" (parts left out when empty).
  std::string text() const;
};

/// Who pushes, from the variable server.pusher_env names (`value`: nullopt
/// when it is not set): the agent, through [server.pushers] for a user name
/// that is not an address. A Finding by rule 'pusher' when the server
/// requires a pusher (server.require_pusher) and there is none, or when a
/// user name is not mapped: the push is refused whole.
struct Pusher {
  std::string agent;
  std::optional<Finding> refusal;
};
Pusher pusher_identity(const Policy& settings, const std::optional<std::string>& value);

/// One ref a push moves.
struct RefUpdate {
  std::string name;          ///< refs/heads/main
  bool deleted = false;      ///< the new id is zero
  bool created = false;      ///< the old id is zero
  bool fast_forward = true;  ///< the new commit descends from the old
};

/// Rules on refs: the store's branch (`branch`) only moves forward and is
/// never deleted ('append-only'); another ref takes a push only when it
/// matches a pattern of server.other_refs ('other-ref').
std::vector<Finding> check_ref(const RefUpdate& update, std::string_view branch, const Context& context);

/// Every rule on one commit against its parents: the files parse
/// ('malformed'), only regular files ('malformed'), ids belong at their
/// paths ('id-path'), headers equal their logs' replay ('replay'), logs only
/// grow ('append-only'), nothing is deleted ('no-delete'), the config,
/// .tier/ and .gitattributes change only by an admin ('admin-only'),
/// .gitattributes keeps tier's merge driver ('merge'), an attachment is a
/// file named by its content's id, never deleted, within [limits], named by
/// a new entry of the commit, and every attachment an entry names is in the
/// tree ('attachment', 'id-path', 'no-delete'), every new entry
/// passes both layers of the rules engine at its place ('unknown-agent',
/// 'not-member', ...), is by the pusher or, for a gateway, the requester
/// ('pusher'), is not dated ahead of the clock ('clock-skew'), is void only
/// where the effect layer refuses it ('void'), sizes are within [limits]
/// ('valid-values'); a merge commit's tickets equal tier's merge of its
/// parents ('merge'). An article (kb/) is changed by an editor, the pusher
/// when known ('kb-editor'), is at kb/<slug>.md ('id-path'), parses
/// ('malformed'), has valid values within [limits] ('valid-values') and is
/// never deleted ('no-delete').
std::vector<Finding> check_commit(const Commit& commit, const Context& context);

/// A ticket file as it stands (`tier check`): it parses, its size is
/// within the limit, its id belongs at its path, its log replays in time
/// order to exactly its header, and each void entry is one the effect layer
/// refuses at its place.
std::vector<Finding> check_file(const std::string& path, const Version& version, const Policy& policy);

/// The config as it stands: it parses.
std::vector<Finding> check_config(const std::string& path, const Version& version);

/// An article as it stands (`tier check`): at kb/<slug>.md, a plain file
/// within [limits] article that parses, with valid values.
std::vector<Finding> check_article_file(const std::string& path, const Version& version, const Policy& policy);

/// Whether the path is where tickets live (tickets/...).
bool is_ticket_path(std::string_view path);
/// Whether the path is where attached files live (attachments/...).
bool is_attachment_path(std::string_view path);

}  // namespace tier::history
