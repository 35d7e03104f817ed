#include "cli/commands.hpp"
#include "cli/render.hpp"
#include "core/store/outbox.hpp"
#include "formats/mail_out.hpp"
#include "hooks/notify.hpp"

namespace tier::cli {
namespace {

struct NotifyArgs {
  bool retry = false;
};

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

int list_waiting(Context& ctx, store::Outbox& outbox) {
  const std::vector<store::Waiting> waiting = outbox.waiting();
  if (ctx.out().json()) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& w : waiting) {
      const formats::MailSummary s = formats::summarize_mail(w.text);
      arr.push_back({{"file", w.file},
                     {"queued", format_time(w.queued)},
                     {"message_id", s.message_id},
                     {"to", s.to},
                     {"subject", s.subject}});
    }
    ctx.out().json_value(arr);
    return 0;
  }
  if (waiting.empty()) return 0;
  std::vector<std::vector<std::string>> rows;
  for (const auto& w : waiting) {
    const formats::MailSummary s = formats::summarize_mail(w.text);
    rows.push_back({short_time(w.queued, ctx.zone()), joined(s.to), s.subject});
  }
  ctx.out().table({"QUEUED", "TO", "SUBJECT"}, rows);
  return 0;
}

int run_notify(Context& ctx, const NotifyArgs& a) {
  store::Outbox outbox(ctx.store());
  if (!a.retry) return list_waiting(ctx, outbox);
  const store::Delivered d = outbox.retry();
  if (d.waiting > 0)
    throw Error(Exit::Remote,
                std::to_string(d.waiting) + (d.waiting == 1 ? " notification still waits" : " notifications still wait") +
                    " in the queue: " + d.error,
                "sent " + std::to_string(d.sent) + "; run 'tier notify --retry' again later");
  if (ctx.out().json()) ctx.out().json_value({{"sent", d.sent}, {"waiting", 0}});
  else if (d.sent > 0)
    ctx.out().notice("sent " + std::to_string(d.sent) + (d.sent == 1 ? " notification" : " notifications"));
  return 0;
}

}  // namespace

void add_notify(Cmd app, Table& table) {
  auto a = std::make_shared<NotifyArgs>();
  auto sub = app.add_subcommand("notify", "list the notifications that wait in the queue, or send them");
  sub.add_flag("--retry", a->retry, "send what waits, removing each message sent (for cron)");
  table.add(sub, NeedsStore, [a](Context& ctx) { return run_notify(ctx, *a); });
}

}  // namespace tier::cli
