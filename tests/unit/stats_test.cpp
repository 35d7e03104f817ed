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
  if (!owner.empty()) {
    f.agents = {owner};
    f.actions = {Action{0, f.created}};
  }
  return f;
}

Facts& responded(Facts& f, int after) {
  f.first_response_at = Time{f.created.ms + after * min_ms};
  return f;
}

// Resolved at `minute`, after `working` minutes of working time: pending
// for the rest (every hour counts in these tests).
Facts& resolved_at(Facts& f, int minute, int working, bool first_contact = false) {
  f.resolved_at = f.first_resolved_at = at(minute);
  const Time stop{f.created.ms + working * min_ms};
  if (stop < at(minute)) f.pauses.push_back({stop, at(minute)});
  f.pauses.push_back({at(minute), std::nullopt});
  f.done.push_back({at(minute), std::nullopt});
  f.first_contact = first_contact;
  return f;
}

const Policy every_hour;  // no [hours], no service levels

std::vector<StatsRow> stats(const std::vector<Facts>& all, const Period& period, By by, Time now = at(100000)) {
  const Clocks clocks(every_hour);
  return tier::stats(all, period, by, clocks, now);
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
  a.rated_at = at(310);
  all.push_back(a);
  Facts b = ticket(10);
  responded(b, 10);
  resolved_at(b, 400, 300);
  b.resolved_article = "wifi-drops";
  escalated(b, 2, 0b10, 0b110, 1);
  b.csat = 2;
  b.rated_at = at(410);
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
  early.rated_at = at(110);
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
  const auto rows = stats({f}, {}, By::Month, at(10 * 1440 + 1));
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].key == "2026-11");
  CHECK(rows[0].figures.created == 1);
  CHECK(rows[0].figures.resolved == 0);
  CHECK(rows[0].figures.backlog == 1);
  CHECK(rows[0].figures.handled == 1);
  CHECK_FALSE(rows[0].figures.resolution_mean);
  CHECK(rows[1].key == "2026-12");
  CHECK(rows[1].figures.created == 0);
  CHECK(rows[1].figures.resolved == 1);
  CHECK(rows[1].figures.backlog == 0);
  CHECK(rows[1].figures.handled == 0);
  CHECK(rows[1].figures.resolution_mean == 600 * 60);
  CHECK_FALSE(rows[1].figures.handbacks_per_ticket);
}

TEST_CASE("stats --by month, week: a row for every one of the period, empty or not, the backlog carried") {
  Facts a = ticket(0);               // Monday 2026-11-23
  resolved_at(a, 15 * 1440, 600);    // Tuesday 2026-12-08
  Facts b = ticket(-30 * 1440);      // Saturday 2026-10-24, never resolved
  const Period period{from_civil(2026, 10, 1), from_civil(2027, 1, 1)};
  const auto months = stats({a, b}, period, By::Month);
  REQUIRE(months.size() == 3);
  CHECK(months[0].key == "2026-10");
  CHECK(months[0].figures.created == 1);
  CHECK(months[0].figures.backlog == 1);
  CHECK(months[1].key == "2026-11");
  CHECK(months[1].figures.backlog == 2);
  CHECK(months[2].key == "2026-12");
  CHECK(months[2].figures.resolved == 1);
  CHECK(months[2].figures.backlog == 1);

  // Weeks from their Monday; with --since, from the week of `since`.
  const auto weeks = stats({a, b}, {from_civil(2026, 11, 16), from_civil(2026, 12, 9)}, By::Week);
  std::vector<std::string> keys;
  std::vector<std::int64_t> backlog;
  for (const auto& r : weeks) {
    keys.push_back(*r.key);
    backlog.push_back(r.figures.backlog);
  }
  CHECK(keys == std::vector<std::string>{"2026-11-16", "2026-11-23", "2026-11-30", "2026-12-07"});
  CHECK(backlog == std::vector<std::int64_t>{1, 2, 2, 1});
  CHECK(weeks[1].figures.created == 1);
  CHECK(weeks[3].figures.resolved == 1);
  // The backlog of the last row is that of the period as a whole.
  CHECK(stats({a, b}, {from_civil(2026, 11, 16), from_civil(2026, 12, 9)}, By::Nothing)[0].figures.backlog == 1);

  // Without --since, from the first week with a figure; without --until, to now's.
  const auto to_now = stats({a}, {}, By::Week, at(30 * 1440));
  REQUIRE(to_now.size() == 5);
  CHECK(to_now.front().key == "2026-11-23");
  CHECK(to_now.back().key == "2026-12-21");
  CHECK(stats({}, {}, By::Week).empty());
}

TEST_CASE("stats --by month, week: rows only between 1970 and 2200, whatever a ticket's date") {
  Facts ancient = ticket(0), future = ticket(0);
  ancient.created = from_civil(1, 1, 1);
  future.created = from_civil(9999, 1, 1);
  ancient.actions = future.actions = {};
  const auto weeks = stats({ancient, future}, {}, By::Week, at(0));
  REQUIRE(weeks.size() == 2970);  // 1969-12-29, the Monday of 1970-01-01's week, to 2026-11-23
  CHECK(weeks.front().key == "1969-12-29");
  CHECK(weeks.back().key == "2026-11-23");
  CHECK(weeks.front().figures.backlog == 1);  // the ancient ticket, open since
  const auto months = stats({ancient, future}, {from_civil(1, 1, 1), from_civil(9999, 1, 1)}, By::Month, at(0));
  REQUIRE(months.size() == 230 * 12);
  CHECK(months.front().key == "1970-01");
  CHECK(months.back().key == "2199-12");
  CHECK(months.back().figures.backlog == 1);
}

TEST_CASE("stats --by week: an agent's entries out of time order count once a week") {
  Facts f = ticket(0);
  f.actions = {Action{0, at(0)}, Action{0, at(8 * 1440)}, Action{0, at(60)}};  // Monday, the next Tuesday, Monday
  const auto weeks = stats({f}, {}, By::Week, at(8 * 1440));
  REQUIRE(weeks.size() == 2);
  CHECK(weeks[0].figures.handled == 1);
  CHECK(weeks[1].figures.handled == 1);
}

TEST_CASE("stats --by agent: each agent who acted, tier 2 included, and the tickets each handled") {
  const Policy p = example_policy();
  Ticket t = handed_back(p);  // alice creates, claims and escalates; bob claims and hands back
  t = step(t, noted(Event::Resolve, alice, 10, "Done"), p);
  Ticket u = at_tier2(p);
  u.id = "T-2b4c6d8e";
  Ticket mail = created(p, request(), dana);  // from the requester's mail, untouched
  mail.id = "T-3c4d5e6f";
  const auto rows = stats({facts_of(t), facts_of(u), facts_of(mail)}, {}, By::Agent);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].key == alice);
  CHECK(rows[0].figures.handled == 2);
  CHECK(rows[0].figures.created == 2);
  CHECK(rows[0].figures.resolved == 1);
  CHECK(rows[1].key == bob);
  CHECK(rows[1].figures.handled == 2);
  CHECK(rows[1].figures.resolved == 1);
  CHECK(rows[1].figures.backlog == 1);
  CHECK_FALSE(rows[2].key);
  CHECK(rows[2].figures.handled == 0);
  CHECK(rows[2].figures.created == 1);
  CHECK(rows[2].figures.backlog == 1);
  // Handled in a period: bob acted only at 3 and 4.
  const auto late = stats({facts_of(t), facts_of(u)}, {at(5), std::nullopt}, By::Agent);
  REQUIRE(late.size() == 2);
  CHECK(late[0].figures.handled == 1);
  CHECK(late[1].figures.handled == 0);
}

TEST_CASE("stats: from real logs, pending time left out") {
  const Policy p = example_policy();
  Ticket t = created(p);
  t = step(t, entry(Event::Claim, alice, 30), p);
  t = step(t, comment(alice, 60, "Which room?", Visibility::Public, true), p);
  t = step(t, comment(dana, 180, "B12"), p);
  t = step(t, noted(Event::Resolve, alice, 240, "Replaced the card"), p);
  const Figures x = stats({facts_of(t)}, {}, By::Nothing)[0].figures;
  CHECK(x.first_response_mean == 3600);  // the question at 11:00, not the claim
  CHECK(x.resolution_median == 7200);
  CHECK(x.first_contact_resolution == 1.0);
  CHECK(x.escalation_rate == std::map<int, double>{{1, 0.0}});
}

TEST_CASE("stats: --by names") {
  CHECK(parse_by("org") == By::Organization);
  CHECK(parse_by("agent") == By::Agent);
  CHECK_FALSE(parse_by("owner"));
  CHECK(to_string(By::Month) == "month");
  CHECK(parse_by("week") == By::Week);
  CHECK(to_string(By::Week) == "week");
}
