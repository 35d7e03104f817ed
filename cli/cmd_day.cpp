#include <algorithm>
#include <map>
#include <unordered_map>

#include "cli/commands.hpp"
#include "cli/render.hpp"
#include "core/day.hpp"
#include "core/policy.hpp"
#include "core/when.hpp"
#include "core/zone.hpp"

namespace tier::cli {
namespace {

struct DayArgs {
  std::string since;
};

// A ticket the day shows, with what it needs of the ticket.
struct DueRow {
  const Header* header;
  std::string what;  // respond, resolve, visit
  Time due;
  bool late;
};

struct BackRow {
  const Header* header;
  Comeback back;
};

struct QueueCounts {
  std::string group;
  int fresh = 0, escalated = 0, overdue = 0;
};

int status_rank(Status s) {
  switch (s) {
    case Status::Open: return 0;
    case Status::Escalated: return 1;
    case Status::New: return 2;
    case Status::Pending: return 3;
    default: return 4;
  }
}

// Midnight at the start of the local day of `now`, and of the next one, as
// the time options read "today" and "tomorrow".
std::pair<Time, Time> local_day(Time now, const Zone& zone) {
  return {*parse_when("today", now, zone, Lean::Back), *parse_when("tomorrow", now, zone, Lean::Ahead)};
}

// "3h 20m" ahead, "-2h" behind.
std::string left_text(Time due, Time now) {
  const std::int64_t s = (due.ms - now.ms) / 1000;
  return s < 0 ? "-" + format_duration(-s) : format_duration(s);
}

int run_day(Context& ctx, const DayArgs& a) {
  store::Store& st = ctx.store();
  const Policy& policy = st.policy();
  const std::string& me = ctx.agent();
  const Time now = ctx.now();
  const Zone& zone = ctx.zone();
  const auto [today, tomorrow] = local_day(now, zone);
  const std::optional<Time> looked = st.last_look(me);
  const Time since = !a.since.empty() ? time_option(ctx, a.since, "--since", Lean::Back) : looked.value_or(today);

  const store::Prefilter pre{{Status::New, Status::Open, Status::Escalated, Status::Pending}, {}};
  std::vector<store::Problem> problems, same_problems;
  const std::vector<Header> headers = st.headers(same_problems, pre);
  const std::vector<Facts> facts = st.facts(problems, pre);
  for (const auto& p : problems) ctx.out().warn(p.text());
  std::unordered_map<std::string, const Facts*> facts_of_id;
  for (const Facts& f : facts) facts_of_id.emplace(f.id, &f);

  std::vector<QueueCounts> queues;
  std::map<std::string, std::size_t> queue_of;
  for (const Group* g : policy.groups_of(me)) {
    queue_of.emplace(g->id, queues.size());
    queues.push_back({g->id});
  }

  const Clocks clocks(policy);
  std::vector<const Header*> held, elsewhere;
  std::vector<DueRow> due;
  std::vector<BackRow> back;
  for (const Header& h : headers) {
    const bool mine = h.assignee == me;
    const bool queued = h.assignee.empty() && queue_of.count(h.group) > 0;
    if (mine) held.push_back(&h);
    else if (h.owner == me) elsewhere.push_back(&h);
    if (h.appointment && h.appointment->technician == me && !(h.appointment->at < today) &&
        h.appointment->at < tomorrow)
      due.push_back({&h, "visit", h.appointment->at, h.appointment->at < now});
    if (!mine && !queued) {
      if (h.owner == me)
        if (auto b = came_back(st.load(h.id), me, since)) back.push_back({&h, *b});
      continue;
    }
    auto f = facts_of_id.find(h.id);
    if (f == facts_of_id.end()) continue;
    bool late = false;
    for (const Deadline& d : deadlines(h, *f->second, clocks, now, tomorrow)) {
      due.push_back({&h, std::string(to_string(d.clock)), d.due, d.breached});
      late = late || d.breached;
    }
    if (queued) {
      QueueCounts& q = queues[queue_of[h.group]];
      (h.status == Status::Escalated ? q.escalated : q.fresh) += 1;
      q.overdue += late ? 1 : 0;
    }
    if (mine)
      if (auto b = came_back(st.load(h.id), me, since)) back.push_back({&h, *b});
  }
  std::stable_sort(held.begin(), held.end(), [](const Header* x, const Header* y) {
    if (status_rank(x->status) != status_rank(y->status)) return status_rank(x->status) < status_rank(y->status);
    if (x->priority != y->priority) return x->priority > y->priority;
    return x->created < y->created;
  });
  std::stable_sort(due.begin(), due.end(), [](const DueRow& x, const DueRow& y) {
    if (x.due != y.due) return x.due < y.due;
    return x.header->id < y.header->id;
  });
  std::stable_sort(back.begin(), back.end(), [](const BackRow& x, const BackRow& y) { return y.back.at < x.back.at; });

  const Output& out = ctx.out();
  if (a.since.empty()) st.set_last_look(me, now);
  if (out.json()) {
    auto row = [](const Header& h) {
      return nlohmann::json{{"id", h.id},           {"status", to_string(h.status)}, {"priority", to_string(h.priority)},
                            {"group", h.group},     {"assignee", h.assignee},       {"title", h.title}};
    };
    nlohmann::json doc = {{"agent", me}, {"now", format_time(now)}, {"since", format_time(since)}};
    doc["held"] = nlohmann::json::array();
    for (const Header* h : held) doc["held"].push_back(row(*h));
    doc["elsewhere"] = nlohmann::json::array();
    for (const Header* h : elsewhere) doc["elsewhere"].push_back(row(*h));
    doc["queues"] = nlohmann::json::array();
    for (const QueueCounts& q : queues)
      doc["queues"].push_back({{"group", q.group}, {"new", q.fresh}, {"escalated", q.escalated}, {"overdue", q.overdue}});
    doc["due"] = nlohmann::json::array();
    for (const DueRow& d : due)
      doc["due"].push_back({{"id", d.header->id},
                            {"what", d.what},
                            {"due", format_time(d.due)},
                            {"late", d.late},
                            {"title", d.header->title}});
    doc["back"] = nlohmann::json::array();
    for (const BackRow& b : back)
      doc["back"].push_back({{"id", b.header->id},
                             {"why", to_string(b.back.why)},
                             {"at", format_time(b.back.at)},
                             {"by", b.back.by},
                             {"title", b.header->title}});
    out.json_value(doc);
    return 0;
  }

  out.line("Your day, " + agent_full(policy, me) + ", " + short_time(now, zone));
  out.line();
  if (held.empty()) {
    out.line("Held by you: nothing");
  } else {
    std::string counts;
    for (Status st_ : {Status::Open, Status::Escalated, Status::New, Status::Pending}) {
      const auto n = std::count_if(held.begin(), held.end(), [st_](const Header* h) { return h->status == st_; });
      if (n > 0) counts += (counts.empty() ? "" : ", ") + std::to_string(n) + " " + std::string(to_string(st_));
    }
    out.line("Held by you: " + counts);
    std::vector<std::vector<std::string>> cells;
    for (const Header* h : held)
      cells.push_back({h->id, std::string(to_string(h->status)), std::string(to_string(h->priority)), h->group, h->title});
    out.table({"ID", "STATUS", "PRI", "GROUP", "TITLE"}, cells);
  }
  if (!elsewhere.empty()) {
    out.line();
    out.line("Yours, held elsewhere: " + std::to_string(elsewhere.size()));
    std::vector<std::vector<std::string>> cells;
    for (const Header* h : elsewhere)
      cells.push_back({h->id, std::string(to_string(h->status)), h->group,
                       h->assignee.empty() ? "-" : agent_text(policy, h->assignee), h->title});
    out.table({"ID", "STATUS", "GROUP", "ASSIGNEE", "TITLE"}, cells);
  }
  out.line();
  if (queues.empty()) {
    out.line("Your queues: you are in no group");
  } else {
    out.line("Your queues");
    std::vector<std::vector<std::string>> cells;
    for (const QueueCounts& q : queues)
      cells.push_back({q.group, std::to_string(q.fresh), std::to_string(q.escalated), std::to_string(q.overdue)});
    out.table({"GROUP", "NEW", "ESCALATED", "OVERDUE"}, cells);
  }
  out.line();
  if (due.empty()) {
    out.line("Overdue or due today: nothing");
  } else {
    out.line("Overdue or due today: " + std::to_string(due.size()));
    std::vector<std::vector<std::string>> cells;
    for (const DueRow& d : due)
      cells.push_back({d.header->id, d.what, short_time(d.due, zone), left_text(d.due, now), d.header->title});
    for (auto& c : cells) c[3] = c[3].starts_with("-") ? out.paint(Style::Red, c[3]) : out.safe(c[3]);
    out.table({"ID", "WHAT", "DUE", "LEFT", "TITLE"}, cells, {}, {3});
  }
  out.line();
  const std::string from = short_time(since, zone);
  if (back.empty()) {
    out.line("Back to you since " + from + ": nothing");
  } else {
    out.line("Back to you since " + from + ": " + std::to_string(back.size()));
    std::vector<std::vector<std::string>> cells;
    for (const BackRow& b : back)
      cells.push_back({b.header->id, std::string(to_string(b.back.why)), short_time(b.back.at, zone), agent_text(policy, b.back.by),
                       b.header->title});
    out.table({"ID", "WHY", "WHEN", "BY", "TITLE"}, cells);
  }
  return 0;
}

}  // namespace

void add_day(Cmd app, Table& table) {
  auto a = std::make_shared<DayArgs>();
  auto sub = app.add_subcommand("day", "your day: what you hold, your queues, what is due, what came back");
  sub.add_option("--since", a->since, "what came back since then (else since you last looked)")
      .type_name("WHEN");
  table.add(sub, NeedsStore, [a](Context& ctx) { return run_day(ctx, *a); });
}

}  // namespace tier::cli
