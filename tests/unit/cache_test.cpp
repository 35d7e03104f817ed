#include "core/store/cache.hpp"

#include <git2.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "core/ids.hpp"
#include "core/query.hpp"
#include "core/search.hpp"
#include "core/store/store.hpp"
#include "formats/config_toml.hpp"

using namespace tier;

namespace {

/// A store in a temporary directory, removed at the end.
struct TempStore {
  std::string dir;
  std::unique_ptr<store::Store> st;
  TempStore() {
    git_libgit2_init();
    char tmpl[] = "/tmp/tier-cache-test-XXXXXX";
    dir = mkdtemp(tmpl);
    store::Store::init(dir, formats::example_config(), {"Alice", "alice@example.edu", Time{0}});
    st = store::Store::open(dir);
  }
  ~TempStore() {
    st.reset();
    std::filesystem::remove_all(dir);
    git_libgit2_shutdown();
  }
};

/// Tickets whose every listed field takes a few values, with ties in the
/// sort keys, so that each filter and each order has something to decide.
std::vector<Ticket> varied_tickets() {
  const std::vector<std::string> groups = {"service-desk", "cx-tier2", "cn-accounts"};
  const std::vector<std::string> agents = {"", "alice@example.edu", "bob@example.edu", "Carol@example.edu"};
  const std::vector<std::string> orgs = {"milne", "strand", "hollis"};
  const std::vector<std::vector<std::string>> tags = {{}, {"wifi"}, {"wifi", "vpn"}, {"vpn"}, {"a b", "wifi2"}};
  std::vector<Ticket> out;
  for (int i = 0; i < 60; ++i) {
    Ticket t;
    t.id = make_id("T", std::uint64_t(i) * 7919 + 13);
    t.title = i % 4 == 0 ? "Printer jams" : i % 4 == 1 ? "printer" : i % 4 == 2 ? "\xC3\x89" "cran noir" : "VPN";
    t.status = Status(i % 6);
    t.priority = Priority(i % 4);
    t.category = i % 3 == 0 ? "" : i % 3 == 1 ? "network" : "printing";
    t.tier = 1 + i % 3;
    t.group = groups[std::size_t(i) % groups.size()];
    t.assignee = agents[std::size_t(i) % agents.size()];
    t.owner = agents[std::size_t(i + 1) % agents.size()];
    t.escalations = i % 3;
    t.tags = tags[std::size_t(i) % tags.size()];
    t.created = Time{1000 * (i / 3)};  // three tickets a time: ties
    t.updated = Time{5000 - 1000 * (i % 5)};
    t.requester = {"R", "r@milne.example.edu", orgs[std::size_t(i) % orgs.size()]};
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<std::string> ids_of(const std::vector<Header>& rows) {
  std::vector<std::string> ids;
  for (const auto& h : rows) ids.push_back(h.id);
  return ids;
}

}  // namespace

TEST_CASE("cache: each_header filters, orders and limits as matches() and sort_headers() do") {
  TempStore s;
  const std::vector<Ticket> tickets = varied_tickets();
  std::vector<const Ticket*> ptrs;
  for (const auto& t : tickets) ptrs.push_back(&t);
  s.st->commit(ptrs, "import", {"Alice", "alice@example.edu", Time{0}});

  std::vector<ListFilter> filters(20);
  filters[1].statuses = {Status::Open, Status::Pending};
  filters[2].groups = {"cx-tier2"};
  filters[3].groups = {"service-desk", "cn-accounts"};
  filters[4].assignees = {"bob@example.edu"};
  filters[5].owners = {"alice@example.edu"};
  filters[6].unassigned = true;
  filters[7].tiers = {2};
  filters[8].organizations = {"strand"};
  filters[9].categories = {"network"};
  filters[10].priorities = {Priority::Urgent};
  filters[11].tags = {"wifi"};
  filters[12].tags = {"a b"};
  filters[13].statuses = {Status::New};
  filters[13].groups = {"service-desk"};
  filters[13].tags = {"vpn"};
  // Lists: any of the values of each member, every member.
  filters[14].assignees = {"bob@example.edu", "carol@example.edu"};
  filters[15].owners = {"alice@example.edu", "erin@example.edu"};
  filters[16].tiers = {1, 3};
  filters[17].priorities = {Priority::High, Priority::Urgent};
  filters[17].categories = {"network", "accounts"};
  filters[18].tags = {"wifi", "vpn", "no\x1fsuch"};
  filters[19].organizations = {"strand", "milne"};
  filters[19].statuses = {Status::Open, Status::New};

  std::vector<std::string> sorts;
  for (const auto& f : sort_fields()) {
    sorts.push_back(f);
    sorts.push_back("-" + f);
  }
  for (const ListFilter& f : filters)
    for (const std::string& sort : sorts)
      for (std::size_t limit : {std::size_t(0), std::size_t(1), std::size_t(7)}) {
        std::vector<Header> want(tickets.begin(), tickets.end());
        std::erase_if(want, [&](const Header& h) { return !matches(h, f); });
        REQUIRE(sort_headers(want, sort));
        if (limit && want.size() > limit) want.resize(limit);

        for (auto fields : {store::HeaderQuery::Fields::All, store::HeaderQuery::Fields::Id}) {
          std::vector<Header> got;
          store::HeaderQuery q;
          q.filter = f;
          q.sort = sort;
          q.limit = limit;
          q.fields = fields;
          s.st->each_header(q, {}, [&](const store::ListRow& r) { got.push_back(r.header); });
          CAPTURE(sort);
          CAPTURE(limit);
          CHECK(ids_of(got) == ids_of(want));
          if (fields == store::HeaderQuery::Fields::All) CHECK(got == want);
        }
      }
}

namespace {

/// The names of the cache's indexes of `tickets`, and its meta 'indexes'.
std::pair<std::vector<std::string>, std::string> ticket_indexes_of(const std::string& cache) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(cache.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  std::vector<std::string> names;
  std::string later;
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type='index' AND tbl_name='tickets'"
                             " AND name LIKE 'tickets_%' ORDER BY name", -1, &st, nullptr) == SQLITE_OK);
  while (sqlite3_step(st) == SQLITE_ROW) names.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
  sqlite3_finalize(st);
  REQUIRE(sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key='indexes'", -1, &st, nullptr) == SQLITE_OK);
  if (sqlite3_step(st) == SQLITE_ROW) later = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(db);
  return {names, later};
}

}  // namespace

TEST_CASE("cache: a first search leaves the listings' indexes to the first listing") {
  TempStore s;
  // Enough tickets for a fill from nothing in bulk: a directory each, most of them.
  std::vector<Ticket> tickets;
  for (int i = 0; i < 600; ++i) {
    Ticket t;
    t.id = make_id("T", (std::uint64_t(i) * 11400714819323198485ull) >> 24);  // spread over the directories
    t.title = i % 3 == 0 ? "Printer jams" : "VPN drops";
    t.status = Status(i % 6);
    t.group = i % 2 ? "service-desk" : "cx-tier2";
    t.created = Time{1000 * (i % 50)};
    t.requester = {"R", "r@milne.example.edu", "milne"};
    tickets.push_back(std::move(t));
  }
  std::vector<const Ticket*> ptrs;
  for (const auto& t : tickets) ptrs.push_back(&t);
  s.st->commit(ptrs, "import", {"Alice", "alice@example.edu", Time{0}});
  const std::string cache = s.st->git_dir() + "tier/cache.sqlite";

  std::vector<store::Problem> problems;
  const auto hits = s.st->search(parse_search_query("printer"), 0, problems);
  CHECK(hits.size() == 200);
  const std::vector<std::string> all = {"tickets_clock", "tickets_created", "tickets_problems", "tickets_status"};
  CHECK(ticket_indexes_of(cache) == std::pair<std::vector<std::string>, std::string>({"tickets_problems"}, "later"));

  // A second search leaves them too; a listing makes them, and lists as before.
  CHECK(s.st->search(parse_search_query("vpn"), 0, problems).size() == 400);
  CHECK(ticket_indexes_of(cache).first == std::vector<std::string>{"tickets_problems"});
  store::HeaderQuery q;
  q.filter.statuses = {Status::New};
  q.filter.groups = {"cx-tier2"};
  q.sort = "created";
  q.limit = 5;
  std::vector<Header> got;
  s.st->each_header(q, {}, [&](const store::ListRow& r) { got.push_back(r.header); });
  std::vector<Header> want(tickets.begin(), tickets.end());
  std::erase_if(want, [&](const Header& h) { return !matches(h, q.filter); });
  REQUIRE(sort_headers(want, q.sort));
  want.resize(5);
  CHECK(ids_of(got) == ids_of(want));
  CHECK(ticket_indexes_of(cache) == std::pair<std::vector<std::string>, std::string>(all, ""));
}
