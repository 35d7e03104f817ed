// The knowledge base's model (core/kb): slugs, who publishes (rule
// 'kb-editor'), an article's values, and a draft from a ticket's public
// text with addresses and names taken out.

#include "core/kb.hpp"

#include "support.hpp"

namespace tier::test {
namespace {

Article article(std::string slug = "wifi-drops", std::string title = "Wi-Fi drops every few minutes") {
  Article a;
  a.slug = std::move(slug);
  a.title = std::move(title);
  a.categories = {"network"};
  a.keywords = {"wifi", "802.1x"};
  a.tickets = {ticket_id};
  a.body = "## Problem\n\nIt drops.\n";
  return a;
}

}  // namespace

TEST_CASE("kb: slugs and paths") {
  CHECK(is_valid_slug("wifi-drops"));
  CHECK(is_valid_slug("a"));
  CHECK(is_valid_slug("vpn2"));
  CHECK(is_valid_slug(std::string(80, 'x')));
  CHECK_FALSE(is_valid_slug(std::string(81, 'x')));
  CHECK_FALSE(is_valid_slug(""));
  CHECK_FALSE(is_valid_slug("-wifi"));
  CHECK_FALSE(is_valid_slug("wifi-"));
  CHECK_FALSE(is_valid_slug("wifi--drops"));
  CHECK_FALSE(is_valid_slug("Wifi"));
  CHECK_FALSE(is_valid_slug("wi_fi"));
  CHECK_FALSE(is_valid_slug("../etc"));
  CHECK_FALSE(is_valid_slug("caf\xC3\xA9"));

  CHECK(article_path("wifi-drops") == "kb/wifi-drops.md");
  CHECK(slug_of_path("kb/wifi-drops.md") == "wifi-drops");
  CHECK(slug_of_path("kb/sub/wifi.md") == std::nullopt);
  CHECK(slug_of_path("kb/Wifi.md") == std::nullopt);
  CHECK(slug_of_path("kb/wifi.txt") == std::nullopt);
  CHECK(slug_of_path("kb/.md") == std::nullopt);
  CHECK(slug_of_path("tickets/wifi.md") == std::nullopt);
  CHECK(is_kb_path("kb/anything"));
  CHECK_FALSE(is_kb_path("kbx/a.md"));
  CHECK_FALSE(is_kb_path("tickets/7k/T-7k2m9qxa.toml"));

  CHECK(slugify("Wi-Fi drops in the basement!") == "wi-fi-drops-in-the-basement");
  CHECK(slugify("  VPN: \"error 809\"  ") == "vpn-error-809");
  CHECK(slugify("Caf\xC3\xA9 printer") == "caf-printer");
  CHECK(slugify("???") == "article");
  CHECK(slugify(std::string(100, 'a')).size() == 60);
  CHECK(is_valid_slug(slugify(std::string(100, 'a') + " b")));
}

TEST_CASE("kb: who may publish (kb-editor), by default the leads of the groups") {
  Policy p = example_policy();
  CHECK(is_kb_editor(p, carol));  // service-desk lead
  CHECK(is_kb_editor(p, erin));   // cx-tier2 lead
  CHECK(is_kb_editor(p, "Carol@Example.edu"));
  CHECK_FALSE(is_kb_editor(p, alice));
  CHECK_FALSE(is_kb_editor(p, stranger));
  CHECK(authorize_kb(p, carol, "kb/wifi.md") == std::nullopt);
  check_refusal(*authorize_kb(p, alice, "kb/wifi.md"), "kb-editor",
                "only a knowledge-base editor may change 'kb/wifi.md'; 'alice@example.edu' is not one");
  CHECK(authorize_kb(p, alice, "kb/wifi.md")->hint == "editors are the leads of the groups (tier-config(5))");
  check_refusal(*authorize_kb(p, stranger, "kb/wifi.md", true), "kb-editor",
                "only a knowledge-base editor may change 'kb/wifi.md'; 'mallory@example.edu' is not one (the pusher)");

  // kb.editors names agents and groups (their members and leads); the
  // leads of other groups are then no editors.
  p.kb.editors = {"bob@example.edu", "service-desk"};
  CHECK(is_kb_editor(p, bob));
  CHECK(is_kb_editor(p, alice));
  CHECK(is_kb_editor(p, carol));
  CHECK_FALSE(is_kb_editor(p, erin));
  CHECK_FALSE(is_kb_editor(p, dave));
  CHECK(authorize_kb(p, erin, "kb/a.md")->hint == "editors are the agents and groups of kb.editors (tier-config(5))");
}

TEST_CASE("kb: an article's values (valid-values)") {
  const Policy p = example_policy();
  CHECK(article_problems(article(), p).empty());

  Article a = article();
  a.title = "";
  CHECK(article_problems(a, p) == std::vector<std::string>{"the article has no title"});
  a.title = " \t ";
  CHECK(article_problems(a, p) == std::vector<std::string>{"the article has no title"});
  a.title = std::string(301, 't');
  CHECK(article_problems(a, p) == std::vector<std::string>{"the title is 301 characters, over the limit of 300"});
  a.title = "Bell\x07";
  CHECK(article_problems(a, p) == std::vector<std::string>{"the title holds a control character"});

  a = article();
  a.categories = {""};
  a.keywords = {"ok", "bad\x1b[31m"};
  a.tickets = {"T-7k2m9qxa", "X-12345678"};
  a.body = "fine\nand\ttabbed\n\x01";
  CHECK(article_problems(a, p) ==
        std::vector<std::string>{"the category '' is empty or over 80 characters",
                                 "the keyword 'bad^[[31m' holds a control character",
                                 "'X-12345678' is not a ticket id of this store",
                                 "the body holds a control character"});
}

TEST_CASE("kb: redact takes out every address and the names given") {
  CHECK(redact("Write to dana.ruiz@milne.example.edu.", {}) == "Write to [address].");
  CHECK(redact("a+b@x.org,c@y.co and @handle and x@", {}) == "[address],[address] and @handle and x@");
  CHECK(redact("Dana Ruiz said: dana, DANA and Danae", {"Dana Ruiz", "Dana", "Ruiz"}) ==
        "[name] said: [name], [name] and Danae");
  CHECK(redact("Ruizdana", {"Dana", "Ruiz"}) == "Ruizdana");
  CHECK(redact("", {"Dana"}).empty());
}

TEST_CASE("kb: a draft from a resolved ticket takes its public text only, without names or addresses") {
  const Policy p = example_policy();  // its directory names alice "Alice Adams"
  CreateRequest r = request();
  r.title = "Dana Ruiz cannot reach the VPN";
  r.text = "Hi, Dana here (dana.ruiz@milne.example.edu): error 809 on the VPN.";
  r.category = "network";
  Ticket t = created(p, r);
  t = step(t, entry(Event::Claim, alice, 1), p);
  t = step(t, noted(Event::Comment, alice, 2, "PRIVATE-MARKER bob@example.edu knows", Visibility::Private), p);
  t = step(t, comment(alice, 3, "Alice Adams here: which network are you on, Ruiz?"), p);
  t = step(t, noted(Event::Resolve, alice, 4, "Allow UDP 500 and 4500; mail it-admin@example.edu if not."), p);

  const Article a = draft_from_ticket(t, p);
  CHECK(a.title == "[name] cannot reach the VPN");
  CHECK(a.slug == "name-cannot-reach-the-vpn");
  CHECK(a.categories == std::vector<std::string>{"network"});
  CHECK(a.tickets == std::vector<std::string>{ticket_id});
  CHECK(a.status == ArticleStatus::Published);
  CHECK(a.body ==
        "## Problem\n\nHi, [name] here ([address]): error 809 on the VPN.\n"
        "\n## Notes\n\n[name] here: which network are you on, [name]?\n"
        "\n## Solution\n\nAllow UDP 500 and 4500; mail [address] if not.\n");
  CHECK(a.body.find("PRIVATE-MARKER") == std::string::npos);
}

TEST_CASE("kb: a draft from a ticket with no text says what to write") {
  const Policy p = example_policy();
  const Article a = draft_from_ticket(created(p), p);
  CHECK(a.title == "Laptop drops Wi-Fi");
  CHECK(a.categories.empty());
  CHECK(a.body == "## Problem\n\n(describe the problem)\n\n## Solution\n\n(describe the fix)\n");
}

TEST_CASE("kb: links and resolutions that answer with an article") {
  Policy p = example_policy();
  const Article a = article();
  CHECK(article_url(p, "wifi-drops").empty());
  CHECK(article_resolution(a, p, "") == "Wi-Fi drops every few minutes\n\n## Problem\n\nIt drops.");
  p.kb.url = "https://help.example.edu/kb";
  CHECK(article_url(p, "wifi-drops") == "https://help.example.edu/kb/wifi-drops.html");
  p.kb.url = "https://help.example.edu/kb/";
  CHECK(article_url(p, "wifi-drops") == "https://help.example.edu/kb/wifi-drops.html");
  CHECK(article_resolution(a, p, "  Try this.\n") ==
        "Try this.\n\nThe answer is in our knowledge base: \"Wi-Fi drops every few minutes\"\n"
        "https://help.example.edu/kb/wifi-drops.html");
}

TEST_CASE("kb: the words a ticket is about") {
  CHECK(topic_words("Hi! My laptop's Wi-Fi drops, the WiFi drops again. Please help") ==
        std::vector<std::string>{"laptop", "wi", "fi", "drops", "wifi"});
  CHECK(topic_words("a b c I to").empty());
  CHECK(topic_words("one two three four", 2) == std::vector<std::string>{"two", "three"});
  CHECK(topic_words("Drucker druckt nicht", 8) == std::vector<std::string>{"drucker", "druckt", "nicht"});
}

}  // namespace tier::test
