// The knowledge base, tier 0 (issue 16): articles from solved tickets with
// only their public text, by editors alone; the static site, which holds
// nothing private; the suggestions of the acknowledgement, answers with an
// article, and their count in stats. (Moved from tests/e2e/kb.bats; the
// editor on a terminal and the hooks on the clone and the server stay there.)

#include <cctype>
#include <filesystem>

#include "driver.hpp"

namespace tier::test {
namespace {

namespace fs = std::filesystem;

const Args CAROL = {"--agent", "carol@example.edu"};
const std::string QUINN = "quinn.zorblax@milne.example.edu";

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// What `$(...)` keeps of a text: its trailing newlines cut.
std::string cut(std::string s) {
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

std::string lower(std::string s) {
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Writes an article file: its title, categories and keywords (a TOML
// array's inside), then the body's lines.
void article_file(const std::string& file, const std::string& title, const std::string& categories,
                  const std::string& keywords, const std::vector<std::string>& body) {
  std::string text = "+++\ntitle = \"" + title + "\"\n";
  if (!categories.empty()) text += "categories = [" + categories + "]\n";
  if (!keywords.empty()) text += "keywords = [" + keywords + "]\n";
  text += "+++\n\n";
  for (const auto& l : body) text += l + "\n";
  write_file(file, text);
}

struct Kb : Sandbox {
  Kb() {
    set("TIER_NOW", "2026-11-23T10:00:00Z");
    new_store();
  }

  void at(const std::string& hhmm) { set("TIER_NOW", "2026-11-23T" + hhmm + ":00Z"); }

  // A ticket of Quinn Zorblax, worked by alice with a private note, public
  // comments both ways and a resolution, all at 10:00 to 10:05; gives its
  // id. The clock is put back after, as `$(solved_ticket)`'s subshell does.
  std::string solved_ticket() {
    const std::string now = std::getenv("TIER_NOW");
    at("10:00");
    const std::string id =
        tier({"create", "--title", "Quinn Zorblax: printer jams on tray 2", "--email", QUINN, "--name", "Quinn Zorblax",
              "--category", "printing", "-m",
              "Hello, Quinn here (" + QUINN + "). The printer jams on tray 2 every morning."});
    at("10:01");
    tier({"-q", "claim", id});
    at("10:02");
    tier({"-q", "comment", id, "--private", "-m", "PRIVATE-NOTE: the toner sensor; ask bob@example.edu"});
    at("10:03");
    tier({"-q", "comment", id, "-m", "Thanks Quinn. Alice Adams here; write to alice@example.edu. Which model?"});
    at("10:04");
    tier({"-q", "--agent", QUINN, "comment", id, "-m", "It is the HP in room 2.14, Quinn"});
    at("10:05");
    tier({"-q", "resolve", id, "-m",
          "Clean the rollers of tray 2 with a dry cloth; mail alice@example.edu if it jams again."});
    set("TIER_NOW", now);
    return id;
  }

  // Publishes an article as carol: the slug, then article_file's.
  void publish(const std::string& slug, const std::string& title, const std::string& categories,
               const std::string& keywords, const std::vector<std::string>& body) {
    const std::string file = tmp() + "/" + slug + ".md";
    article_file(file, title, categories, keywords, body);
    tier(CAROL + Args{"-q", "kb", "new", "--slug", slug, "--file", file});
  }

  // The decoded bodies of the outbox's messages to `to`, in the order of their names.
  std::string bodies_to(const std::string& to) {
    return sh_out("/usr/bin/python3 - '" + to + R"(' .git/tier/outbox <<'EOF'
import email, email.policy, os, sys
d = os.path.join(sys.argv[2], "new")
for name in sorted(os.listdir(d)):
    with open(os.path.join(d, name), "rb") as f:
        m = email.message_from_binary_file(f, policy=email.policy.default)
    if sys.argv[1] in str(m["To"]):
        print(m.get_content(), end="")
        print("----")
EOF)");
  }
};

}  // namespace

// The body of the draft that `kb new --from` makes of solved_ticket(), its
// names and addresses taken out.
constexpr const char* jams_draft = R"(
## Problem

Hello, [name] here ([address]). The printer jams on tray 2 every morning.

## Notes

Thanks [name]. [name] here; write to [address]. Which model?

It is the HP in room 2.14, [name]

## Solution

Clean the rollers of tray 2 with a dry cloth; mail [address] if it jams again.)";

TEST_CASE_FIXTURE(Kb, "kb: kb new --from: the draft is the ticket's public text, without addresses or names") {
  const std::string ID = solved_ticket();
  const int before = commit_count();
  Run r = run_sep(0, CAROL + Args{"kb", "new", "--from", ID.substr(2, 4), "--dry-run"});
  CHECK(r.err.empty());
  EXPECT_TEXT(r.output, expand(R"(+++
title = "[name]: printer jams on tray 2"
status = "published"
categories = ["printing"]
tickets = ["$ID"]
+++
)" + std::string(jams_draft),
                               {{"ID", ID}}));
  CHECK(commit_count() == before);
}

TEST_CASE_FIXTURE(Kb, "kb: kb new --no-edit publishes the draft: one commit by the editor, checked clean") {
  const std::string ID = solved_ticket();
  at("11:00");
  Run r = run_sep(0, CAROL + Args{"kb", "new", "--from", ID, "--slug", "printer-jams", "--title",
                                  "Printer jams on tray 2", "--no-edit"});
  CHECK(r.output.empty());
  CHECK(r.err == "published printer-jams: Printer jams on tray 2");
  r = sh(0, "git show HEAD:kb/printer-jams.md");
  EXPECT_TEXT(r.output, expand(R"(+++
title = "Printer jams on tray 2"
status = "published"
categories = ["printing"]
tickets = ["$ID"]
updated = 2026-11-23T11:00:00Z
+++
)" + std::string(jams_draft),
                               {{"ID", ID}}));
  r = sh(0, "git log -1 --format='%an <%ae>%n%B'");
  EXPECT_TEXT(r.output, R"(Carol Chen <carol@example.edu>
kb-new printer-jams: Printer jams on tray 2

Tier-Op: kb-new
Tier-Article: printer-jams)");
  // The work tree follows the branch.
  sh(0, "diff -u <(git show HEAD:kb/printer-jams.md) kb/printer-jams.md");
  CHECK(sh_out("git status --porcelain").empty());
  r = run_sep(0, {"check"});
  CHECK(r.err == "checked 1 ticket and the config: no problems");
  // The slug is taken now.
  r = run_sep(4, CAROL + Args{"kb", "new", "--from", ID, "--slug", "printer-jams", "--no-edit"});
  CHECK(r.err == R"(tier: error: the article 'printer-jams' already exists
hint: choose another slug with --slug, or change it with 'tier kb edit printer-jams')");
}

TEST_CASE_FIXTURE(Kb, "kb: kb new is refused: not an editor, a ticket not resolved, no editor without a terminal, a bad slug") {
  const std::string ID = solved_ticket();
  const std::string OPEN = tier({"create", "--title", "Still open", "--email", QUINN});
  const int before = commit_count();
  Run r = run_sep(5, {"kb", "new", "--from", ID, "--no-edit"});
  CHECK(r.err == R"(tier: error: refused by rule 'kb-editor': only a knowledge-base editor may change 'kb/name-printer-jams-on-tray-2.md'; 'alice@example.edu' is not one
hint: editors are the leads of the groups (tier-config(5)))");
  r = run_sep(5, {"--json", "kb", "new", "--from", ID, "--no-edit"});
  CHECK(contains(r.err, R"("rule":"kb-editor")"));
  r = run_sep(5, CAROL + Args{"kb", "new", "--from", OPEN, "--no-edit"});
  CHECK(r.err == "tier: error: refused by rule 'transition': an article starts from a resolved or closed ticket; '" +
                     OPEN + "' is new\nhint: resolve it first, or start the article without --from");
  r = run_sep(2, CAROL + Args{"kb", "new", "--from", ID});
  CHECK(r.err == R"(tier: error: the article needs an editor, and standard input is not a terminal
hint: give it with --file F, or take the draft as it is with --no-edit)");
  r = run_sep(2, CAROL + Args{"kb", "new", "--from", ID, "--slug", "Printer_Jams", "--no-edit"});
  CHECK(r.err == R"(tier: error: 'Printer_Jams' is not a slug
hint: 1 to 80 characters of a-z, 0-9 and '-', not first or last, never two in a row)");
  r = run_sep(2, CAROL + Args{"kb", "new"});
  CHECK(r.err == "tier: error: a new article needs --from ID, --title TITLE or --file F");
  run(3, CAROL + Args{"kb", "new", "--from", "zzzzzzzz", "--no-edit"});
  run(2, CAROL + Args{"kb", "new", "--file", "x.md", "--no-edit"});
  run(2, CAROL + Args{"kb", "new", "--file", "x.md", "--from", ID});
  run(2, {"kb"});
  CHECK(commit_count() == before);
  CHECK(!fs::exists("kb"));
}

TEST_CASE_FIXTURE(Kb, "kb: kb edit, retire, list and show") {
  publish("wifi-drops", "Wi-Fi drops every few minutes", R"("network")", R"("wifi")", {"Renew the certificate."});
  at("10:30");
  publish("vpn-809", "VPN error 809", R"("network", "remote")", "", {"Allow UDP 500 and 4500."});
  Run r = run_sep(0, {"kb", "list"});
  CHECK(r.err.empty());
  EXPECT_TEXT(r.output, R"(SLUG        STATUS     UPDATED               CATEGORIES      TITLE
vpn-809     published  2026-11-23 10:30 UTC  network,remote  VPN error 809
wifi-drops  published  2026-11-23 10:00 UTC  network         Wi-Fi drops every few minutes)");
  r = run(0, {"kb", "show", "wifi-drops"});
  EXPECT_TEXT(r.output, R"(Wi-Fi drops every few minutes
slug        wifi-drops
status      published
categories  network
keywords    wifi
tickets     -
updated     2026-11-23 10:00 UTC

Renew the certificate.)");
  // An edit from a file; the same file again changes nothing.
  at("11:00");
  article_file("new.md", "Wi-Fi drops every few minutes", R"("network")", R"("wifi", "eduroam")",
               {"Renew the certificate.", "", "Then forget the network."});
  r = run_sep(0, CAROL + Args{"kb", "edit", "wifi-drops", "--file", "new.md"});
  CHECK(r.err == "changed wifi-drops: Wi-Fi drops every few minutes");
  const int commits = commit_count();
  at("11:30");
  r = run_sep(0, CAROL + Args{"kb", "edit", "wifi-drops", "--file", "-"}, {}, Input::from("new.md"));
  CHECK(r.err == "no change to wifi-drops");
  CHECK(commit_count() == commits);
  r = run(0, {"kb", "show", "wifi-drops", "--json"});
  EXPECT_TEXT(
      r.output,
      R"({"body":"Renew the certificate.\n\nThen forget the network.\n","categories":["network"],"keywords":["wifi","eduroam"],"slug":"wifi-drops","status":"published","tickets":[],"title":"Wi-Fi drops every few minutes","updated":"2026-11-23T11:00:00Z","url":null})");
  run(5, {"kb", "edit", "wifi-drops", "--file", "new.md"});
  run(2, CAROL + Args{"kb", "edit", "wifi-drops"});

  r = run_sep(0, CAROL + Args{"kb", "retire", "vpn-809"});
  CHECK(r.err == "retired vpn-809: VPN error 809");
  r = run_sep(0, CAROL + Args{"kb", "retire", "vpn-809"});
  CHECK(r.err == "vpn-809 is already retired");
  r = run(0, {"kb", "list", "--status", "published"});
  EXPECT_TEXT(r.output, R"(SLUG        STATUS     UPDATED               CATEGORIES  TITLE
wifi-drops  published  2026-11-23 11:00 UTC  network     Wi-Fi drops every few minutes)");
  r = run(0, {"kb", "list", "--status", "retired", "--json"});
  EXPECT_TEXT(
      r.output,
      R"([{"categories":["network","remote"],"keywords":[],"slug":"vpn-809","status":"retired","tickets":[],"title":"VPN error 809","updated":"2026-11-23T11:30:00Z","url":null}])");
  Run v = SchemaValidator::validate("kb-article", r.output, "items");
  CHECK_MESSAGE(v.status == 0, v.output);
  r = run(0, {"kb", "show", "vpn-809", "--json"});
  v = SchemaValidator::validate("kb-article", r.output);
  CHECK_MESSAGE(v.status == 0, v.output);
  r = run_sep(3, {"kb", "show", "nope"});
  CHECK(r.err == R"(tier: error: no article 'nope' in the knowledge base
hint: see 'tier kb list')");
  run(3, {"kb", "show", "../config"});
  run(3, CAROL + Args{"kb", "retire", "nope"});
  // The history of an article is its commits.
  r = sh(0, "git log --format=%s -- kb/vpn-809.md");
  EXPECT_TEXT(r.output, R"(kb-retire vpn-809: VPN error 809
kb-new vpn-809: VPN error 809)");
}

TEST_CASE_FIXTURE(Kb, "kb: kb list and build leave out a file that does not parse, with a warning; check reports it") {
  publish("wifi-drops", "Wi-Fi drops", "", "", {"Renew the certificate."});
  fs::create_directories("kb");
  write_file("kb/broken.md", "+++\ntitle = 3\n+++\n");
  commit_by_hand("a broken article");
  Run r = run_sep(0, {"kb", "list"});
  CHECK(r.err == "tier: warning: kb/broken.md:2:9: 'title' must be a string");
  CHECK((contains(r.output, "wifi-drops  published") && !contains(r.output, "broken")));
  r = run_sep(0, {"kb", "build", "site"});
  CHECK(r.err == R"(tier: warning: kb/broken.md:2:9: 'title' must be a string
built 1 article in 'site')");
  r = run_sep(6, {"check"});
  EXPECT_TEXT(r.output, "kb/broken.md:2: 'title' must be a string");
}

TEST_CASE_FIXTURE(Kb, "kb: kb build: the site of the published articles, rebuilt without what was retired") {
  publish("wifi-drops", "Wi-Fi drops every few minutes", R"("network")", R"("wifi")", {"Renew the certificate."});
  publish("vpn-809", "VPN error 809", R"("network")", "", {"Allow UDP 500 and 4500."});
  publish("printer-jams", "Printer jams <b>on</b> tray 2", "", "",
          {"Clean the rollers.", "", R"(<script>alert("RAW-HTML")</script>)", "",
           "[bad](javascript:alert(1)) and [good](https://example.edu/help)"});
  publish("old-fax", "The fax machine", R"("legacy")", "", {"Call the vendor."});
  tier(CAROL + Args{"-q", "kb", "retire", "old-fax"});
  Run r = run_sep(0, {"kb", "build", "site"});
  CHECK(r.output.empty());
  CHECK(r.err == "built 3 articles in 'site'");
  r = sh(0, "ls -A site");
  EXPECT_TEXT(r.output, R"(.tier-kb-files
index.html
printer-jams.html
search-index.js
search.js
style.css
vpn-809.html
wifi-drops.html)");
  // The index by category, General last; nothing of the retired article.
  r = sh(0, R"(grep -o '<h2>[^<]*</h2>\|<li><a href="[^"]*">[^<]*' site/index.html)");
  EXPECT_TEXT(r.output, R"(<li><a href="#c-network">network
<li><a href="#c-general">General
<h2>network</h2>
<li><a href="vpn-809.html">VPN error 809
<li><a href="wifi-drops.html">Wi-Fi drops every few minutes
<h2>General</h2>
<li><a href="printer-jams.html">Printer jams &lt;b&gt;on&lt;/b&gt; tray 2)");
  CHECK(sh(-1, R"(grep -rqi 'fax\|legacy' site)").status != 0);
  // Raw HTML is text; a javascript: link loses its URL; nothing comes from elsewhere.
  sh(0, R"(grep -qF '<p>&lt;script&gt;alert(&quot;RAW-HTML&quot;)&lt;/script&gt;</p>' site/printer-jams.html)");
  sh(0, R"(grep -qF '<a href="">bad</a> and <a href="https://example.edu/help">good</a>' site/printer-jams.html)");
  CHECK(sh(-1, "grep -q '<script>alert' site/*.html").status != 0);
  CHECK(sh(-1, "grep -qi 'javascript:' site/*.html site/search-index.js").status != 0);
  r = sh(0, R"(grep -ho '\(src\|href\)="[^"]*"' site/index.html)");
  EXPECT_TEXT(r.output, R"(href="data:,"
href="style.css"
href="index.html"
href="#c-network"
href="#c-general"
href="vpn-809.html"
href="wifi-drops.html"
href="printer-jams.html"
src="search-index.js"
src="search.js")");
  // The same articles, the same bytes: nothing is written again.
  sh(0, "cp -a site before && touch -d 2000-01-01 site/* site/.tier-kb-files");
  r = run_sep(0, {"--json", "kb", "build", "site"});
  CHECK(r.output == R"({"articles":3,"dir":"site","files":7,"removed":0,"written":0})");
  sh(0, "diff -r before site");
  CHECK(sh_out("find site -type f -newermt 2001-01-01").empty());
  // Rebuilt after a retirement: its page is gone; a file of one's own stays.
  write_file("site/robots.txt", "mine\n");
  tier(CAROL + Args{"-q", "kb", "retire", "vpn-809"});
  r = run_sep(0, {"--json", "kb", "build", "site"});
  // index.html and search-index.js change; the pages and assets stay as they are.
  CHECK(r.output == R"({"articles":2,"dir":"site","files":6,"removed":1,"written":2})");
  CHECK((!fs::exists("site/vpn-809.html") && fs::exists("site/wifi-drops.html") &&
         read_file("site/robots.txt") == "mine\n"));
  CHECK(sh(-1, "grep -q vpn site/index.html site/search-index.js").status != 0);
  r = run_sep(2, {"kb", "build", "site/robots.txt"});
  CHECK(r.err == R"(tier: error: 'site/robots.txt' is not a directory
hint: name a directory for the site)");
}

TEST_CASE_FIXTURE(Kb, "kb: issue 16: nothing private reaches the site, whatever the tickets hold") {
  const Args fields = {"--asset",    "PRIV-ASSET-7731", "--location", "PRIV-ROOM-5521", "--symptoms",
                       "PRIV-SYMPTOM-9902", "--tried", "PRIV-TRIED-1184", "--connection", "wired"};
  // Published: a ticket with every kind of private text around its public text.
  at("10:00");
  const std::string A =
      tier({"create", "--title", "Yorvik Quarnstrom cannot reach the VPN", "--email",
            "yorvik.quarnstrom@milne.example.edu", "--name", "Yorvik Quarnstrom", "--category", "network", "-m",
            "Yorvik here, yorvik.quarnstrom@milne.example.edu: PUBLIC-ASK error 809."});
  at("10:01");
  tier({"-q", "claim", A});
  at("10:02");
  tier({"-q", "comment", A, "--private", "-m", "PRIV-NOTE-4410 the firewall of Yorvik's department"});
  at("10:03");
  tier(Args{"-q", "escalate", A, "-m", "PRIV-ESC-2208 needs the network team"} + fields);
  at("10:04");
  tier({"-q", "--agent", "bob@example.edu", "claim", A});
  at("10:05");
  tier({"-q", "--agent", "bob@example.edu", "comment", A, "--private", "-m",
        "PRIV-NOTE-6631 bob@example.edu opened UDP 500"});
  at("10:06");
  tier({"-q", "--agent", "bob@example.edu", "handback", A, "-m", "PRIV-HB-3307 done on our side"});
  at("10:07");
  tier({"-q", "comment", A, "-m", "PUBLIC-TRY Quarnstrom, Alice Adams here: try again? Or mail alice@example.edu."});
  at("10:08");
  tier({"-q", "--agent", "yorvik.quarnstrom@milne.example.edu", "comment", A, "-m", "PUBLIC-REPLY works, Yorvik Q."});
  at("10:09");
  tier({"-q", "resolve", A, "-m", "PUBLIC-FIX allow UDP 500 and 4500; carol@example.edu knows more."});
  // Resolved but never published, and still open: none of it may show.
  const std::string B = tier({"create", "--title", "UNPUB-TITLE-5150 printer", "--email",
                              "dana.ruiz@milne.example.edu", "--name", "Dana Ruiz", "-m", "UNPUB-TEXT-8808 jams"});
  tier({"-q", "claim", B});
  tier({"-q", "resolve", B, "-m", "UNPUB-FIX-1212 cleaned"});
  const std::string C =
      tier({"create", "--title", "UNPUB-OPEN-4321 screen", "--email", "lee@strand.example.edu", "-m",
            "UNPUB-OPEN-TEXT flickers"});

  at("11:00");
  tier(CAROL + Args{"-q", "kb", "new", "--from", A, "--slug", "vpn-809", "--no-edit"});
  run(0, {"kb", "build", "site"});

  // The public text is there, so the search below can find what it looks for...
  CHECK(contains(read_file("site/vpn-809.html"), "PUBLIC-FIX"));
  CHECK(contains(read_file("site/vpn-809.html"), "PUBLIC-TRY"));
  CHECK(contains(read_file("site/search-index.js"), R"("4500":)"));
  // ...and nothing else is: no private note, template field, name, address or other ticket.
  // (grep -rqiF: every file under site, case folded.)
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& e : fs::recursive_directory_iterator("site"))
    if (e.is_regular_file()) files.emplace_back(e.path().string(), lower(read_file(e.path().string())));
  for (const std::string& marker : {std::string("PRIV-"), std::string("UNPUB"), std::string("Yorvik"),
                                   std::string("Quarnstrom"), std::string("Alice Adams"), std::string("@example"),
                                   std::string("@milne"), std::string("example.edu"), std::string("milne"), A, B, C,
                                   A.substr(2), B.substr(2), C.substr(2), std::string("bob"), std::string("carol"),
                                   std::string("dana")}) {
    for (const auto& file : files)
      CHECK_MESSAGE(!contains(file.second, lower(marker)), "the site holds '" << marker << "' in " << file.first);
  }
  // Nor does the article's file in the store.
  const std::string article = lower(sh_out("git show HEAD:kb/vpn-809.md"));
  for (const char* word : {"priv-", "yorvik", "quarnstrom", "@"}) CHECK(!contains(article, word));
}

TEST_CASE_FIXTURE(Kb, "kb: the acknowledgement suggests up to three articles that match, with their links") {
  sh(0, R"(sed -i 's|^# url = .*|url = "https://help.example.edu/kb/"|; s|^\[kb\]$|[kb]|' .tier/config.toml)");
  CHECK(has_line(".tier/config.toml", R"(url = "https://help.example.edu/kb/")"));
  commit_by_hand("kb.url");
  publish("wifi-drops", "Wi-Fi drops every few minutes", R"("network")", R"("wifi", "wireless")",
          {"Renew the certificate of the laptop."});
  publish("wifi-slow", "Slow wireless in the library", R"("network")", R"("wifi")", {"Move closer to an access point."});
  publish("wifi-guest", "The guest wifi asks for a code", R"("network")", R"("wifi")",
          {"Ask the front desk for a code."});
  // Retired, it is never offered, however well it matches.
  publish("wifi-old", "Wifi drops in the library", R"("network")", R"("wifi", "wireless")",
          {"My laptop loses the network."});
  publish("printer-jams", "Printer jams on tray 2", R"("printing")", "", {"Clean the rollers."});
  tier(CAROL + Args{"-q", "kb", "retire", "wifi-old"});
  fs::remove_all(".git/tier/outbox");
  at("12:00");
  const std::string id1 = tier({"create", "--title", "Wifi drops in the library", "--email", QUINN, "--name",
                                "Quinn Zorblax", "-m", "My laptop loses the wireless network."});
  at("12:01");
  const std::string id2 = tier({"create", "--title", "Screen flickers", "--email", QUINN, "--name", "Quinn Zorblax"});
  EXPECT_TEXT(bodies_to(QUINN), expand(R"(Hello Quinn Zorblax,

we have received your request "Wifi drops in the library". Its number is $id1.
Please keep [$id1] in the subject when you write to us about it.

You wrote:
My laptop loses the wireless network.

These articles of our knowledge base may already answer it:

  - Wi-Fi drops every few minutes
    https://help.example.edu/kb/wifi-drops.html
  - Slow wireless in the library
    https://help.example.edu/kb/wifi-slow.html
  - The guest wifi asks for a code
    https://help.example.edu/kb/wifi-guest.html

If one of them solves the problem, reply to this message to tell us so.

-- 
The help desk
----
Hello Quinn Zorblax,

we have received your request "Screen flickers". Its number is $id2.
Please keep [$id2] in the subject when you write to us about it.

-- 
The help desk
----)",
                                       {{"id1", id1}, {"id2", id2}}));
}

TEST_CASE_FIXTURE(Kb, "kb: resolve --article links the article in the public resolution; stats counts it") {
  publish("wifi-drops", "Wi-Fi drops every few minutes", R"("network")", "", {"Renew the certificate."});
  publish("old-fax", "The fax machine", "", "", {"Call the vendor."});
  tier(CAROL + Args{"-q", "kb", "retire", "old-fax"});
  const std::string ID = tier({"create", "--title", "Wi-Fi drops", "--email", QUINN});
  tier({"-q", "claim", ID});
  Run r = run_sep(3, {"resolve", ID, "--article", "nope"});
  CHECK(r.err == R"(tier: error: no article 'nope' in the knowledge base
hint: see 'tier kb list')");
  r = run_sep(5, {"resolve", ID, "--article", "old-fax"});
  CHECK(r.err == R"(tier: error: refused by rule 'valid-values': the article 'old-fax' is retired
hint: answer with a published article ('tier kb list'))");
  // Without kb.url, the article's text is the answer.
  at("10:10");
  r = run_sep(0, {"resolve", ID, "--article", "wifi-drops", "-m", "This is a known fix:"});
  CHECK(r.err == "resolved " + ID + ": Wi-Fi drops with the article wifi-drops");
  r = run(0, {"log", ID, "--json"});
  const Json e = Json::parse(r.output).back();
  EXPECT_TEXT(cut(e["event"].str() + " " + e["article"].str() + "\n" + e["text"].str()), R"(resolve wifi-drops
This is a known fix:

Wi-Fi drops every few minutes

Renew the certificate.)");
  CHECK(sh(0, "git show 'HEAD:" + ticket_file(ID) + "' | grep -qx 'article = \"wifi-drops\"'").status == 0);
  // With kb.url, its link.
  sh(0, R"(sed -i 's|^# url = .*|url = "https://help.example.edu/kb"|' .tier/config.toml)");
  commit_by_hand("kb.url");
  at("10:20");
  tier({"-q", "reopen", ID, "-m", "Back again"});
  at("10:30");
  tier({"-q", "resolve", ID, "--article", "wifi-drops"});
  r = run(0, {"show", ID, "--as-requester", "--json"});
  EXPECT_TEXT(cut(Json::parse(r.output)["log"].back()["text"].str()),
              R"(The answer is in our knowledge base: "Wi-Fi drops every few minutes"
https://help.example.edu/kb/wifi-drops.html)");
  const std::string OTHER = tier({"create", "--title", "Printer", "--email", QUINN});
  tier({"-q", "claim", OTHER});
  tier({"-q", "resolve", OTHER, "-m", "Cleaned"});
  r = run(0, {"stats", "--json"});
  CHECK(contains(r.output, R"("resolved":2,"resolved_by_article":1,)"));
}

}  // namespace tier::test
