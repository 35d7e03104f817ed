// The knowledge base's Markdown (formats/kb_markdown) and static site
// (formats/kb_site): raw HTML escaped, dangerous links dropped, only
// published articles, every text escaped, the same articles the same bytes.

#include "formats/kb_markdown.hpp"
#include "formats/kb_site.hpp"

#include <algorithm>

#include "support.hpp"

namespace tier::test {
namespace {

Article article(std::string slug, std::string title, std::vector<std::string> categories, std::string body) {
  Article a;
  a.slug = std::move(slug);
  a.title = std::move(title);
  a.categories = std::move(categories);
  a.body = std::move(body);
  return a;
}

const formats::SiteFile* file(const std::vector<formats::SiteFile>& files, std::string_view path) {
  auto it = std::find_if(files.begin(), files.end(), [&](const formats::SiteFile& f) { return f.path == path; });
  return it == files.end() ? nullptr : &*it;
}

bool has(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("kb_markdown: CommonMark to HTML, and the text for the index") {
  const formats::Rendered r = formats::render_markdown("## Fix\n\nRun `ipconfig /renew`, then *reboot*.\n\n- one\n- two\n");
  CHECK(r.html ==
        "<h2>Fix</h2>\n<p>Run <code>ipconfig /renew</code>, then <em>reboot</em>.</p>\n"
        "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n");
  CHECK(r.text == "Fix\nRun ipconfig /renew, then reboot.\none\ntwo\n");
}

TEST_CASE("kb_markdown: raw HTML is escaped, shown as text and never run") {
  const formats::Rendered block = formats::render_markdown("<script>alert(1)</script>\n\nafter\n");
  CHECK(block.html == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n<p>after</p>\n");
  const formats::Rendered inline_html = formats::render_markdown("a <img src=x onerror=alert(1)> b\n");
  CHECK(inline_html.html == "<p>a &lt;img src=x onerror=alert(1)&gt; b</p>\n");
  const formats::Rendered multi = formats::render_markdown("<div>\none\ntwo\n</div>\n");
  CHECK(multi.html == "<p>&lt;div&gt;\none\ntwo\n&lt;/div&gt;</p>\n");
}

TEST_CASE("kb_markdown: javascript: and other dangerous links lose their URL") {
  CHECK(formats::render_markdown("[x](javascript:alert(1))\n").html == "<p><a href=\"\">x</a></p>\n");
  CHECK(formats::render_markdown("![i](data:text/html,hi)\n").html == "<p><img src=\"\" alt=\"i\" /></p>\n");
  CHECK(formats::render_markdown("[ok](https://example.edu/a?b=1&c=\"2\")\n").html ==
        "<p><a href=\"https://example.edu/a?b=1&amp;c=%222%22\">ok</a></p>\n");
}

TEST_CASE("kb_site: an index by category, a page per published article, the index and the assets") {
  std::vector<Article> articles = {
      article("vpn-809", "VPN error 809", {"network"}, "Allow UDP 500.\n"),
      article("printer-jam", "Printer jams", {}, "Open tray 2.\n"),
      article("wifi", "Wi-Fi drops", {"network", "laptops"}, "Renew the certificate.\n"),
      article("old", "Retired one RETIRED-MARKER", {"network"}, "RETIRED-BODY\n"),
  };
  articles[3].status = ArticleStatus::Retired;
  articles[2].keywords = {"wireless"};
  articles[2].updated = at(0);
  const auto files = formats::build_site(articles, {});

  std::vector<std::string> paths;
  for (const auto& f : files) paths.push_back(f.path);
  CHECK(paths == std::vector<std::string>{"index.html", "printer-jam.html", "vpn-809.html", "wifi.html",
                                          "search-index.js", "search.js", "style.css"});
  for (const auto& f : files) {
    CHECK_FALSE(has(f.content, "RETIRED"));
    CHECK_FALSE(has(f.content, "http://"));
    CHECK_FALSE(has(f.content, "https://"));
  }

  const std::string& index = file(files, "index.html")->content;
  // Categories in order, General (no category) last; titles in order.
  const auto laptops = index.find("<h2>laptops</h2>");
  const auto network = index.find("<h2>network</h2>");
  const auto general = index.find("<h2>General</h2>");
  REQUIRE(laptops != std::string::npos);
  REQUIRE(network != std::string::npos);
  REQUIRE(general != std::string::npos);
  CHECK(laptops < network);
  CHECK(network < general);
  CHECK(index.find("VPN error 809", network) < index.find("Wi-Fi drops", network));
  CHECK(has(index, "<li><a href=\"printer-jam.html\">Printer jams</a><p class=\"excerpt\">Open tray 2.</p></li>"));
  CHECK(has(index, "<input id=\"q\" name=\"q\" type=\"search\""));
  CHECK(has(index, "<script src=\"search-index.js\"></script>\n<script src=\"search.js\"></script>"));
  CHECK(has(index, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"));

  const std::string& page = file(files, "wifi.html")->content;
  CHECK(has(page, "<title>Wi-Fi drops \xC2\xB7 Knowledge base</title>"));
  CHECK(has(page, "<h1>Wi-Fi drops</h1>"));
  CHECK(has(page, "In <a href=\"index.html#c-network\">network</a>, <a href=\"index.html#c-laptops\">laptops</a>"
                  " \xC2\xB7 Updated 2026-11-23</p>"));
  CHECK(has(page, "<div class=\"body\">\n<p>Renew the certificate.</p>\n</div>"));
  CHECK(has(index, "<section class=\"category\" id=\"c-network\">"));

  const std::string& search_index = file(files, "search-index.js")->content;
  CHECK(search_index.rfind("window.TIER_KB_INDEX = {", 0) == 0);
  CHECK(has(search_index, "\"docs\":[{\"c\":[],\"e\":\"Open tray 2.\",\"s\":\"printer-jam\",\"t\":\"Printer jams\"}"));
  // "wireless", a keyword of article 2 (wifi): 2 * 2 + 1.
  CHECK(has(search_index, "\"wireless\":[5]"));
  // "certificate", in its body only: 2 * 2.
  CHECK(has(search_index, "\"certificate\":[4]"));
  CHECK(has(search_index, "\"network\":[3,5]"));

  // The same articles, the same bytes.
  const auto again = formats::build_site(articles, {});
  REQUIRE(again.size() == files.size());
  for (std::size_t i = 0; i < files.size(); ++i) CHECK(again[i].content == files[i].content);
}

TEST_CASE("kb_site: every text of an article is escaped") {
  Article a = article("x", "<b>T</b> & \"q\"", {"<i>cat</i>"}, "body <script>bad()</script>\n");
  const auto files = formats::build_site({a}, {"Help <desk>"});
  const std::string& index = file(files, "index.html")->content;
  const std::string& page = file(files, "x.html")->content;
  CHECK(has(page, "<h1>&lt;b&gt;T&lt;/b&gt; &amp; &quot;q&quot;</h1>"));
  CHECK(has(page, ">&lt;i&gt;cat&lt;/i&gt;</a>"));
  CHECK(has(page, "<p>body &lt;script&gt;bad()&lt;/script&gt;</p>"));
  CHECK(has(index, "<h1>Help &lt;desk&gt;</h1>"));
  for (const auto* f : {&index, &page}) {
    CHECK_FALSE(has(*f, "<b>T"));
    CHECK_FALSE(has(*f, "<i>cat"));
    CHECK_FALSE(has(*f, "<script>bad"));
  }
  // In the script's index, '<' never closes the script element.
  const std::string& search_index = file(files, "search-index.js")->content;
  CHECK_FALSE(has(search_index, "</"));
  CHECK_FALSE(has(search_index, "<script"));
}

TEST_CASE("kb_site: an article whose slug is not one never names a file or a link") {
  const auto files = formats::build_site({article("../../etc/x", "Escape", {}, "x\n"), article("ok", "Ok", {}, "y\n")}, {});
  std::vector<std::string> paths;
  for (const auto& f : files) paths.push_back(f.path);
  CHECK(paths == std::vector<std::string>{"index.html", "ok.html", "search-index.js", "search.js", "style.css"});
  CHECK_FALSE(has(file(files, "index.html")->content, "Escape"));
}

TEST_CASE("kb_site: an empty knowledge base is a site too") {
  const auto files = formats::build_site({}, {});
  REQUIRE(files.size() == 4);
  CHECK(has(files[0].content, "<p>No articles yet.</p>"));
  CHECK(files[1].content == "window.TIER_KB_INDEX = {\"docs\":[],\"terms\":{},\"version\":1};\n");
}

TEST_CASE("kb_site: words as the index and the script split them") {
  CHECK(formats::site_words("Wi-Fi drops; VPN=809 a") ==
        std::vector<std::string>{"wi", "fi", "drops", "vpn", "809", "wifi"});
  CHECK(formats::site_words("Caf\xC3\xA9 \xE2\x80\x94 Dru\xCC\x88""cker") ==
        std::vector<std::string>{"caf\xC3\xA9", "dru\xCC\x88""cker", "cafe"});
}

}  // namespace tier::test
