#include "formats/mail_out.hpp"

#include "core/mail.hpp"

#include "support.hpp"

namespace tier {
using namespace tier::test;

namespace {

// The header block of a message: everything before the first empty line.
std::string headers(const std::string& text) { return text.substr(0, text.find("\n\n") + 1); }

const std::string secret = "SECRET-NOTE: the RADIUS cert expired";

}  // namespace

TEST_CASE("mail_out: the headers of a claim, exactly") {
  const Policy p = example_policy();
  const Ticket before = created(p);
  const Ticket after = step(before, entry(Event::Claim, alice, 1), p);
  const auto mails = formats::render_change(before, after, after.log.back(), p);
  REQUIRE(mails.size() == 1);
  const formats::Mail& m = mails[0];
  CHECK(m.to == std::vector<std::string>{carol});
  CHECK(m.message_id == "<T-7k2m9qxa.1795428060000.claim.07282d6a.agents@example.edu>");
  CHECK(headers(m.text) ==
        "Date: Mon, 23 Nov 2026 10:01:00 +0000\n"
        "From: helpdesk@example.edu\n"
        "Reply-To: helpdesk@example.edu\n"
        "Subject: Re: [T-7k2m9qxa] Laptop drops Wi-Fi\n"
        "To: Carol Chen <carol@example.edu>\n"
        "Message-Id: <T-7k2m9qxa.1795428060000.claim.07282d6a.agents@example.edu>\n"
        "In-Reply-To: <T-7k2m9qxa@example.edu>\n"
        "References: <T-7k2m9qxa@example.edu>\n"
        "Auto-Submitted: auto-generated\n"
        "X-Tier-Ticket: T-7k2m9qxa\n"
        "MIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=utf-8\n"
        "Content-Transfer-Encoding: 7bit\n");
  CHECK(formats::mail_body(m.text).starts_with("Alice Adams <alice@example.edu> claimed T-7k2m9qxa.\n"));
}

TEST_CASE("mail_out: the creation is the thread's root; the acknowledgement refers to it") {
  const Policy p = example_policy();
  const Ticket t = created(p);
  const auto mails = formats::render_change(Ticket{}, t, t.log.back(), p);
  REQUIRE(mails.size() == 2);
  CHECK(mails[0].message_id == "<T-7k2m9qxa@example.edu>");
  CHECK(headers(mails[0].text).find("In-Reply-To") == std::string::npos);
  CHECK(headers(mails[0].text).find("Subject: [T-7k2m9qxa] Laptop drops Wi-Fi\n") != std::string::npos);
  const formats::MailSummary ack = formats::summarize_mail(mails[1].text);
  CHECK(ack.to == std::vector<std::string>{dana});
  CHECK(ack.subject == "[T-7k2m9qxa] Laptop drops Wi-Fi");
  CHECK(ack.message_id == mails[1].message_id);
  CHECK(headers(mails[1].text).find("In-Reply-To: <T-7k2m9qxa@example.edu>\n") != std::string::npos);
  CHECK(headers(mails[1].text).find("To: Dana Ruiz <dana.ruiz@milne.example.edu>\n") != std::string::npos);
  CHECK(formats::mail_body(mails[1].text).find("Its number is T-7k2m9qxa.") != std::string::npos);
}

TEST_CASE("mail_out: a UTF-8 text and title go out encoded and decode back") {
  const Policy p = example_policy();
  CreateRequest r = request();
  r.title = "Écran qui clignote — 画面";
  const Ticket o = step(created(p, r), entry(Event::Claim, alice, 1), p);
  const std::string text = "Grüße aus Zürich: the new card is ordered. ✓";
  const Ticket t = step(o, comment(alice, 2, text), p);
  const auto mails = formats::render_change(o, t, t.log.back(), p);
  REQUIRE(mails.size() == 1);
  const std::string h = headers(mails[0].text);
  CHECK(h.find("Content-Type: text/plain; charset=utf-8\n") != std::string::npos);
  CHECK(h.find("Content-Transfer-Encoding: quoted-printable\n") != std::string::npos);
  for (unsigned char c : mails[0].text) CHECK(c < 0x80);
  CHECK(formats::mail_body(mails[0].text).find(text + "\n") != std::string::npos);
  CHECK(formats::summarize_mail(mails[0].text).subject == "Re: [T-7k2m9qxa] " + r.title);
}

TEST_CASE("mail_out: no message to the requester carries a private note or internal detail") {
  const Policy p = example_policy();
  std::vector<formats::Mail> to_requester, to_agents;
  auto run = [&](Ticket& t, LogEntry e) {
    const Ticket before = t;
    t = step(t, e, p);
    for (auto& m : formats::render_change(before, t, t.log.back(), p))
      (m.to == std::vector<std::string>{dana} ? to_requester : to_agents).push_back(m);
  };
  Ticket t;
  t.id = ticket_id;
  CreateRequest r = request();
  r.details = full_details();
  r.tags = {"wifi"};
  r.category = "network";
  run(t, create_entry(r, p, alice, at(0)));
  run(t, entry(Event::Claim, alice, 1));
  run(t, comment(alice, 2, secret + " (1)", Visibility::Private));
  run(t, comment(alice, 3, "We are looking at it."));
  EscalateRequest esc = escalation();
  esc.note = secret + " (2)";
  run(t, escalate(t, p, alice, 4, esc));
  run(t, entry(Event::Claim, bob, 5));
  run(t, comment(bob, 6, secret + " (3)", Visibility::Private));
  run(t, handback(t, bob, 7, secret + " (4)"));
  run(t, comment(alice, 8, "Almost there.", Visibility::Public, true));
  run(t, noted(Event::Resolve, alice, 9, "A new Wi-Fi card."));
  run(t, noted(Event::Reopen, alice, 10, secret + " (5)", Visibility::Private));
  run(t, appoint(alice, bob, 11, "Strand Ag B12"));
  CHECK(to_requester.size() == 5);  // acknowledgement, two comments, resolution, appointment
  for (const auto& m : to_requester) {
    const std::string body = formats::mail_body(m.text);
    CHECK(body.find("SECRET") == std::string::npos);
    for (const char* internal : {"service-desk", "cx-tier2", "@example.edu", "LT-20931", "Strand Ag B12 ", "wifi",
                                 "network", "tier", "Alice", "Bob"})
      CHECK_MESSAGE(body.find(internal) == std::string::npos, internal << " in: " << body);
    CHECK(m.text.find("SECRET") == std::string::npos);
  }
  // The agents do read the notes meant for them.
  std::string agents_text;
  for (const auto& m : to_agents) agents_text += formats::mail_body(m.text);
  for (int i = 2; i <= 4; ++i) CHECK(agents_text.find(secret + " (" + std::to_string(i) + ")") != std::string::npos);

  // Even a notice to the requester about a private entry renders no note.
  Notice n{NoticeKind::Commented, Audience::Requester, {dana}, comment(alice, 12, secret, Visibility::Private), {}};
  CHECK(formats::render_notice(n, t, p, at(12)).text.find("SECRET") == std::string::npos);
}

TEST_CASE("mail_out: From and Message-ID domain come from notify.from") {
  Policy p = example_policy();
  p.notify.from = "Milne Help Desk <desk@help.example.org>";
  const Ticket o = opened(p);
  const Ticket t = step(o, comment(alice, 2, "Hello."), p);
  const auto mails = formats::render_change(o, t, t.log.back(), p);
  REQUIRE(mails.size() == 1);
  const std::string h = headers(mails[0].text);
  CHECK(h.find("From: Milne Help Desk <desk@help.example.org>\n") != std::string::npos);
  CHECK(h.find("References: <T-7k2m9qxa@help.example.org>\n") != std::string::npos);
  CHECK(formats::mail_body(mails[0].text).ends_with("-- \nMilne Help Desk\n"));
  CHECK(formats::valid_mailbox("Milne Help Desk <desk@help.example.org>"));
  CHECK(formats::valid_mailbox("desk@help.example.org"));
  CHECK_FALSE(formats::valid_mailbox("help desk"));
  CHECK_FALSE(formats::valid_mailbox("Desk <not an address>"));
}

TEST_CASE("mail_out: an overdue notice to the group's leads") {
  const Policy p = example_policy();
  const Ticket t = created(p);
  const auto n = notify_overdue(t, p, "respond", at(240));
  REQUIRE(n);
  const formats::Mail m = formats::render_notice(*n, t, p, at(250));
  CHECK(m.message_id == "<T-7k2m9qxa.1795442400000.overdue-respond.leads@example.edu>");
  const std::string h = headers(m.text);
  CHECK(h.find("To: Carol Chen <carol@example.edu>\n") != std::string::npos);
  CHECK(h.find("Subject: [T-7k2m9qxa] Overdue: Laptop drops Wi-Fi\n") != std::string::npos);
  // Dated when it is sent, not when the time ran out.
  CHECK(h.find("Date: Mon, 23 Nov 2026 14:10:00 +0000\n") != std::string::npos);
  CHECK(formats::mail_body(m.text).starts_with(
      "T-7k2m9qxa is overdue: its time to respond ran out at 2026-11-23 14:00 UTC (it is 2026-11-23 14:10 UTC).\n"));
}

}  // namespace tier

namespace tier {
using namespace tier::test;

TEST_CASE("mail_out: From carries notify.name, and times in the body the store's zone") {
  Policy p = example_policy();
  p.notify.name = "Milne IT Help Desk";
  p.timezone = "America/New_York";
  const Ticket t = created(p);
  const auto n = notify_overdue(t, p, "respond", at(240));
  REQUIRE(n);
  const formats::Mail m = formats::render_notice(*n, t, p, at(250));
  const std::string h = headers(m.text);
  CHECK(h.find("From: Milne IT Help Desk <helpdesk@example.edu>\n") != std::string::npos);
  CHECK(h.find("Reply-To: Milne IT Help Desk <helpdesk@example.edu>\n") != std::string::npos);
  CHECK(formats::mail_body(m.text).starts_with(
      "T-7k2m9qxa is overdue: its time to respond ran out at 2026-11-23 09:00 EST (it is 2026-11-23 09:10 EST).\n"));
}

TEST_CASE("mail_out: a public comment's file goes to the requester, a private note's never") {
  const Policy p = example_policy();
  Ticket t = step(created(p), entry(Event::Claim, alice, 1), p);
  LogEntry c = entry(Event::Comment, alice, 2);
  c.visibility = Visibility::Public;
  c.text = "Here is the fix";
  c.attachments = {{"fix.txt", "text/plain", 12, std::string(40, 'a')}};
  const Ticket after = step(t, c, p);
  int loads = 0;
  const formats::FileLoader files = [&](const Attachment& a) -> std::optional<std::string> {
    ++loads;
    CHECK(a.id == std::string(40, 'a'));
    return std::string("run fix.bat\n");
  };
  const auto mails = formats::render_change(t, after, after.log.back(), p, files);
  bool to_requester = false;
  for (const auto& m : mails) {
    if (m.to != std::vector<std::string>{after.requester.email}) {
      CHECK(m.text.find("Content-Disposition") == std::string::npos);
      continue;
    }
    to_requester = true;
    CHECK(headers(m.text).find("Content-Type: multipart/mixed;") != std::string::npos);
    CHECK(m.text.find("Content-Disposition: attachment; filename=fix.txt\n") != std::string::npos);
    CHECK(m.text.find("cnVuIGZpeC5iYXQK") != std::string::npos);  // base64 of the bytes
  }
  CHECK(to_requester);
  CHECK(loads == 1);

  LogEntry note = entry(Event::Comment, alice, 3);
  note.visibility = Visibility::Private;
  note.text = "SECRET";
  note.attachments = c.attachments;
  const Ticket noted = step(after, note, p);
  for (const auto& m : formats::render_change(after, noted, noted.log.back(), p, files))
    CHECK(m.text.find("Content-Disposition") == std::string::npos);
  CHECK(loads == 1);
}

TEST_CASE("mail_out: the resolution invites a rating") {
  const Policy p = example_policy();
  Ticket t = step(created(p), entry(Event::Claim, alice, 1), p);
  LogEntry r = entry(Event::Resolve, alice, 2);
  r.text = "Replaced the cable";
  const Ticket after = step(t, r, p);
  bool found = false;
  for (const auto& m : formats::render_change(t, after, after.log.back(), p))
    if (m.to == std::vector<std::string>{after.requester.email}) {
      found = true;
      CHECK(formats::mail_body(m.text).find(std::string(rating_invitation())) != std::string::npos);
    }
  CHECK(found);
}

TEST_CASE("mail_out: the answer to refused mail is an automatic reply to it") {
  const Policy p = example_policy();
  const formats::Mail m = formats::render_refusal(p, "kim@gmail.example", "Kim", "Printer", "abc@gmail.example",
                                                  "free-mail addresses are not supported", at(5));
  const std::string h = headers(m.text);
  CHECK(m.to == std::vector<std::string>{"kim@gmail.example"});
  CHECK(h.find("Subject: Re: Printer\n") != std::string::npos);
  CHECK(h.find("In-Reply-To: <abc@gmail.example>\n") != std::string::npos);
  CHECK(h.find("Auto-Submitted: auto-replied\n") != std::string::npos);
  CHECK(formats::mail_body(m.text).find("  free-mail addresses are not supported\n") != std::string::npos);
}

}  // namespace tier
