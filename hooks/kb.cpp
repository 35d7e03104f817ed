#include "hooks/kb.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>

#include "core/history.hpp"
#include "core/text.hpp"
#include "formats/kb_article.hpp"
#include "formats/tree_file.hpp"

namespace tier::hooks {
namespace {

history::Version version_of(const std::string& path, const std::string& text) {
  return formats::read_version(path, history::Kind::File, {}, text.size(), &text);
}

// The refusal of the first finding of the history rules on the articles, as
// the server would check a commit that writes them.
void check(Session& s, const std::vector<store::FileWrite>& writes) {
  store::Store& st = s.store;
  const Policy& policy = st.policy();
  history::Commit c;
  c.author = s.agent;
  c.parents = 1;
  c.policy = policy;
  for (const auto& w : writes) {
    // Who may comes first, with its hint; the rest as the server says it.
    if (auto refusal = authorize_kb(policy, s.agent, w.path)) throw to_error(*refusal);
    history::File f{w.path, version_of(w.path, w.text), {}};
    const std::optional<std::string> before = st.file_text(w.path);
    f.parents.push_back(before ? std::optional<history::Version>(version_of(w.path, *before)) : std::nullopt);
    c.files.push_back(std::move(f));
  }
  history::Context ctx;
  ctx.settings = &policy;
  if (!policy.server.pusher_env.empty()) ctx.pusher = s.agent;
  ctx.now = s.now;
  const auto found = history::check_commit(c, ctx);
  if (!found.empty()) {
    const auto& f = found.front();
    throw to_error(Refusal{f.rule, (f.path.empty() ? "" : "'" + f.path + "': ") + f.message, Exit::Refused, {}});
  }
}

}  // namespace

std::string publish_articles(Session& s, const ArticlePlan& plan, const ArticleChange& change) {
  store::Store& st = s.store;
  std::string made;
  commit_and_share(
      s,
      [&] {
        made.clear();
        const std::vector<Article> articles = plan(st);
        std::vector<store::FileWrite> writes;
        std::vector<std::string> trailers;
        for (const auto& a : articles) {
          writes.push_back({article_path(a.slug), formats::write_article(a)});
          trailers.push_back("Tier-Article: " + a.slug);
        }
        if (writes.empty()) return made;
        check(s, writes);
        made = st.commit_files(writes, change.op, s.author, change.subject, trailers);
        return made;
      },
      [] {});
  return made;
}

std::vector<Suggestion> suggest_articles(store::Store& st, const Ticket& t, std::size_t max) {
  std::vector<Suggestion> out;
  try {
    const Policy& policy = st.policy();
    if (policy.kb.url.empty()) return out;
    std::string text = t.title;
    for (const auto& e : t.log)
      if (e.event == Event::Create && !e.is_private()) text += "\n" + e.text;
    for (const auto& hit : st.kb_search(topic_words(text), max, true))
      out.push_back({hit.title, article_url(policy, hit.slug)});
  } catch (const std::exception&) {
    out.clear();  // the acknowledgement goes out without them
  }
  return out;
}

std::vector<Article> load_articles(store::Store& st, const std::function<void(const std::string&)>& bad) {
  std::vector<Article> out;
  const std::size_t max = st.policy().limits.article;
  for (const auto& f : st.kb_files(max)) {
    if (!slug_of_path(f.path)) {
      bad(f.path + ": not where an article lives (kb/<slug>.md)");
      continue;
    }
    if (!f.text) {
      bad(f.path + ": " + (f.kind == history::Kind::File ? "over the size limit of an article" : "not a plain file"));
      continue;
    }
    try {
      out.push_back(formats::parse_article(*f.text, f.path));
    } catch (const Error& e) {
      if (e.code() != Exit::Invalid) throw;
      bad(e.what());
    }
  }
  return out;
}

Article load_article(store::Store& st, const std::string& slug) {
  const std::string path = article_path(slug);
  std::optional<std::string> text;
  if (is_valid_slug(slug)) text = st.file_text(path);
  if (!text)
    throw Error(Exit::NotFound, "no article '" + visible(slug) + "' in the knowledge base", "see 'tier kb list'");
  return formats::parse_article(*text, path);
}

namespace {

constexpr std::string_view manifest_name = ".tier-kb-files";

// The file written whole: under a temporary name, then renamed over the old.
void write_whole(const std::filesystem::path& path, const std::string& content) {
  std::filesystem::path tmp = path;
  tmp += ".tier-tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(content.data(), std::streamsize(content.size()));
    out.flush();
    if (!out) throw Error(Exit::Failure, "cannot write '" + tmp.string() + "': " + std::strerror(errno));
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) throw Error(Exit::Failure, "cannot write '" + path.string() + "': " + ec.message());
}

// Whether the file at `path` holds exactly `content` already.
bool holds(const std::filesystem::path& path, const std::string& content) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec || size != content.size() || !std::filesystem::is_regular_file(path, ec)) return false;
  std::ifstream in(path, std::ios::binary);
  std::string text(content.size(), '\0');
  in.read(text.data(), std::streamsize(text.size()));
  return in && text == content;
}

// The files the last build listed: plain names only, never a path elsewhere.
std::set<std::string> last_build(const std::filesystem::path& manifest) {
  std::set<std::string> out;
  std::ifstream in(manifest);
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line.find('/') == std::string::npos && line != "." && line != ".." &&
        line[0] != '.')
      out.insert(line);
  return out;
}

}  // namespace

BuiltSite write_site(store::Store& st, const std::string& dir, const formats::SiteOptions& options,
                     const std::function<void(const std::string&)>& bad) {
  namespace fs = std::filesystem;
  const std::vector<Article> articles = load_articles(st, bad);
  const std::vector<formats::SiteFile> files = formats::build_site(articles, options);

  const fs::path root(dir);
  std::error_code ec;
  if (fs::exists(root, ec) && !fs::is_directory(root, ec))
    throw Error(Exit::Usage, "'" + dir + "' is not a directory", "name a directory for the site");
  fs::create_directories(root, ec);
  if (ec) throw Error(Exit::Failure, "cannot make the directory '" + dir + "': " + ec.message());

  BuiltSite out;
  std::set<std::string> written;
  std::string manifest;
  for (const auto& f : files) {
    // A file that is already right is left alone: a rebuild of a site in
    // which little changed writes little (and replacing a file costs a
    // flush of it on some file systems, ext4 among them).
    if (!holds(root / f.path, f.content)) {
      write_whole(root / f.path, f.content);
      ++out.written;
    }
    written.insert(f.path);
    manifest += f.path + "\n";
    ++out.files;
  }
  for (const auto& a : articles)
    if (a.status == ArticleStatus::Published) ++out.articles;
  for (const auto& old : last_build(root / manifest_name)) {
    if (written.count(old)) continue;
    if (fs::remove(root / old, ec)) ++out.removed;
  }
  if (!holds(root / manifest_name, manifest)) write_whole(root / manifest_name, manifest);
  return out;
}

}  // namespace tier::hooks
