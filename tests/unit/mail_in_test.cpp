#include "formats/mail_in.hpp"

#include <string>

#include <doctest/doctest.h>

#include "core/error.hpp"

using namespace tier;
using formats::MailIn;
using formats::parse_mail;

namespace {

// The message of `parse_mail` failing on `bytes`, with its exit code checked.
std::string invalid(const std::string& bytes) {
  try {
    parse_mail(bytes, "T");
  } catch (const Error& e) {
    CHECK(e.code() == Exit::Invalid);
    return e.what();
  }
  return "(parsed)";
}

}  // namespace

TEST_CASE("mail_in: a plain message") {
  const MailIn m = parse_mail(
      "From: Dana Ruiz <Dana.Ruiz@Milne.Example.edu>\n"
      "To: helpdesk@example.edu\n"
      "Subject: Printer on floor 2\n"
      "Message-ID: <abc.123@milne.example.edu>\n"
      "Date: Mon, 23 Nov 2026 10:02:11 +0000\n"
      "\n"
      "It jams on every page.\n",
      "T");
  CHECK(m.from_name == "Dana Ruiz");
  CHECK(m.from_email == "dana.ruiz@milne.example.edu");
  CHECK(m.subject == "Printer on floor 2");
  CHECK(m.ticket_id.empty());
  CHECK(m.message_id == "abc.123@milne.example.edu");
  REQUIRE(m.date);
  CHECK(format_time(*m.date) == "2026-11-23T10:02:11Z");
  CHECK(m.body == "It jams on every page.\n");
  CHECK(m.auto_reply.empty());
}

TEST_CASE("mail_in: CRLF line ends and an mbox From line") {
  const MailIn m = parse_mail(
      "From dana.ruiz@milne.example.edu Mon Nov 23 10:02:11 2026\n"
      "From: dana.ruiz@milne.example.edu\r\n"
      "Subject: Re: [T-7k2m9qxa] Printer\r\n"
      "\r\n"
      "Line one\r\nLine two\r\n",
      "T");
  CHECK(m.from_name.empty());
  CHECK(m.from_email == "dana.ruiz@milne.example.edu");
  CHECK(m.ticket_id == "T-7k2m9qxa");
  CHECK(m.body == "Line one\nLine two\n");
}

TEST_CASE("mail_in: multipart/alternative gives the text/plain part") {
  const MailIn m = parse_mail(
      "From: dana.ruiz@milne.example.edu\n"
      "Subject: VPN\n"
      "MIME-Version: 1.0\n"
      "Content-Type: multipart/alternative; boundary=\"b1\"\n"
      "\n"
      "--b1\n"
      "Content-Type: text/html; charset=utf-8\n"
      "\n"
      "<p>The <b>HTML</b> half</p>\n"
      "--b1\n"
      "Content-Type: text/plain; charset=utf-8\n"
      "\n"
      "The plain half\n"
      "--b1--\n",
      "T");
  CHECK(m.body == "The plain half");  // the line end before a boundary belongs to it
}

TEST_CASE("mail_in: stripped text/html when there is no text/plain") {
  const MailIn m = parse_mail(
      "From: dana.ruiz@milne.example.edu\n"
      "Subject: VPN\n"
      "MIME-Version: 1.0\n"
      "Content-Type: multipart/mixed; boundary=\"b1\"\n"
      "\n"
      "--b1\n"
      "Content-Type: text/html; charset=utf-8\n"
      "\n"
      "<html><head><style>p { color: red }</style></head><body>\n"
      "<p>Hello,</p><p>the VPN says &quot;error&nbsp;809&quot; &amp; drops &#8212; again.<br>Dana</p>\n"
      "<blockquote>the old mail</blockquote><script>alert(1)</script>\n"
      "</body></html>\n"
      "--b1\n"
      "Content-Type: text/plain\n"
      "Content-Disposition: attachment; filename=\"log.txt\"\n"
      "\n"
      "an attached log, not the body\n"
      "--b1--\n",
      "T");
  CHECK(m.body == "Hello,\n\nthe VPN says \"error 809\" & drops \xe2\x80\x94 again.\nDana");
}

TEST_CASE("mail_in: quoted-printable UTF-8") {
  const MailIn m = parse_mail(
      "From: dana.ruiz@milne.example.edu\n"
      "Subject: Printer\n"
      "MIME-Version: 1.0\n"
      "Content-Type: text/plain; charset=UTF-8\n"
      "Content-Transfer-Encoding: quoted-printable\n"
      "\n"
      "The printer says =E2=80=9Cjam=E2=80=9D and=\n"
      " stops. 1+1=3D2\n",
      "T");
  CHECK(m.body == "The printer says \xe2\x80\x9cjam\xe2\x80\x9d and stops. 1+1=2\n");
}

TEST_CASE("mail_in: base64, and base64 in ISO-8859-1") {
  const MailIn m = parse_mail(
      "From: dana.ruiz@milne.example.edu\n"
      "Subject: VPN\n"
      "MIME-Version: 1.0\n"
      "Content-Type: text/plain; charset=utf-8\n"
      "Content-Transfer-Encoding: base64\n"
      "\n"
      "SGVsbG8sIHRoZSBWUE4gd29uJ3QgY29ubmVjdCBzaW5jZSBNb25kYXkuCkVycm9yIDgwOS4K\n",
      "T");
  CHECK(m.body == "Hello, the VPN won't connect since Monday.\nError 809.\n");

  const MailIn latin = parse_mail(
      "From: dana.ruiz@milne.example.edu\n"
      "Subject: Hi\n"
      "MIME-Version: 1.0\n"
      "Content-Type: text/plain; charset=ISO-8859-1\n"
      "Content-Transfer-Encoding: base64\n"
      "\n"
      "R3L832UgYXVzIFN0cmFuZAo=\n",
      "T");
  CHECK(latin.body == "Gr\xc3\xbc\xc3\x9f" "e aus Strand\n");
}

TEST_CASE("mail_in: an 8-bit ISO-8859-1 body is decoded to UTF-8") {
  const MailIn m = parse_mail(
      "From: dana.ruiz@milne.example.edu\n"
      "Subject: Caf\xe9\n"
      "MIME-Version: 1.0\n"
      "Content-Type: text/plain; charset=iso-8859-1\n"
      "Content-Transfer-Encoding: 8bit\n"
      "\n"
      "Caf\xe9 au lait \xbd price\n",
      "T");
  CHECK(m.body == "Caf\xc3\xa9 au lait \xc2\xbd price\n");
}

TEST_CASE("mail_in: RFC 2047 encoded subject and From name") {
  const MailIn m = parse_mail(
      "From: =?ISO-8859-1?Q?Dana_R=FAiz?= <dana.ruiz@milne.example.edu>\n"
      "Subject: =?UTF-8?B?Q2Fmw6kgcHJpbnRlcg==?= =?UTF-8?Q?_is_down?=\n"
      "\n"
      "text\n",
      "T");
  CHECK(m.from_name == "Dana R\xc3\xba" "iz");
  CHECK(m.subject == "Caf\xc3\xa9 printer is down");
}

TEST_CASE("mail_in: a folded subject is one line") {
  const MailIn m = parse_mail(
      "From: dana.ruiz@milne.example.edu\n"
      "Subject: Re: [T-7k2m9qxa] A very long subject\n"
      "  that goes on\n"
      "\n"
      "text\n",
      "T");
  CHECK(m.subject == "Re: [T-7k2m9qxa] A very long subject that goes on");
  CHECK(m.ticket_id == "T-7k2m9qxa");
}

TEST_CASE("mail_in: subject_ticket_id") {
  using formats::subject_ticket_id;
  CHECK(subject_ticket_id("Re: [T-7k2m9qxa] Printer", "T") == "T-7k2m9qxa");
  CHECK(subject_ticket_id("RE: AW: [t-7K2M9QXA] Printer", "T") == "T-7k2m9qxa");
  CHECK(subject_ticket_id("[HD-7k2m9qxa] x", "HD") == "HD-7k2m9qxa");
  CHECK(subject_ticket_id("[list] Re: [T-7k2m9qxa] x", "T") == "T-7k2m9qxa");
  CHECK(subject_ticket_id("Re: [ T-7k2m9qxa ]", "T") == "T-7k2m9qxa");
  CHECK(subject_ticket_id("T-7k2m9qxa without brackets", "T").empty());
  CHECK(subject_ticket_id("[T-7k2m9qx]", "T").empty());    // too short
  CHECK(subject_ticket_id("[T-7k2m9qxab]", "T").empty());  // too long
  CHECK(subject_ticket_id("[T-7k2m9qxu]", "T").empty());   // not Crockford
  CHECK(subject_ticket_id("[X-7k2m9qxa]", "T").empty());   // another desk's prefix
  CHECK(subject_ticket_id("[T-7k2m9qxa", "T").empty());
  CHECK(subject_ticket_id("", "T").empty());
}

TEST_CASE("mail_in: strip_reply drops quotes, the attribution and the signature") {
  using formats::strip_reply;
  CHECK(strip_reply("Still broken, sorry.\n"
                    "\n"
                    "On Mon, 23 Nov 2026 at 10:02, Help Desk <helpdesk@example.edu> wrote:\n"
                    "> Please restart it.\n"
                    ">\n"
                    ">> older\n") == "Still broken, sorry.");
  // Wrapped attribution (Gmail), then the signature.
  CHECK(strip_reply("Yes it works now.\n"
                    "\n"
                    "On Mon, Nov 23, 2026 at 10:02 AM Help Desk <\n"
                    "helpdesk@example.edu> wrote:\n"
                    "\n"
                    "> Try again\n") == "Yes it works now.");
  CHECK(strip_reply("Thanks!\n\n-- \nDana Ruiz\nMilne Library\n") == "Thanks!");
  // Interleaved answers keep the answers, not the quotes.
  CHECK(strip_reply("> Which floor?\n2nd floor.\n> Which model?\nHP 4000\n") == "2nd floor.\nHP 4000");
  // Outlook puts the old mail below a marker without '>'.
  CHECK(strip_reply("See the log.\r\n\r\n-----Original Message-----\r\nFrom: Help Desk\r\nSent: Monday\r\n") ==
        "See the log.");
  // A line starting "On" that is no attribution stays.
  CHECK(strip_reply("On Monday it worked.\nOn Tuesday it did not.\n") == "On Monday it worked.\nOn Tuesday it did not.");
  CHECK(strip_reply("On the phone you wrote:\nkeep this\n") == "On the phone you wrote:\nkeep this");
  // Blank runs become one blank line; trailing blanks go.
  CHECK(strip_reply("\n\na  \n\n\n\nb\t\n\n") == "a\n\nb");
  CHECK(strip_reply("> only a quote\n").empty());
  // "--" with something after it is no separator.
  CHECK(strip_reply("a -- b\n--not a sig\n") == "a -- b\n--not a sig");
}

TEST_CASE("mail_in: html_to_text") {
  using formats::html_to_text;
  CHECK(html_to_text("<div>one</div><div>two<br/>three</div>") == "one\ntwo\nthree");
  CHECK(html_to_text("a &lt;b&gt; &#x41;&#66; &unknown; & c") == "a <b> AB &unknown; & c");
  CHECK(html_to_text("<p>keep</p><blockquote><p>quoted</p><blockquote>deeper</blockquote></blockquote><p>after</p>") ==
        "keep\n\nafter");
  CHECK(html_to_text("<!-- a comment --><p>x   y\n z</p>") == "x y z");
}

TEST_CASE("mail_in: html_to_text decodes numeric references of every UTF-8 length") {
  using formats::html_to_text;
  CHECK(html_to_text("&#65;&#xe9;&#x20AC;&#128512;") == "A\u00e9\u20ac\U0001F600");
  // Not characters: kept as written.
  CHECK(html_to_text("&#0; &#xD800; &#x110000; &#x;") == "&#0; &#xD800; &#x110000; &#x;");
}

TEST_CASE("mail_in: automatic messages are marked") {
  auto reason = [](const std::string& extra) {
    return parse_mail("From: dana.ruiz@milne.example.edu\nSubject: x\n" + extra + "\nbody\n", "T").auto_reply;
  };
  CHECK(reason("") == "");
  CHECK(reason("Auto-Submitted: no\n") == "");
  CHECK(reason("Auto-Submitted: auto-replied\n") == "Auto-Submitted: auto-replied");
  CHECK(reason("Auto-Submitted: Auto-Generated\n") == "Auto-Submitted: auto-generated");
  CHECK(reason("Precedence: bulk\n") == "Precedence: bulk");
  CHECK(reason("Precedence: list\n") == "Precedence: list");
  CHECK(reason("Precedence: first-class\n") == "");
  CHECK(reason("X-Autoreply: yes\n") == "X-Autoreply: yes");
  CHECK(reason("Return-Path: <>\n") == "Return-Path: <>");
  CHECK(reason("Return-Path: <dana.ruiz@milne.example.edu>\n") == "");
}

TEST_CASE("mail_in: loop_reason") {
  MailIn m;
  m.from_email = "helpdesk@example.edu";
  CHECK(formats::loop_reason(m, "Help Desk <HelpDesk@example.edu>") ==
        "it comes from the help desk's own address 'helpdesk@example.edu'");
  CHECK(formats::loop_reason(m, "helpdesk@example.edu") ==
        "it comes from the help desk's own address 'helpdesk@example.edu'");
  CHECK(formats::loop_reason(m, "other@example.edu").empty());
  CHECK(formats::loop_reason(m, "").empty());
  m.auto_reply = "Precedence: bulk";
  CHECK(formats::loop_reason(m, "") == "it is an automatic message (Precedence: bulk)");
}

TEST_CASE("mail_in: what is not a message, or not a readable one") {
  CHECK(invalid("") == "the input is not a mail message: it has no headers");
  CHECK(invalid("hello, this is just text\n\nmore\n") == "the input is not a mail message: it has no headers");
  CHECK(invalid("Dana here: the printer jams\n") == "the input is not a mail message: it has no headers");
  CHECK(invalid(" From: folded@first.line\n\nx\n") == "the input is not a mail message: it has no headers");
  CHECK(invalid(std::string("\x7f" "ELF\x02\x01\x01\0\0\0", 10)) == "the input is not a mail message: it holds binary data");
  CHECK(invalid("Subject: no sender\n\ntext\n") == "the message has no From address");
  CHECK(invalid("From: \nSubject: empty sender\n\ntext\n") == "the message has no From address");
  CHECK(invalid("From: Dana Ruiz\nSubject: x\n\ntext\n") == "cannot read the From address 'Dana Ruiz'");
  CHECK(invalid("From: <dana.ruiz>\nSubject: x\n\ntext\n") == "cannot read the From address '<dana.ruiz>'");
  CHECK(invalid("From: undisclosed-recipients:;\nSubject: x\n\ntext\n") ==
        "cannot read the From address 'undisclosed-recipients:;'");
  CHECK(invalid("From: dana.ruiz@milne.example.edu\n"
                "Subject: x\n"
                "MIME-Version: 1.0\n"
                "Content-Type: multipart/alternative\n"
                "\n"
                "--b1\n"
                "Content-Type: text/plain\n"
                "\n"
                "text\n"
                "--b1--\n") == "the message is not valid MIME: a multipart has no boundary");
  CHECK(invalid("From: dana.ruiz@milne.example.edu\n"
                "Subject: x\n"
                "MIME-Version: 1.0\n"
                "Content-Type: multipart/alternative; boundary=\"never-seen\"\n"
                "\n"
                "--b1\n"
                "Content-Type: text/plain\n"
                "\n"
                "text\n"
                "--b1--\n") == "the message is not valid MIME: a multipart has no parts");
  CHECK(invalid("From: dana.ruiz@milne.example.edu\nContent-Type: text\n\nhi\n") ==
        "the message is not valid MIME: a Content-Type is not valid");
  CHECK(invalid("From: dana.ruiz@milne.example.edu\nContent-Type: text/plain\nContent-Type: text/html\n\nhi\n") ==
        "the message is not valid MIME: it has conflicting headers");
}

TEST_CASE("mail_in: lenient where mail often is") {
  // No closing boundary: the parts there are are read.
  CHECK(parse_mail("From: dana.ruiz@milne.example.edu\nContent-Type: multipart/mixed; boundary=x\n\n"
                   "--x\nContent-Type: text/plain\n\nhi\n--x\nContent-Type: text/plain\n\nthere\n",
                   "T")
            .body == "hi");
  // Headers only.
  CHECK(parse_mail("From: dana.ruiz@milne.example.edu\n", "T").body.empty());
}
