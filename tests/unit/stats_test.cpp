#include "core/stats.hpp"

#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "support.hpp"

using namespace tier;
using namespace tier::test;

namespace {

constexpr std::int64_t min_ms = 60'000;

// A ticket's facts made by hand: created at `minute`, in service-desk, for milne.
Facts ticket(int minute, std::string owner = alice) {
  Facts f;
  f.id = "T-" + std::to_string(minute);
  f.created = f.episode = at(minute);
  f.intake_group = "service-desk";
  f.owner = owner;
  f.first_claimant = owner;
  f.organization = "milne";
  f.category = "network";
  f.tiers_reached = 0b10;
  return f;
}

Facts& responded(Facts& f, int after) {
  f.first_response_at = Time{f.created.ms + after * min_ms};
  f.first_response_ms = after * min_ms;
  return f;
}

Facts& resolved_at(Facts& f, int minute, int working, bool first_contact = false) {
  f.resolved_at = at(minute);
  f.resolution_ms = working * min_ms;
  f.first_contact = first_contact;
  return f;
}

Facts& escalated(Facts& f, int times, std::uint32_t from, std::uint32_t reached, int handbacks = 0) {
  f.escalations = times;
  f.escalated_from = from;
  f.tiers_reached = reached;
  f.handbacks = handbacks;
  return f;
}

}  // namespace

TEST_CASE("stats: every figure over a known set") {
  std::vector<Facts> all;
  Facts a = ticket(0);
  responded(a, 30);
  resolved_at(a, 300, 120, true);
  a.csat = 5;
  all.push_back(a);
  Facts b = ticket(10);
  responded(b, 10);
  resolved_at(b, 400, 300);
  b.resolved_article = "wifi-drops";
  escalated(b, 2, 0b10, 0b110, 1);
  b.csat = 2;
  all.push_back(b);
  Facts c = ticket(20);
  responded(c, 60);
  escalated(c, 1, 0b10, 0b110, 1);
  all.push_back(c);
  Facts d = ticket(30, "");  // nobody took it, no response yet
  d.first_claimant.clear();
  all.push_back(d);

  const auto rows = stats(all, {}, By::Nothing);
  REQUIRE(rows.size() == 1);
  CHECK_FALSE(rows[0].key);
  const Figures& x = rows[0].figures;
  CHECK(x.created == 4);
  CHECK(x.resolved == 2);
  CHECK(x.first_contact_resolution == 0.5);
  CHECK(x.first_response_mean == doctest::Approx(100.0 / 3 * 60));  // 10, 30, 60 minutes
  CHECK(x.first_response_median == 30 * 60);
  CHECK(x.resolution_mean == 210 * 60);    // 120 and 300 minutes
  CHECK(x.resolution_median == 210 * 60);  // an even count: the mean of the middle two
  CHECK(x.escalation_rate == std::map<int, double>{{1, 0.5}, {2, 0.0}});
  CHECK(x.escalated_twice == 1);
  CHECK(x.handbacks_per_ticket == 0.5);
  CHECK(x.csat_mean == 3.5);
  CHECK(x.csat_count == 2);
  CHECK(x.resolved_by_article == 1);
}

TEST_CASE("stats: nothing to measure is null, counts are zero") {
  const auto rows = stats({}, {}, By::Nothing);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].figures == Figures{});
  CHECK_FALSE(rows[0].figures.first_contact_resolution);
  CHECK_FALSE(rows[0].figures.first_response_mean);
  CHECK_FALSE(rows[0].figures.resolution_median);
  CHECK_FALSE(rows[0].figures.handbacks_per_ticket);
  CHECK_FALSE(rows[0].figures.csat_mean);
  CHECK(rows[0].figures.escalation_rate.empty());
  CHECK(stats({}, {}, By::Group).empty());
}

TEST_CASE("stats: a period counts creations and resolutions in it, since inclusive, until exclusive") {
  std::vector<Facts> all;
  Facts early = ticket(0);
  resolved_at(early, 100, 100, true);  // created before, resolved inside
  early.csat = 4;
  all.push_back(early);
  Facts inside = ticket(60);  // created inside, resolved after
  resolved_at(inside, 200, 140);
  all.push_back(inside);
  Facts edge = ticket(120);  // created on `until`: outside
  all.push_back(edge);
  const Period period{at(60), at(120)};
  const Figures x = stats(all, period, By::Nothing)[0].figures;
  CHECK(x.created == 1);
  CHECK(x.resolved == 1);
  CHECK(x.first_contact_resolution == 1.0);
  CHECK(x.resolution_mean == 100 * 60);
  CHECK(x.csat_count == 1);
  CHECK(x.csat_mean == 4.0);
  CHECK_FALSE(x.first_response_mean);
  CHECK(x.handbacks_per_ticket == 0.0);
}

TEST_CASE("stats: medians of odd and even counts") {
  std::vector<std::int64_t> none;
  CHECK_FALSE(median(none));
  std::vector<std::int64_t> odd = {9, 1, 5};
  CHECK(median(odd) == 5.0);
  std::vector<std::int64_t> even = {40, 10, 30, 20};
  CHECK(median(even) == 25.0);
  std::vector<std::int64_t> two = {3, 4};
  CHECK(median(two) == 3.5);
}

TEST_CASE("stats --by group, agent, org, category: sorted, the unset key last") {
  std::vector<Facts> all;
  Facts a = ticket(0);
  a.intake_group = "service-desk";
  all.push_back(a);
  Facts b = ticket(1, bob);
  b.intake_group = "cn-accounts";
  b.organization = "hollis";
  b.category = "";
  all.push_back(b);
  Facts c = ticket(2, "");
  all.push_back(c);

  auto keys = [&](By by) {
    std::vector<std::string> out;
    for (const auto& r : stats(all, {}, by)) out.push_back(r.key.value_or("(none)"));
    return out;
  };
  CHECK(keys(By::Group) == std::vector<std::string>{"cn-accounts", "service-desk"});
  CHECK(keys(By::Agent) == std::vector<std::string>{alice, bob, "(none)"});
  CHECK(keys(By::Organization) == std::vector<std::string>{"hollis", "milne"});
  CHECK(keys(By::Category) == std::vector<std::string>{"network", "(none)"});
  const auto groups = stats(all, {}, By::Group);
  CHECK(groups[0].figures.created == 1);
  CHECK(groups[1].figures.created == 2);
}

TEST_CASE("stats --by month: creations by the month created, resolutions by the month resolved") {
  Facts f = ticket(0);  // 2026-11-23
  resolved_at(f, 10 * 1440, 600);  // 2026-12-03
  const auto rows = stats({f}, {}, By::Month);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].key == "2026-11");
  CHECK(rows[0].figures.created == 1);
  CHECK(rows[0].figures.resolved == 0);
  CHECK_FALSE(rows[0].figures.resolution_mean);
  CHECK(rows[1].key == "2026-12");
  CHECK(rows[1].figures.created == 0);
  CHECK(rows[1].figures.resolved == 1);
  CHECK(rows[1].figures.resolution_mean == 600 * 60);
  CHECK_FALSE(rows[1].figures.handbacks_per_ticket);
}

TEST_CASE("stats: from real logs, pending time left out") {
  const Policy p = example_policy();
  Ticket t = created(p);
  t = step(t, entry(Event::Claim, alice, 30), p);
  t = step(t, comment(alice, 60, "Which room?", Visibility::Public, true), p);
  t = step(t, comment(dana, 180, "B12"), p);
  t = step(t, noted(Event::Resolve, alice, 240, "Replaced the card"), p);
  const Figures x = stats({facts_of(t)}, {}, By::Nothing)[0].figures;
  CHECK(x.first_response_mean == 1800);
  CHECK(x.resolution_median == 7200);
  CHECK(x.first_contact_resolution == 1.0);
  CHECK(x.escalation_rate == std::map<int, double>{{1, 0.0}});
}

TEST_CASE("stats: --by names") {
  CHECK(parse_by("org") == By::Organization);
  CHECK(parse_by("agent") == By::Agent);
  CHECK_FALSE(parse_by("owner"));
  CHECK(to_string(By::Month) == "month");
}
