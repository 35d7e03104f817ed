#include "core/mail.hpp"

#include "core/ids.hpp"
#include "core/notify.hpp"
#include "support.hpp"

namespace tier {

TEST_CASE("a desk Message-ID names its ticket, whatever follows the id") {
  CHECK(desk_message_ticket("T-7k2m9qxa@milne.example.edu", "T", "milne.example.edu") == "T-7k2m9qxa");
  CHECK(desk_message_ticket("T-7k2m9qxa.1733220000000.comment.0a1b2c3d.requester@milne.example.edu", "T",
                            "milne.example.edu") == "T-7k2m9qxa");
  // Mail programs keep the id as sent, but a domain's case means nothing.
  CHECK(desk_message_ticket("T-7K2M9QXA@Milne.Example.EDU", "T", "milne.example.edu") == "T-7k2m9qxa");
}

TEST_CASE("an id of another domain, or not of the form, names no ticket") {
  CHECK(desk_message_ticket("T-7k2m9qxa@evil.example.com", "T", "milne.example.edu").empty());
  CHECK(desk_message_ticket("T-7k2m9qxaz@milne.example.edu", "T", "milne.example.edu").empty());
  CHECK(desk_message_ticket("T-7k2m@milne.example.edu", "T", "milne.example.edu").empty());
  CHECK(desk_message_ticket("X-7k2m9qxa@milne.example.edu", "T", "milne.example.edu").empty());
  CHECK(desk_message_ticket("T-7k2m9qxu@milne.example.edu", "T", "milne.example.edu").empty());  // no u in ids
  CHECK(desk_message_ticket("T-7k2m9qxa", "T", "milne.example.edu").empty());
  CHECK(desk_message_ticket("T-7k2m9qxa@milne.example.edu", "T", "").empty());
}

TEST_CASE("the ticket a mail makes is named by its Message-ID, the same every time") {
  const std::string a = mail_ticket_id("T", "CAB1234@mail.example.com");
  CHECK(is_valid_id(a, "T"));
  CHECK(a == mail_ticket_id("T", "CAB1234@mail.example.com"));
  CHECK(a != mail_ticket_id("T", "CAB1235@mail.example.com"));
  CHECK(mail_ticket_id("HD", "x@y").rfind("HD-", 0) == 0);
}

TEST_CASE("a ticket records the messages its entries were made from") {
  Ticket t;
  t.log.push_back({});
  t.log.back().message_id = "first@mail.example.com";
  t.log.push_back({});
  CHECK(records_message(t, "first@mail.example.com"));
  CHECK_FALSE(records_message(t, "second@mail.example.com"));
  CHECK_FALSE(records_message(t, ""));
}

TEST_CASE("the candidates of a reply: In-Reply-To and References in order, then the subject's tag") {
  const auto c = thread_candidates({"T-aaaaaaaa.1.comment.00000000.requester@desk.example", "orig@mail.example.com",
                                    "T-aaaaaaaa@desk.example"},
                                   "T-bbbbbbbb", "T", "desk.example");
  REQUIRE(c.size() == 3);
  CHECK(c[0].ticket == "T-aaaaaaaa");
  CHECK(c[0].received.empty());
  CHECK(c[1].ticket == mail_ticket_id("T", "orig@mail.example.com"));
  CHECK(c[1].received == "orig@mail.example.com");
  CHECK(c[2].ticket == "T-bbbbbbbb");
  CHECK(thread_candidates({}, "", "T", "desk.example").empty());
}

TEST_CASE("a rating is a number from 1 to 5 alone on the reply's one line") {
  CHECK(reply_rating("5", "Re: [T-7k2m9qxa] Printer") == 5);
  CHECK(reply_rating("  4/5\n", "") == 4);
  CHECK(reply_rating("3 - it works, mostly", "") == 3);
  CHECK(reply_rating("1.", "") == 1);
  CHECK_FALSE(reply_rating("6", ""));
  CHECK_FALSE(reply_rating("0", ""));
  CHECK_FALSE(reply_rating("45", ""));
  CHECK_FALSE(reply_rating("4.5", ""));
  CHECK_FALSE(reply_rating("4/10", ""));
  CHECK_FALSE(reply_rating("5\nand the printer jams again", ""));
  CHECK_FALSE(reply_rating("It jams again", "5"));
}

TEST_CASE("with no text, the rating may be the subject") {
  CHECK(reply_rating("", "Re: [T-7k2m9qxa] 5") == 5);
  CHECK(reply_rating("", "RE: Fwd: 4/5") == 4);
  CHECK(reply_rating("", "4") == 4);
  CHECK_FALSE(reply_rating("", "Re: [T-7k2m9qxa] Printer jams"));
  CHECK_FALSE(reply_rating("", "Re: [T-7k2m9qxa] 5 stars but the printer still jams"));
  CHECK_FALSE(reply_rating("", ""));
}

}  // namespace tier

namespace tier {

TEST_CASE("fnv1a64 is the 64-bit FNV-1a, in hex as 16 digits") {
  CHECK(fnv1a64("") == 0xcbf29ce484222325ull);
  CHECK(fnv1a64("a") == 0xaf63dc4c8601ec8cull);
  CHECK(fnv1a64_hex("a") == "af63dc4c8601ec8c");
  CHECK(fnv1a64_hex("") == "cbf29ce484222325");
}

}  // namespace tier
