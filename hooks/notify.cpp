#include "hooks/notify.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <optional>
#include <variant>

#include "core/mail.hpp"
#include "core/merge.hpp"
#include "core/notify.hpp"
#include "core/workflow.hpp"
#include "formats/mail_out.hpp"
#include "hooks/kb.hpp"

namespace tier::hooks {
namespace {

std::vector<store::Outgoing> outgoing(const std::vector<formats::Mail>& mails) {
  std::vector<store::Outgoing> out;
  out.reserve(mails.size());
  for (const auto& m : mails) out.push_back({m.message_id, m.to, m.text});
  return out;
}

void add(store::Delivered& total, const store::Delivered& d) {
  total.sent += d.sent;
  total.duplicates += d.duplicates;
  total.queued += d.queued;
  total.waiting = d.waiting;
  if (total.error.empty()) total.error = d.error;
}

// The attached files of the store's branch, as the requester's mail takes them.
formats::FileLoader files_of(store::Store& st) {
  return [&st](const Attachment& a) -> std::optional<std::string> {
    try {
      return st.file_bytes(attachment_path(a.id));
    } catch (const Error&) {
      return std::nullopt;
    }
  };
}

}  // namespace

store::Delivered deliver_change(store::Store& st, const Ticket& before, const Ticket& after, const LogEntry& entry,
                                Time now) {
  const Policy& policy = st.policy();
  store::Outbox outbox(st);
  if (!outbox.enabled()) return {};
  // A new ticket's acknowledgement offers the knowledge base's answers.
  const std::vector<Suggestion> suggestions =
      entry.event == Event::Create && !entry.is_void() ? suggest_articles(st, after) : std::vector<Suggestion>{};
  return outbox.send(
      outgoing(formats::render_change(before, after, entry, policy, files_of(st), now, suggestions)));
}

store::Delivered deliver_refusal(store::Store& st, const std::string& to, const std::string& name,
                                 const std::string& subject, const std::string& their_id, const std::string& reason,
                                 Time now) {
  namespace fs = std::filesystem;
  store::Outbox outbox(st);
  if (!outbox.enabled()) return {};
  // One file per address, named by a hash of it, dated by the last answer.
  const fs::path dir = fs::path(st.git_dir()) / "tier" / "notify" / "replied";
  const fs::path mark = dir / fnv1a64_hex(lower(to));
  std::error_code ec;
  const std::int64_t now_s = now.ms / 1000;
  if (fs::exists(mark, ec)) {
    struct stat info {};
    if (::stat(mark.c_str(), &info) == 0 && now_s - std::int64_t(info.st_mtim.tv_sec) < 86400) return {};
  }
  fs::create_directories(dir, ec);
  if (FILE* f = std::fopen(mark.c_str(), "w")) std::fclose(f);
  const struct timespec times[2] = {{now_s, 0}, {now_s, 0}};
  ::utimensat(AT_FDCWD, mark.c_str(), times, 0);
  return outbox.send(outgoing({formats::render_refusal(st.policy(), to, name, subject, their_id, reason, now)}));
}

store::Delivered deliver_pushed(store::Store& st, const std::vector<history::Commit>& commits, Time now) {
  const Policy& policy = st.policy();
  store::Outbox outbox(st);
  store::Delivered total;
  if (!outbox.enabled()) return total;
  for (const auto& c : commits) {
    for (const auto& f : c.files) {
      if (!history::is_ticket_path(f.path) || !f.after || !f.after->ticket) continue;
      const Ticket& after = *f.after->ticket;
      Ticket before;
      if (!f.parents.empty() && f.parents.front()) {
        if (!f.parents.front()->ticket) continue;
        before = *f.parents.front()->ticket;
      }
      std::vector<formats::Mail> mails;
      for (std::size_t i = 0; i < after.log.size(); ++i) {
        const LogEntry& e = after.log[i];
        if (e.is_void()) continue;
        bool known = false;
        for (const auto& old : before.log)
          if (same_entry(old, e)) {
            known = true;
            break;
          }
        if (known) continue;
        const Outcome prior = replay(after.id, {after.log.begin(), after.log.begin() + std::ptrdiff_t(i)});
        const Outcome next = replay(after.id, {after.log.begin(), after.log.begin() + std::ptrdiff_t(i + 1)});
        if (!std::holds_alternative<Ticket>(prior) || !std::holds_alternative<Ticket>(next)) continue;
        const std::vector<Suggestion> suggestions =
            e.event == Event::Create ? suggest_articles(st, std::get<Ticket>(next)) : std::vector<Suggestion>{};
        auto rendered = formats::render_change(std::get<Ticket>(prior), std::get<Ticket>(next), e, policy,
                                               files_of(st), now, suggestions);
        mails.insert(mails.end(), rendered.begin(), rendered.end());
      }
      add(total, outbox.send(outgoing(mails)));
    }
  }
  return total;
}

store::Delivered deliver_overdue(store::Store& st, const Ticket& ticket, std::string_view clock, Time due,
                                 Time now) {
  const Policy& policy = st.policy();
  store::Outbox outbox(st);
  const std::optional<Notice> n = notify_overdue(ticket, policy, clock, due);
  if (!n || !outbox.enabled()) return {};
  return outbox.send(outgoing({formats::render_notice(*n, ticket, policy, now, files_of(st))}));
}

store::Delivered deliver_voided(store::Store& st, const Ticket& ticket, const LogEntry& voided, Time now) {
  const Policy& policy = st.policy();
  store::Outbox outbox(st);
  const std::optional<Notice> n = notify_voided(ticket, voided, policy);
  if (!n || !outbox.enabled()) return {};
  return outbox.send(outgoing({formats::render_notice(*n, ticket, policy, now)}));
}

std::string waiting_warning(const store::Delivered& d) {
  if (d.waiting == 0) return {};
  std::string text = std::to_string(d.waiting) + (d.waiting == 1 ? " notification waits" : " notifications wait") +
                     " in the queue";
  if (!d.error.empty()) text += " (" + d.error + ")";
  return text + "; 'tier notify --retry' sends " + (d.waiting == 1 ? "it" : "them");
}

}  // namespace tier::hooks
