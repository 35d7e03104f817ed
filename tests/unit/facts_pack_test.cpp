#include "core/store/facts_pack.hpp"

#include <limits>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "core/error.hpp"

using namespace tier;
using namespace tier::store;

namespace {

// Every member set, optionals both ways across the two tickets.
Facts full() {
  Facts f;
  f.id = "T-7k2m9qxa";
  f.created = Time{1'795'000'000'000};
  f.intake_group = "service-desk";
  f.owner = "alice@example.edu";
  f.organization = "milne";
  f.category = "network";
  f.first_claimant = "alice@example.edu";
  f.first_response_at = Time{1'795'000'600'000};
  f.priority = Priority::Urgent;
  f.first_resolved_at = Time{1'795'030'000'000};
  f.resolved_at = Time{1'795'090'000'000};
  f.resolved_by = "bob@example.edu";
  f.resolved_article = "wifi-drops";
  f.first_contact = true;
  f.escalations = 2;
  f.tiers_reached = 0b110;
  f.escalated_from = 0b10;
  f.handbacks = 1;
  f.reopens = 1;
  f.csat = 5;
  f.rated_at = Time{1'795'095'000'000};
  f.episode = Time{1'795'050'000'000};
  f.pauses = {Pause{Time{1'795'010'000'000}, Time{1'795'020'000'000}}, Pause{Time{1'795'090'000'000}, std::nullopt}};
  f.done = {Pause{Time{1'795'030'000'000}, Time{1'795'050'000'000}}, Pause{Time{1'795'090'000'000}, std::nullopt}};
  f.agents = {"alice@example.edu", "bob@example.edu"};
  f.actions = {Action{0, Time{1'795'000'600'000}}, Action{1, Time{1'795'090'000'000}}, Action{0, Time{1'795'090'000'000}}};
  return f;
}

Facts bare() {
  Facts f;
  f.id = "T-2b4c6d8e";
  f.created = Time{-5};
  f.intake_group = "service-desk";  // the same strings are stored once
  f.owner = "alice@example.edu";
  return f;
}

std::vector<PackEntry> decoded(std::string_view blob) {
  std::vector<PackEntry> out;
  decode_pack(blob, [&](const PackEntry& e) { out.push_back(e); });
  return out;
}

}  // namespace

TEST_CASE("facts pack: every member and every problem come back as written") {
  std::vector<PackEntry> in(3);
  in[0].facts = full();
  in[1].is_problem = true;
  in[1].path = "tickets/2b/T-2b000000.toml";
  in[1].line = 7;
  in[1].message = "expected '='";
  in[2].facts = bare();
  const std::vector<PackEntry> out = decoded(encode_pack(in));
  REQUIRE(out.size() == 3);
  CHECK_FALSE(out[0].is_problem);
  CHECK(out[0].facts == full());
  CHECK(out[1].is_problem);
  CHECK(out[1].path == "tickets/2b/T-2b000000.toml");
  CHECK(out[1].line == 7);
  CHECK(out[1].message == "expected '='");
  CHECK_FALSE(out[2].is_problem);
  CHECK(out[2].facts == bare());  // nothing left over from the ticket before
}

TEST_CASE("facts pack: the agents' entries at any time, in any order, come back as written") {
  std::vector<PackEntry> in(1);
  Facts& f = in[0].facts;
  f.id = "T-7k2m9qxa";
  f.created = Time{1'795'000'000'000};
  f.agents = {"alice@example.edu"};
  for (const std::int64_t ms : {std::int64_t{1'795'000'000'000}, std::int64_t{1'794'000'000'000},  // before it
                                std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::int64_t>::min(),
                                std::int64_t{0}, std::int64_t{-1}})
    f.actions.push_back(Action{0, Time{ms}});
  const std::vector<PackEntry> out = decoded(encode_pack(in));
  REQUIRE(out.size() == 1);
  CHECK(out[0].facts == f);
}

TEST_CASE("facts pack: an empty directory's pack is empty") {
  CHECK(decoded(encode_pack({})).empty());
}

TEST_CASE("facts pack: a damaged blob is an error, never a wrong figure") {
  std::vector<PackEntry> in(1);
  in[0].facts = full();
  const std::string blob = encode_pack(in);
  CHECK_THROWS_AS(decoded(""), Error);
  CHECK_THROWS_AS(decoded(blob.substr(0, blob.size() - 1)), Error);  // cut short
  CHECK_THROWS_AS(decoded(blob + "x"), Error);                        // trailing bytes
  std::string other_version = blob;
  other_version[0] = char(9);
  CHECK_THROWS_AS(decoded(other_version), Error);

  std::vector<PackEntry> problem(1);
  problem[0].is_problem = true;
  problem[0].path = "tickets/2b/T-2b000000.toml";
  problem[0].message = "expected '='";
  std::string bad_index = encode_pack(problem);
  bad_index[bad_index.size() - 4] = char(2);  // the message's index, last in the blob: past the table of 2
  CHECK_THROWS_AS(decoded(bad_index), Error);
  bad_index[bad_index.size() - 4] = char(1);
  CHECK(decoded(bad_index).at(0).message == "expected '='");

  // The last action's agent (a varint before its step of 0, last in the blob): past the two agents.
  std::string bad_agent = blob;
  REQUIRE(bad_agent[bad_agent.size() - 1] == char(0));
  bad_agent[bad_agent.size() - 2] = char(2);
  CHECK_THROWS_AS(decoded(bad_agent), Error);
  bad_agent[bad_agent.size() - 2] = char(1);
  CHECK(decoded(bad_agent).at(0).facts.actions.back() == Action{1, Time{1'795'090'000'000}});
}
