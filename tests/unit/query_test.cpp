#include "core/query.hpp"

#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "support.hpp"

using namespace tier;

namespace {

Header header(std::string id, int created_minute) {
  Header h;
  h.id = std::move(id);
  h.title = "Laptop drops Wi-Fi";
  h.created = h.updated = test::at(created_minute);
  h.group = "service-desk";
  h.requester = Requester{"Dana Ruiz", test::dana, "milne"};
  return h;
}

/// An open tier-2 ticket with every filtered field set.
Header sample() {
  Header h = header("T-7k2m9qxa", 0);
  h.status = Status::Open;
  h.priority = Priority::High;
  h.category = "network";
  h.tier = 2;
  h.group = "cx-tier2";
  h.assignee = test::bob;
  h.owner = test::alice;
  h.tags = {"wifi", "basement"};
  return h;
}

std::vector<std::string> ids(const std::vector<Header>& rows) {
  std::vector<std::string> out;
  for (const auto& h : rows) out.push_back(h.id);
  return out;
}

}  // namespace

TEST_CASE("query: an empty filter matches everything") {
  CHECK(matches(sample(), ListFilter{}));
  CHECK(matches(Header{}, ListFilter{}));
}

TEST_CASE("query: matches() for each filter") {
  const Header h = sample();
  ListFilter f;

  SUBCASE("statuses: any of them") {
    f.statuses = {Status::Open};
    CHECK(matches(h, f));
    f.statuses = {Status::New, Status::Open};
    CHECK(matches(h, f));
    f.statuses = {Status::New, Status::Escalated};
    CHECK_FALSE(matches(h, f));
  }
  SUBCASE("groups: any of them") {
    f.groups = {"cx-tier2"};
    CHECK(matches(h, f));
    f.groups = {"service-desk"};
    CHECK_FALSE(matches(h, f));
    f.groups = {"cx"};
    CHECK_FALSE(matches(h, f));
    f.groups = {"service-desk", "cx-tier2"};
    CHECK(matches(h, f));
    f.groups = {"service-desk", "cn-accounts"};
    CHECK_FALSE(matches(h, f));
  }
  SUBCASE("assignees: any of them") {
    f.assignees = {test::bob};
    CHECK(matches(h, f));
    f.assignees = {test::alice};
    CHECK_FALSE(matches(h, f));
    f.assignees = {test::alice, test::bob};
    CHECK(matches(h, f));
  }
  SUBCASE("owners: any of them") {
    f.owners = {test::alice};
    CHECK(matches(h, f));
    f.owners = {test::bob};
    CHECK_FALSE(matches(h, f));
    f.owners = {test::bob, test::alice};
    CHECK(matches(h, f));
  }
  SUBCASE("unassigned") {
    f.unassigned = true;
    CHECK_FALSE(matches(h, f));
    Header u = h;
    u.assignee.clear();
    CHECK(matches(u, f));
  }
  SUBCASE("tiers: any of them") {
    f.tiers = {2};
    CHECK(matches(h, f));
    f.tiers = {1};
    CHECK_FALSE(matches(h, f));
    f.tiers = {1, 2};
    CHECK(matches(h, f));
  }
  SUBCASE("organizations: any of them") {
    f.organizations = {"milne"};
    CHECK(matches(h, f));
    f.organizations = {"strand"};
    CHECK_FALSE(matches(h, f));
    f.organizations = {"strand", "milne"};
    CHECK(matches(h, f));
  }
  SUBCASE("categories: any of them") {
    f.categories = {"network"};
    CHECK(matches(h, f));
    f.categories = {"accounts"};
    CHECK_FALSE(matches(h, f));
    f.categories = {"accounts", "network"};
    CHECK(matches(h, f));
  }
  SUBCASE("priorities: any of them") {
    f.priorities = {Priority::High};
    CHECK(matches(h, f));
    f.priorities = {Priority::Urgent};
    CHECK_FALSE(matches(h, f));
    f.priorities = {Priority::High, Priority::Urgent};
    CHECK(matches(h, f));
  }
  SUBCASE("tags: any of them is one of the ticket's tags") {
    f.tags = {"basement"};
    CHECK(matches(h, f));
    f.tags = {"wifi"};
    CHECK(matches(h, f));
    f.tags = {"wi"};
    CHECK_FALSE(matches(h, f));
    f.tags = {"printer", "wifi"};
    CHECK(matches(h, f));
  }
  SUBCASE("every filter at once") {
    f.statuses = {Status::Open};
    f.groups = {"cx-tier2"};
    f.assignees = {test::bob};
    f.owners = {test::alice};
    f.tiers = {2};
    f.organizations = {"milne"};
    f.categories = {"network"};
    f.priorities = {Priority::High};
    f.tags = {"wifi"};
    CHECK(matches(h, f));
    f.tags = {"printer"};
    CHECK_FALSE(matches(h, f));
    // Each member must match: another value elsewhere does not help.
    f.tags = {"wifi"};
    f.priorities = {Priority::Low, Priority::Urgent};
    CHECK_FALSE(matches(h, f));
  }
}

TEST_CASE("query: sort_headers() for each field") {
  // Created in the order a, b, c, d.
  Header a = header("T-aaaaaaaa", 1);
  Header b = header("T-bbbbbbbb", 2);
  Header c = header("T-cccccccc", 3);
  Header d = header("T-dddddddd", 4);
  a.updated = test::at(40);
  b.updated = test::at(10);
  c.updated = test::at(30);
  d.updated = test::at(20);
  a.priority = Priority::Low;
  b.priority = Priority::Urgent;
  c.priority = Priority::Normal;
  d.priority = Priority::High;
  a.status = Status::Resolved;
  b.status = Status::New;
  c.status = Status::Escalated;
  d.status = Status::Open;
  a.tier = 2;
  b.tier = 3;
  c.tier = 1;
  d.tier = 4;
  a.group = "service-desk";
  b.group = "cx-tier2";
  c.group = "field";
  d.group = "cn-accounts";
  a.assignee = "erin@example.edu";
  b.assignee = "";
  c.assignee = "carol@example.edu";
  d.assignee = "alice@example.edu";
  a.title = "b";
  b.title = "d";
  c.title = "a";
  d.title = "c";
  const std::vector<Header> rows = {c, a, d, b};

  auto sorted = [&](const std::string& field) {
    std::vector<Header> r = rows;
    REQUIRE(sort_headers(r, field));
    return ids(r);
  };
  using V = std::vector<std::string>;
  const std::string A = a.id, B = b.id, C = c.id, D = d.id;

  CHECK(sorted("created") == V{A, B, C, D});
  CHECK(sorted("-created") == V{D, C, B, A});
  CHECK(sorted("updated") == V{B, D, C, A});
  CHECK(sorted("-updated") == V{A, C, D, B});
  CHECK(sorted("priority") == V{B, D, C, A});  // urgent first
  CHECK(sorted("-priority") == V{A, C, D, B});
  CHECK(sorted("status") == V{B, D, C, A});  // new, open, escalated, ..., resolved
  CHECK(sorted("-status") == V{A, C, D, B});
  CHECK(sorted("tier") == V{C, A, B, D});
  CHECK(sorted("-tier") == V{D, B, A, C});
  CHECK(sorted("group") == V{D, B, C, A});
  CHECK(sorted("-group") == V{A, C, B, D});
  CHECK(sorted("assignee") == V{B, D, C, A});  // unassigned first
  CHECK(sorted("-assignee") == V{A, C, D, B});
  CHECK(sorted("id") == V{A, B, C, D});
  CHECK(sorted("-id") == V{D, C, B, A});
  CHECK(sorted("title") == V{C, A, D, B});
  CHECK(sorted("-title") == V{B, D, A, C});

  for (const auto& field : sort_fields()) {
    CAPTURE(field);
    std::vector<Header> r = rows;
    CHECK(sort_headers(r, field));
    CHECK(sort_headers(r, "-" + field));
  }
}

TEST_CASE("query: sort_headers() breaks ties by creation, then id") {
  Header x = header("T-xxxxxxxx", 5);
  Header y = header("T-yyyyyyyy", 1);
  Header z = header("T-zzzzzzzz", 1);
  Header w = header("T-wwwwwwww", 9);
  w.priority = Priority::Urgent;
  const std::vector<Header> rows = {x, z, w, y};
  using V = std::vector<std::string>;

  std::vector<Header> r = rows;
  REQUIRE(sort_headers(r, "priority"));
  CHECK(ids(r) == V{w.id, y.id, z.id, x.id});
  r = rows;
  REQUIRE(sort_headers(r, "-priority"));
  CHECK(ids(r) == V{y.id, z.id, x.id, w.id});
  r = rows;
  REQUIRE(sort_headers(r, "group"));
  CHECK(ids(r) == V{y.id, z.id, x.id, w.id});
}

TEST_CASE("query: an unknown sort field returns false and leaves the rows") {
  const std::vector<Header> rows = {header("T-bbbbbbbb", 2), header("T-aaaaaaaa", 1)};
  for (const char* field : {"", "-", "owner", "Created", "--created", "created ", "csat"}) {
    CAPTURE(field);
    std::vector<Header> r = rows;
    CHECK_FALSE(sort_headers(r, field));
    CHECK(r == rows);
  }
  CHECK(sort_fields() == std::vector<std::string>{"created", "updated", "priority", "status", "tier", "group",
                                                  "assignee", "id", "title"});
}
