#pragma once

#include <functional>
#include <optional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/history.hpp"
#include "core/metrics.hpp"
#include "core/policy.hpp"
#include "core/query.hpp"
#include "core/search.hpp"
#include "core/ticket.hpp"
#include "core/time.hpp"

namespace tier::store {

inline constexpr std::string_view config_path = ".tier/config.toml";

/// Narrows a scan of the headers; empty members match everything.
struct Prefilter {
  std::vector<Status> statuses;
  std::string group;
};

/// What list and queue ask of the headers: the tickets the filter selects
/// (core/query.hpp's matches()), in the order of a field of sort_fields()
/// ('-' before it: descending; ties by creation, then id, as
/// sort_headers()), at most `limit` of them (0: all).
struct HeaderQuery {
  /// Which members of each Header are filled in: all; those of a listing's
  /// table (id, title, status, priority, tier, group, assignee, escalations,
  /// updated and the appointment's time); or the id alone.
  enum class Fields { All, Table, Id };
  ListFilter filter;
  std::string sort = "created";
  std::size_t limit = 0;
  Fields fields = Fields::All;
  /// With the policy's clocks, each row carries its service-level time left
  /// at `now` (core/metrics.hpp sla_left()), computed from what the cache
  /// keeps of the log, and the query may sort by "left" (list_sort_keys()).
  const Clocks* clocks = nullptr;
  Time now;
};

/// A row of a listing: the header (the members the query's Fields name) and,
/// when the query gave clocks, the time left in milliseconds (nullopt: no
/// clock runs).
struct ListRow {
  Header header;
  std::optional<std::int64_t> sla_left;
};

/// What a fill of the cache reads the ticket files for: the headers (and
/// the clocks) of list and queue; also the reports' facts; also the search
/// index.
enum class Fill { Headers, Facts, Search };

/// Told how far the cache has come when it reads many ticket files (the
/// first list, search or report in a clone): `done` of `total` files, from
/// 0 to total.
using Progress = std::function<void(std::size_t done, std::size_t total, Fill fill)>;

/// A ticket that matched a search.
struct SearchHit {
  Header header;
  double score = 0;     ///< relevance: higher is better (the negated bm25)
  std::string snippet;  ///< the text around the match, each matched word between snippet_open and snippet_close
};

/// An article that matched a search of the knowledge base.
struct ArticleHit {
  std::string slug;
  std::string title;
  double score = 0;  ///< relevance: higher is better (the negated bm25)
};

/// A file of the store as committed, read as far as it is small enough.
struct StoredFile {
  std::string path;
  history::Kind kind = history::Kind::File;
  std::size_t size = 0;
  std::optional<std::string> text;  ///< nullopt: not read (over the size asked for, or not a file)
};

/// A file to write in a commit (Store::commit_files).
struct FileWrite {
  std::string path;
  std::string text;
};

/// Who makes a change, and when.
struct Author {
  std::string name;
  std::string email;
  Time at;
};

/// A bad file in the store: path, line (0 when unknown) and what is wrong.
struct Problem {
  std::string path;
  int line = 0;
  std::string message;
  std::string text() const;  ///< "path:line: message" (or "path: message")
};

/// A store: a git repository (a clone, or bare on a server) holding
/// .tier/config.toml and tickets/XX/ID.toml. Everything is read from the
/// branch's commit, never from the work tree; the work tree and the index are
/// only written, to follow each commit. The only code that touches libgit2.
class Store {
 public:
  /// Opens the store at or above `dir`, as git finds a repository. Throws
  /// NotFound when there is none, or when the repository has no tier config.
  static std::unique_ptr<Store> open(const std::string& dir, bool require_config = true);

  /// Makes `dir` a store: a new repository, or an existing one without a
  /// tier config (else Conflict). Writes the config and .gitattributes in one
  /// first commit; adds `remote` as "origin" when given. Returns the
  /// store's top directory.
  static std::string init(const std::string& dir, const std::string& config_text, const Author& author,
                          const std::string& remote = {});

  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const std::string& root() const;  ///< the work tree, or the bare repository
  const std::string& git_dir() const;
  bool bare() const;

  /// The policy of the committed config. Invalid (with file, line and key)
  /// when it is malformed.
  const Policy& policy();
  /// The size past which a ticket file is never read ([limits] ticket; the
  /// default while the config does not parse).
  std::size_t max_file();
  /// How long a program the store runs (git, sendmail, a hook) may take:
  /// [limits] timeout, or its default while the config does not parse.
  std::int64_t max_seconds();
  std::string config_text();

  /// Takes the store's lock, waiting for other tier processes, and finishes
  /// a change that a killed process left half-done in the work tree.
  void lock();
  /// Gives the lock back, for the time an outside program runs (git fetch
  /// and push); the next lock() takes it again.
  void unlock();

  /// The full id for what a user typed: NotFound, Conflict when ambiguous
  /// (the message lists the candidates), Usage when shorter than 4 characters.
  std::string resolve(std::string_view input);
  bool exists(std::string_view id);
  /// The ticket's file text at the branch's commit; NotFound when absent.
  std::string ticket_text(std::string_view id);
  /// Loads and parses a ticket: NotFound, or Invalid for a malformed file.
  Ticket load(std::string_view id);
  /// A fresh random id that no ticket has.
  std::string new_id();

  /// Writes the tickets in one commit "<op> <id>: <title>" (or the given
  /// subject) with Tier-Op and Tier-Ticket trailers, moving the branch with a
  /// compare-and-swap (Conflict when it moved under us); then the work tree
  /// and the index follow. Returns the commit id.
  /// `attachments`: the bytes of files the tickets' new entries attach,
  /// written to attachments/XX/ID (ID: blob_id() of the bytes) in the same
  /// commit.
  std::string commit(const std::vector<const Ticket*>& tickets, std::string_view op,
                     const Author& author, const std::string& subject = {},
                     const std::vector<std::string_view>& attachments = {});

  /// The id an attachment's bytes have in the store: their git blob id.
  static std::string blob_id(std::string_view bytes);
  /// Whether the branch's tree holds a file at `path`.
  bool has_path(const std::string& path);
  /// The bytes of a file of the branch's tree; NotFound when there is none.
  std::string file_bytes(const std::string& path);

  /// A ticket's file written to the object database, not yet on the branch.
  struct Written {
    std::string id;
    std::string title;
    std::string blob;  ///< the blob's id, hex
  };
  /// Writes a ticket's file (`text`: write_ticket(t), when the caller has
  /// it already) to the object database, for commit_written(): a batch of
  /// many tickets is written as it comes, and only these ids are kept.
  Written write_ticket_file(const Ticket& t, std::string_view text = {});
  /// commit() of files written before, in their order.
  std::string commit_written(const std::vector<Written>& files, std::string_view op, const Author& author,
                             const std::string& subject = {},
                             const std::vector<std::string_view>& attachments = {});

  /// Writes the files (each a plain file) in one commit with the subject
  /// given, the trailer "Tier-Op: <op>" and the `trailers` ("Key: value"),
  /// moving the branch like commit(); Conflict when a file has changes in
  /// the work tree that are not committed. Returns the commit id. The
  /// knowledge base's articles are written through it (hooks/kb.hpp).
  std::string commit_files(const std::vector<FileWrite>& files, std::string_view op, const Author& author,
                           const std::string& subject, const std::vector<std::string>& trailers = {});
  /// The text of a file at the branch's commit, or nullopt when there is none.
  std::optional<std::string> file_text(const std::string& path);
  /// Every file under kb/ at the branch's commit, in path order, each read
  /// when it is a plain file of at most `max_read` bytes.
  std::vector<StoredFile> kb_files(std::size_t max_read);
  /// The published articles that match `words`, best first, at most `limit`:
  /// each word in the title, keywords, categories or body (all of them, or
  /// with `any` one of them at least), ranked by SQLite FTS5's bm25 with the
  /// title weighing most. Through a full-text index of the articles kept in
  /// .git/tier/kb.sqlite and rebuilt whenever kb/ changed; an article that
  /// does not parse is left out.
  std::vector<ArticleHit> kb_search(const std::vector<std::string>& words, std::size_t limit, bool any);

  /// Whether the remote is usable: a remote git knows by name, a URL or a path.
  bool has_remote(const std::string& remote);

  /// What a pull brought.
  struct Pulled {
    bool reached = true;       ///< false: the remote cannot be reached (`why` says how); nothing changed
    std::string why;
    bool changed = false;      ///< the branch moved
    bool merged = false;       ///< both sides had changes: a merge commit was made
    std::vector<std::pair<std::string, LogEntry>> voided;  ///< ticket id, entry the merge voided
  };
  /// Fetches the remote's branch (with git, so every transport works) and
  /// integrates it: a fast-forward, or a merge commit in which each ticket
  /// changed on both sides is merged by merge_tickets(). A remote that
  /// cannot be reached (no route, no such path) is `reached` false; one that
  /// refuses the login, or fails otherwise, throws Remote.
  Pulled pull(const std::string& remote, const Author& author);

  enum class PushOutcome { Pushed, UpToDate, Race, Refused, Denied, Unreachable };
  struct Pushed {
    PushOutcome outcome;
    std::string message;  ///< the server's words: why it refused, denied the login, cannot be reached
    std::string rule;     ///< Refused: the rule the server named first, if it named one
    std::string commit;   ///< Refused: the first commit the server named, if it named one
  };
  /// Pushes the branch (with git, so the server's hooks run). Race when the
  /// remote moved since the last pull; Refused when its hooks said no;
  /// Denied when it refused the login (a wrong password, a key it does not
  /// know, a missing credential); Unreachable when it cannot be reached.
  Pushed push(const std::string& remote);

  /// Moves the branch back from `commit` to its first parent (a change the
  /// server will not take), the work tree following. Conflict if it moved.
  void undo(const std::string& commit);

  /// Sets aside what the server refused: the branch's commit is kept on a
  /// new ref refs/tier/refused/<n> and the branch moves back to the first
  /// parent of `first` (the first refused commit: the branch's own commit, or
  /// one below it), the work tree following. Returns the ref's name.
  std::string set_aside(const std::string& first);
  /// Keeps a commit, whatever the branch, on a new ref refs/tier/refused/<n>;
  /// returns the ref's name.
  std::string keep(const std::string& commit);
  /// The refs of commits set aside, oldest first.
  std::vector<std::string> set_aside_refs();
  /// The full id of a commit on the branch that `prefix` names, or "".
  std::string find_commit(const std::string& prefix);

  /// The id of the branch's commit.
  std::string head();

  /// The commits in `new_id` that are not in `old_id` (an all-zero or
  /// unknown old id: not in any remote-tracking ref, nor, in a bare
  /// repository, in any branch), oldest first, each read for the history
  /// rules: every path that differs from a parent, in the commit and in each
  /// parent, files of at most `max_read` bytes read and parsed, and the policy
  /// in force (the config at the first parent).
  std::vector<history::Commit> commits_between(const std::string& old_id, const std::string& new_id,
                                               std::size_t max_read);
  /// What the index would commit on top of the branch, read likewise, with
  /// the branch's config as the policy in force. The author is left empty.
  history::Commit staged(std::size_t max_read);
  /// The branch HEAD names (refs/heads/main).
  std::string branch();
  /// Whether commit `descendant` is `ancestor` or descends from it.
  bool descends(const std::string& descendant, const std::string& ancestor);
  /// The policy of the config at a commit, or nullopt (no such commit, no
  /// config, or one that does not parse).
  std::optional<Policy> policy_at(const std::string& commit_id);

  /// Opens the repository git names in the environment (GIT_DIR and, in a
  /// pre-receive hook, the quarantine of the pushed objects).
  static std::unique_ptr<Store> open_from_env();

  /// Sets a key of the repository's own git config (not the user's).
  void set_git_config(const std::string& key, const std::string& value);

  /// Defines the merge driver `tier merge-driver` in the clone's git config
  /// when it is not defined yet (.gitattributes alone does nothing).
  void ensure_merge_driver(const std::string& tier_program);

  /// Every ticket's header, through the cache; each bad file is a Problem
  /// and never hides the others.
  std::vector<Header> headers(std::vector<Problem>& problems, const Prefilter& pre = {});

  /// The headers a query selects, through the cache, one at a time and
  /// never all held: `problem` gets each bad file first (in path order; it
  /// may be empty), then `row` each header in the query's order, in a
  /// Header it may not keep. Memory stays flat in the number of tickets.
  void each_header(const HeaderQuery& query, const std::function<void(const Problem&)>& problem,
                   const std::function<void(const ListRow&)>& row);

  /// Where the cache reports its progress when it reads many files.
  void set_progress(Progress progress);

  /// The tickets whose text (search_document()) holds every term of the
  /// query and whose header passes its filter, best first (ties by id), at
  /// most `limit` (0: all), through the cache's full-text index, which the
  /// first search in a clone builds from every ticket. Each bad file is a
  /// Problem and never hides the others.
  std::vector<SearchHit> search(const SearchQuery& query, std::size_t limit, std::vector<Problem>& problems);

  /// Every ticket's facts (core/metrics.hpp) through the cache, computed once
  /// per file version; a file that cannot be read whole, its log included,
  /// is a Problem and never hides the others.
  std::vector<Facts> facts(std::vector<Problem>& problems, const Prefilter& pre = {});
  /// facts() one ticket at a time, without holding them all: `fn` gets each
  /// in a Facts it may not keep.
  void each_facts(std::vector<Problem>& problems, const std::function<void(const Facts&)>& fn,
                  const Prefilter& pre = {});

  /// The ids of the ticket files at the branch's commit, from the trees
  /// alone (no file is read), in tree order, from the fan-out directories
  /// whose name starts with `dir_prefix` (empty: every one).
  std::vector<std::string> ids(std::string_view dir_prefix = {});

  /// Calls fn for each ticket file at the branch's commit, in path order
  /// (a path that is not a file: empty text). The files are read ahead on
  /// a thread of their own, so fn must not use this Store.
  void for_each_ticket_file(const std::function<void(const std::string& path, std::string_view text)>& fn);

  /// The display name of an agent: the config's, else git's user.name when
  /// it is the same address, else the address.
  std::string agent_name(const std::string& email);

  /// When `agent` last looked at their day (tier-day(1)): kept per clone in
  /// .git/tier/looked, one "<agent> <RFC 3339>" line each; nullopt when never
  /// (or the file is damaged, which only makes the next look start afresh).
  std::optional<Time> last_look(const std::string& agent);
  /// Records that `agent` looked at `at`.
  void set_last_look(const std::string& agent, Time at);
  /// git's user.email, or empty.
  std::string git_user_email();

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tier::store
