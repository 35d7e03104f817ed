#pragma once

#include <sqlite3.h>
#include <git2.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/metrics.hpp"
#include "core/store/store.hpp"

namespace tier::store {

/// The disposable cache of ticket headers: an SQLite file under the git
/// directory, never committed, keyed by the git ids of the fan-out trees and
/// ticket blobs, so that it catches up with any commit by reading only what
/// changed and can be deleted at any time.
class Cache {
 public:
  /// What the cache keeps besides the headers and the clocks: the reports'
  /// facts (facts_packs), the full-text index of search.
  struct Kept {
    bool facts = false;
    bool search = false;
  };

  /// `max_file`: a ticket file larger than this is a Problem, never read
  /// ([limits] ticket).
  Cache(git_repository* repo, std::string path, std::size_t max_file, Progress progress = {});
  ~Cache();
  Cache(const Cache&) = delete;
  Cache& operator=(const Cache&) = delete;

  /// Brings the cache up to `tree` (the branch's root tree, or null) and
  /// returns the headers that pass the prefilter, and a Problem per bad file.
  std::vector<Header> headers(const git_tree* tree, std::vector<Problem>& problems, const Prefilter& pre = {});
  /// Brings the cache up to `tree` and streams what Store::each_header() says.
  void each_header(const git_tree* tree, const HeaderQuery& query, const std::function<void(const Problem&)>& problem,
                   const std::function<void(const ListRow&)>& row);

  /// Brings the cache up to `tree` and returns the facts (core/metrics.hpp)
  /// of the tickets that pass the prefilter, and a Problem per file that
  /// cannot be read whole (its log too), in path order.
  std::vector<Facts> facts(const git_tree* tree, std::vector<Problem>& problems, const Prefilter& pre = {});
  /// facts() one ticket at a time: `fn` gets each, in a Facts it may not keep.
  void each_facts(const git_tree* tree, std::vector<Problem>& problems, const std::function<void(const Facts&)>& fn,
                  const Prefilter& pre = {});

  /// Brings the cache and its full-text index up to `tree` (building the
  /// index on first use) and returns the hits of Store::search().
  std::vector<SearchHit> search(const git_tree* tree, const SearchQuery& query, std::size_t limit,
                                std::vector<Problem>& problems);

 private:
  struct Writer;
  void open();
  /// Brings the rows up to `tree`; with `listing`, the listings' indexes
  /// too, which a search does without.
  void update(const git_tree* tree, bool listing = true);
  /// What is kept (meta 'facts' and 'search'): the first report turns the
  /// facts on, the first search the index; each stays on.
  Kept kept();
  /// Turns on what `more` asks for and is not yet kept: the next update
  /// then reads every ticket again.
  void keep(Kept more);
  /// Makes the listings' indexes, in the transaction open, and forgets
  /// that they were left for later.
  void make_list_indexes();
  /// Whether no ticket row is kept.
  bool empty();
  /// Sets the journal mode (WAL, DELETE) if no other connection is open;
  /// whether it is now that mode.
  bool journal(const char* mode);
  git_repository* repo_;
  std::string path_;
  std::size_t max_file_;
  Progress progress_;
  sqlite3* db_ = nullptr;
  struct SlaLeft;
  std::unique_ptr<SlaLeft> sla_left_fn_;
};

}  // namespace tier::store
