// An article's file (formats/kb_article, tier-kb(5)): read, written, and
// every way a file can be wrong, with its line.

#include "formats/kb_article.hpp"

#include "support.hpp"

namespace tier::test {

TEST_CASE("kb_article: a file round-trips") {
  Article a;
  a.slug = "wifi-drops";
  a.title = "Wi-Fi \"drops\" \\ every\tminute";
  a.status = ArticleStatus::Retired;
  a.categories = {"network", "laptops"};
  a.keywords = {"wifi"};
  a.tickets = {"T-7k2m9qxa"};
  a.updated = at(5);
  a.body = "## Problem\n\nIt drops.\n";
  const std::string text = formats::write_article(a);
  CHECK(text ==
        "+++\n"
        "title = \"Wi-Fi \\\"drops\\\" \\\\ every\\tminute\"\n"
        "status = \"retired\"\n"
        "categories = [\"network\", \"laptops\"]\n"
        "keywords = [\"wifi\"]\n"
        "tickets = [\"T-7k2m9qxa\"]\n"
        "updated = 2026-11-23T10:05:00Z\n"
        "+++\n"
        "\n"
        "## Problem\n\nIt drops.\n");
  CHECK(formats::parse_article(text, "kb/wifi-drops.md") == a);

  Article bare;
  bare.slug = "a";
  bare.title = "A";
  CHECK(formats::write_article(bare) == "+++\ntitle = \"A\"\nstatus = \"published\"\n+++\n");
  CHECK(formats::parse_article(formats::write_article(bare), "kb/a.md") == bare);
}

TEST_CASE("kb_article: a hand-written file is read; the body is trimmed to end in one newline") {
  const Article a = formats::parse_article(
      "+++\r\ntitle = 'VPN'\r\nupdated = 2026-11-23T11:00:00+01:00\r\n+++\r\n\r\n\r\nUse *UDP*.\n\n\n", "kb/vpn.md");
  CHECK(a.slug == "vpn");
  CHECK(a.title == "VPN");
  CHECK(a.status == ArticleStatus::Published);
  CHECK(a.updated == at(0));
  CHECK(a.body == "Use *UDP*.\n");
  CHECK(formats::parse_article("+++\ntitle = \"x\"\n+++", "kb/x.md").body.empty());
}

TEST_CASE("kb_article: what is wrong with a file, and where") {
  auto error_of = [](std::string_view text) -> std::string {
    try {
      formats::parse_article(text, "kb/x.md");
    } catch (const Error& e) {
      CHECK(e.code() == Exit::Invalid);
      return e.what();
    }
    return "no error";
  };
  CHECK(error_of("title = \"x\"\n") ==
        "kb/x.md:1: an article starts with a line '+++', its front matter, and another '+++'");
  CHECK(error_of("") == "kb/x.md:1: an article starts with a line '+++', its front matter, and another '+++'");
  CHECK(error_of("+++\ntitle = \"x\"\nbody") == "kb/x.md:1: the front matter has no closing line '+++'");
  CHECK(error_of("+++\nstatus = \"published\"\n+++\n") == "kb/x.md:1: missing key 'title' in the front matter");
  CHECK(error_of("+++\ntitle = \"x\"\nstatus = \"draft\"\n+++\n") ==
        "kb/x.md:3:10: unknown status 'draft'; an article is 'published' or 'retired'");
  CHECK(error_of("+++\ntitle = \"x\"\nauthor = \"me\"\n+++\n") == "kb/x.md:3:1: unknown key 'author'");
  CHECK(error_of("+++\ntitle = 3\n+++\n") == "kb/x.md:2:9: 'title' must be a string");
  CHECK(error_of("+++\ntitle = \"x\"\nkeywords = [\"a\", 2]\n+++\n") ==
        "kb/x.md:3:18: 'keywords' must be an array of strings");
  CHECK(error_of("+++\ntitle = \"x\"\ncategories = \"a\"\n+++\n") ==
        "kb/x.md:3:14: 'categories' must be an array of strings");
  CHECK(error_of("+++\ntitle = \"x\"\nupdated = 2026-11-23T10:00:00\n+++\n") ==
        "kb/x.md:3:11: 'updated' must be a date-time with its offset");
  const std::string broken = error_of("+++\ntitle = \"x\n+++\n");
  CHECK(broken.rfind("kb/x.md:2:", 0) == 0);
}

}  // namespace tier::test
