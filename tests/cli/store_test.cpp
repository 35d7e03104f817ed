// tier init: the store's first commit, and finding the store (-C, TIER_DIR,
// parent directories). (Moved from tests/e2e/store.bats; the check of
// helpers.bash's new_team, a bare server and two clones, stays there.)

#include <filesystem>

#include "driver.hpp"

namespace tier::test {
namespace {

namespace fs = std::filesystem;

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

std::string lower(std::string s) {
  for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

TEST_CASE_FIXTURE(Sandbox, "store: init makes a repository with the config and .gitattributes in one commit") {
  Run r = run_sep(0, {"init", "--example", "store"});
  CHECK(r.output.empty());
  EXPECT_TEXT(r.err, "initialized a tier store in " + tmp() + "/store/");
  cd("store");
  CHECK(fs::is_directory(".git"));
  CHECK(fs::is_regular_file(".tier/config.toml"));
  CHECK(read_file(".gitattributes") == "tickets/**/*.toml merge=tier\n");
  r = sh(0, "git ls-files");
  EXPECT_TEXT(r.output, ".gitattributes\n.tier/config.toml");
  CHECK(commit_count() == 1);
  r = sh(0, "git log -1 --format='%an <%ae>%n%B'");
  EXPECT_TEXT(r.output, R"(alice@example.edu <alice@example.edu>
init tier store

Tier-Op: init)");
  expect_clean_status();
  run(0, {"check"});
}

TEST_CASE_FIXTURE(Sandbox, "store: the committed config is the one in the work tree") {
  new_store();
  sh(0, "diff -u <(git show HEAD:.tier/config.toml) .tier/config.toml");
  sh(0, "diff -u <(git show HEAD:.gitattributes) .gitattributes");
}

TEST_CASE_FIXTURE(Sandbox, "store: init without --example writes a config that checks but has no agents") {
  Run r = run_sep(0, {"init", "store"});
  EXPECT_TEXT(r.err, "initialized a tier store in " + tmp() + "/store/\nhint: describe your help desk in " + tmp() +
                         "/store/.tier/config.toml and commit it");
  cd("store");
  run(0, {"check"});
  sh(0, "grep -c '^prefix = \"T\"$' .tier/config.toml");
  r = run_sep(5, {"create", "--title", "Printer jams", "--email", "dana@milne.example.edu"});
  EXPECT_TEXT(r.err, R"(tier: error: refused by rule 'unknown-agent': 'alice@example.edu' is not an agent of this help desk
hint: set --agent, TIER_AGENT or git's user.email to an agent listed in .tier/config.toml)");
}

TEST_CASE_FIXTURE(Sandbox, "store: init in the current directory") {
  fs::create_directory("here");
  cd("here");
  Run r = run(0, {"init", "-q", "--example"});
  CHECK(r.output.empty());
  CHECK(fs::is_regular_file(".tier/config.toml"));
  expect_clean_status();
}

TEST_CASE_FIXTURE(Sandbox, "store: init --json describes the store") {
  Run r = run_sep(0, {"init", "--json", "--example", "store"});
  EXPECT_TEXT(r.output, R"({"example":true,"prefix":"T","store":")" + tmp() + R"(/store/"})");
  CHECK(r.err.empty());
}

TEST_CASE_FIXTURE(Sandbox, "store: a second init is a conflict naming the store, and changes nothing") {
  new_store();
  const std::string head = sh_out("git rev-parse HEAD");
  Run r = run_sep(4, {"init", "--example"});
  EXPECT_TEXT(r.err, "tier: error: '" + tmp() + "/store/' is already a tier store");
  CHECK(r.output.empty());
  CHECK(sh_out("git rev-parse HEAD") == head);
  cd("..");
  r = run_sep(4, {"init", "store"});
  EXPECT_TEXT(r.err, "tier: error: '" + tmp() + "/store/' is already a tier store");
  cd("store");
  expect_clean_status();
}

TEST_CASE_FIXTURE(Sandbox, "store: init in a git repository with history keeps the history and the files") {
  sh_out("git init -q repo");
  cd("repo");
  write_file("README", "the help desk\n");
  sh_out("git add README && git commit -q -m first");
  const std::string first = sh_out("git rev-parse HEAD");
  run(0, {"init", "-q", "--example"});
  CHECK(commit_count() == 2);
  CHECK(sh_out("git rev-parse HEAD^") == first);
  EXPECT_TEXT(sh(0, "git log --format=%s").output, "init tier store\nfirst");
  EXPECT_TEXT(sh(0, "git ls-files").output, ".gitattributes\n.tier/config.toml\nREADME");
  CHECK(read_file("README") == "the help desk\n");
  expect_clean_status();
  run(0, {"check"});
}

TEST_CASE_FIXTURE(Sandbox, "store: init keeps an existing .gitattributes and adds the merge driver line") {
  sh_out("git init -q repo");
  cd("repo");
  write_file(".gitattributes", "*.png binary\n");
  commit_by_hand("attributes");
  run(0, {"init", "-q", "--example"});
  CHECK(read_file(".gitattributes") == "*.png binary\ntickets/**/*.toml merge=tier\n");
  expect_clean_status();
}

TEST_CASE_FIXTURE(Sandbox, "store: init --prefix sets the prefix of new ids") {
  run(0, {"init", "-q", "--example", "--prefix", "HD", "store"});
  cd("store");
  sh(0, "grep -c '^prefix = \"HD\"$' .tier/config.toml");
  Run r = run_sep(0, {"create", "--title", "Printer jams", "--email", "dana@milne.example.edu"});
  CHECK(is_id(r.output, "HD"));
  const std::string id = r.output;
  REQUIRE(id.size() == 11);
  CHECK(fs::is_regular_file("tickets/" + id.substr(3, 2) + "/" + id + ".toml"));
  run(0, {"check"});
  r = run(0, {"show", lower(id), "--json"});
  CHECK(contains(r.output, "\"id\":\"" + id + "\""));
  r = run(0, {"show", id.substr(3, 4), "--json"});
  CHECK(contains(r.output, "\"id\":\"" + id + "\""));
  run(3, {"show", "T-" + id.substr(3, 4)});
}

TEST_CASE_FIXTURE(Sandbox, "store: init refuses an invalid prefix with a usage error and makes nothing") {
  Run r = run_sep(2, {"init", "--example", "--prefix", "t1", "store"});
  EXPECT_TEXT(r.err, R"(tier: error: 't1' is not an id prefix
hint: a prefix is 1 to 8 upper-case letters and digits, starting with a letter)");
  CHECK(r.output.empty());
  CHECK(!fs::exists("store/.tier"));
  run(2, {"init", "--example", "--prefix", "1T", "store"});
  run(2, {"init", "--example", "--prefix", "ABCDEFGHI", "store"});
  run(2, {"init", "--example", "--prefix", "T-", "store"});
  run(2, {"init", "--example", "--prefix", "", "store"});
}

TEST_CASE_FIXTURE(Sandbox, "store: init where a file is in the way fails cleanly") {
  write_file("afile", "");
  Run r = run_sep(1, {"init", "--example", "afile"});
  CHECK(r.output.empty());
  EXPECT_TEXT(r.err, "tier: error: cannot create the store in 'afile': Not a directory");
}

TEST_CASE_FIXTURE(Sandbox, "store: init --remote adds origin") {
  run(0, {"init", "-q", "--example", "--remote", "https://git.example.edu/helpdesk.git", "store"});
  cd("store");
  EXPECT_TEXT(sh(0, "git remote -v").output, "origin\thttps://git.example.edu/helpdesk.git (fetch)\norigin\t"
                                             "https://git.example.edu/helpdesk.git (push)");
}

TEST_CASE_FIXTURE(Sandbox, "store: the store is found from a subdirectory, with -C and with TIER_DIR") {
  new_store();
  const std::string id = tier({"create", "--title", "Printer jams", "--email", "dana@milne.example.edu"});
  fs::create_directories("notes/deep");
  cd("notes/deep");
  CHECK(run(0, {"list", "--format", "ids"}).output == id);
  cd(tmp());
  CHECK(run(0, {"-C", "store", "list", "--format", "ids"}).output == id);
  CHECK(run(0, {"list", "-C", "store", "--format", "ids"}).output == id);
  CHECK(run(0, {"list", "--format", "ids"}, {{"TIER_DIR", tmp() + "/store"}}).output == id);
}

TEST_CASE_FIXTURE(Sandbox, "store: init -C DIR makes the store there") {
  fs::create_directory("there");
  run(0, {"-C", "there", "init", "-q", "--example"});
  CHECK(fs::is_regular_file("there/.tier/config.toml"));
}

TEST_CASE_FIXTURE(Sandbox, "store: a git repository without a tier config is not a store") {
  sh_out("git init -q plain");
  cd("plain");
  Run r = run_sep(3, {"list"});
  EXPECT_TEXT(r.err, "tier: error: '" + tmp() + R"(/plain/' is a git repository but not a tier store
hint: make it one with 'tier init')");
}

}  // namespace tier::test
