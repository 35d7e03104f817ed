// The history rules (core/history), in memory: a commit is a list of paths
// with their versions, as core/store reads them from git.

#include "core/history.hpp"

#include <functional>

#include "core/merge.hpp"
#include "formats/ticket_toml.hpp"
#include "formats/tree_file.hpp"
#include "support.hpp"

namespace tier::test {
namespace {

const std::string path = ticket_path(ticket_id);
const std::string config = ".tier/config.toml";

/// A file's text as a version, read as core/store reads a blob.
history::Version text_version(const std::string& p, const std::string& text, history::Kind kind = history::Kind::File) {
  return formats::read_version(p, kind, std::to_string(std::hash<std::string>{}(text)), text.size(), &text);
}

history::Version version(const Ticket& t) { return text_version(path, formats::write_ticket(t)); }

/// A commit of one parent that changes one ticket from `before` (none when
/// it is new) to `after`, by `author`, under the example policy.
history::Commit change(const std::optional<Ticket>& before, const std::optional<Ticket>& after,
                       const std::string& author = alice) {
  history::Commit c;
  c.id = "c0ffee";
  c.author = author;
  c.parents = 1;
  c.policy = example_policy();
  history::File f{path, std::nullopt, {}};
  if (after) f.after = version(*after);
  f.parents.push_back(before ? std::optional<history::Version>(version(*before)) : std::nullopt);
  c.files.push_back(std::move(f));
  return c;
}

/// A commit that changes one non-ticket file.
history::Commit file_change(const std::string& p, const std::optional<std::string>& before,
                            const std::optional<std::string>& after, const std::string& author,
                            history::Kind kind = history::Kind::File) {
  history::Commit c;
  c.id = "c0ffee";
  c.author = author;
  c.parents = 1;
  c.policy = example_policy();
  history::File f{p, std::nullopt, {}};
  if (after) f.after = text_version(p, *after, kind);
  f.parents.push_back(before ? std::optional<history::Version>(text_version(p, *before)) : std::nullopt);
  c.files.push_back(std::move(f));
  return c;
}

history::Context context(std::string pusher = {}, const Policy* settings = nullptr, int clock_minute = 60) {
  history::Context ctx;
  ctx.settings = settings;
  ctx.pusher = std::move(pusher);
  ctx.now = at(clock_minute);
  return ctx;
}

/// The one finding a check gives: its rule and exact message.
void one(const std::vector<history::Finding>& found, std::string_view rule, std::string_view message) {
  REQUIRE_MESSAGE(found.size() == 1, "findings: " << found.size() << (found.empty() ? "" : " first: " + found[0].text()));
  CHECK(found[0].rule == rule);
  CHECK(found[0].message == message);
}

void none(const std::vector<history::Finding>& found) {
  CHECK_MESSAGE(found.empty(), (found.empty() ? std::string() : found[0].text()));
}

Ticket with_entry(const Ticket& t, LogEntry e) {
  Ticket out = t;
  Outcome o = effect(out, e);
  REQUIRE(std::holds_alternative<Ticket>(o));
  return std::get<Ticket>(o);
}

}  // namespace

TEST_CASE("history: a valid new entry is accepted; the header must be its replay (replay)") {
  const Policy p = example_policy();
  const Ticket before = created(p);
  const Ticket after = step(before, entry(Event::Claim, alice, 1), p);
  none(history::check_commit(change(before, after), context()));
  none(history::check_commit(change(std::nullopt, before), context()));

  Ticket lying = after;
  lying.status = Status::Resolved;
  const auto found = history::check_commit(change(before, lying), context());
  one(found, "replay", "'status' differs from the replay of the log");
  CHECK(found[0].line == 4);
  CHECK(found[0].path == path);
  CHECK(found[0].text() == "c0ffee " + path + ":4: refused by rule 'replay': 'status' differs from the replay of the log");
}

TEST_CASE("history: a ticket that does not parse, or is not a file (malformed)") {
  const Policy p = example_policy();
  history::Commit c = change(created(p), std::nullopt);
  c.files[0].after = text_version(path, "format = 1\nid = \"T-7k2m9qxa\"\nstatus = \"opne\"\n");
  const auto found = history::check_commit(c, context());
  REQUIRE(!found.empty());
  CHECK(found[0].rule == "malformed");
  CHECK(found[0].line == 3);

  for (auto kind : {history::Kind::Symlink, history::Kind::Submodule, history::Kind::Executable}) {
    c.files[0].after = text_version(path, formats::write_ticket(created(p)), kind);
    const auto linked = history::check_commit(c, context());
    REQUIRE(linked.size() == 1);
    CHECK(linked[0].rule == "malformed");
  }
  none(history::check_commit(file_change("README", std::nullopt, std::string("hello"), alice), context()));
  one(history::check_commit(file_change("docs", std::nullopt, std::string("/etc"), alice, history::Kind::Symlink), context()),
      "malformed", "'docs' is a symbolic link; a store holds only files");
}

TEST_CASE("history: an id at another path, or a file where no ticket lives (id-path)") {
  const Policy p = example_policy();
  history::Commit c = change(std::nullopt, created(p));
  c.files[0].path = "tickets/zz/T-zzzzzzzz.toml";
  one(history::check_commit(c, context()), "id-path", "the id 'T-7k2m9qxa' belongs at '" + path + "'");
  c.files[0].path = "tickets/README";
  one(history::check_commit(c, context()), "id-path", "not a directory of tickets");
  c.files[0].path = "tickets/7k/notes/T-7k2m9qxa.toml";
  one(history::check_commit(c, context()), "id-path",
      "'tickets/7k/notes/T-7k2m9qxa.toml' is not where a ticket lives: tickets/<two characters>/<id>.toml");
}

TEST_CASE("history: the log only grows (append-only)") {
  const Policy p = example_policy();
  const Ticket base = step(created(p), comment(alice, 1, "First words", Visibility::Private), p);
  Ticket rewritten = base;
  rewritten.log[1].text = "Other words";
  one(history::check_commit(change(base, rewritten), context()), "append-only",
      "log entry 2 (comment by alice@example.edu) was changed or removed; the log is append-only");
  Ticket made_public = base;
  made_public.log[1].visibility = Visibility::Public;
  one(history::check_commit(change(base, made_public), context()), "append-only",
      "log entry 2 (comment by alice@example.edu) was changed or removed; the log is append-only");
  Ticket voided = base;
  voided.log[1].void_reason = "nobody said it";
  voided.updated = voided.created;  // the header replays: only the log's past changed
  one(history::check_commit(change(base, voided), context()), "append-only",
      "log entry 2 (comment by alice@example.edu) was changed or removed; the log is append-only");
}

TEST_CASE("history: the store's branch moves only forward; other refs by pattern (append-only, other-ref)") {
  const Policy p = example_policy();
  const history::Context ctx = context({}, &p);
  none(history::check_ref({"refs/heads/main", false, false, true}, "refs/heads/main", ctx));
  none(history::check_ref({"refs/heads/main", false, true, true}, "refs/heads/main", ctx));
  one(history::check_ref({"refs/heads/main", false, false, false}, "refs/heads/main", ctx), "append-only",
      "the push rewrites the shared history: it is not a fast-forward of 'refs/heads/main'");
  one(history::check_ref({"refs/heads/main", true, false, true}, "refs/heads/main", ctx), "append-only",
      "the branch of tickets is never deleted");
  one(history::check_ref({"refs/tags/v1", false, true, true}, "refs/heads/main", ctx), "other-ref",
      "only 'refs/heads/main' takes pushes; 'refs/tags/v1' matches no pattern of server.other_refs");
  one(history::check_ref({"refs/tier/refused/1", false, true, true}, "refs/heads/main", ctx), "other-ref",
      "only 'refs/heads/main' takes pushes; 'refs/tier/refused/1' matches no pattern of server.other_refs");
  Policy tags = p;
  tags.server.other_refs = {"refs/tags/*"};
  none(history::check_ref({"refs/tags/v1", false, true, true}, "refs/heads/main", context({}, &tags)));
}

TEST_CASE("history: nothing is deleted (no-delete)") {
  const Policy p = example_policy();
  one(history::check_commit(change(created(p), std::nullopt), context()), "no-delete",
      "a ticket is never deleted; close it instead");
  const std::string text = formats::example_config();
  const auto found = history::check_commit(file_change(config, text, std::nullopt, admin), context());
  one(found, "no-delete", "the config cannot be deleted");
  one(history::check_commit(file_change(".gitattributes", std::string("tickets/**/*.toml merge=tier\n"),
                                        std::nullopt, admin),
                            context()),
      "no-delete", "'.gitattributes' cannot be deleted: it names tier's merge driver");
}

TEST_CASE("history: the config and .gitattributes change only by an admin, the pusher when known (admin-only)") {
  const std::string text = formats::example_config();
  const std::string changed = text + "\n# a comment\n";
  none(history::check_commit(file_change(config, text, changed, admin), context()));
  one(history::check_commit(file_change(config, text, changed, alice), context()), "admin-only",
      "only an admin may change '.tier/config.toml'; 'alice@example.edu' is not one");
  // The author says admin; the pusher is alice.
  one(history::check_commit(file_change(config, text, changed, admin), context(alice)), "admin-only",
      "only an admin may change '.tier/config.toml'; 'alice@example.edu' is not one (the pusher)");
  none(history::check_commit(file_change(config, text, changed, alice), context(admin)));
  one(history::check_commit(file_change(".tier/hooks/on-claim", std::nullopt, std::string("#!/bin/sh\n"), bob),
                            context()),
      "admin-only", "only an admin may change '.tier/hooks/on-claim'; 'bob@example.edu' is not one");
  const std::string attributes = "tickets/**/*.toml merge=tier\n";
  one(history::check_commit(file_change(".gitattributes", attributes, attributes + "*.md text\n", alice), context()),
      "admin-only", "only an admin may change '.gitattributes'; 'alice@example.edu' is not one");
  none(history::check_commit(file_change(".gitattributes", attributes, attributes + "*.md text\n", admin), context()));
  // A root commit founds the store: no admin yet.
  history::Commit root = file_change(config, std::nullopt, text, alice);
  root.parents = 0;
  root.files[0].parents.clear();
  none(history::check_commit(root, context()));
}

TEST_CASE("history: .gitattributes keeps tier's merge driver, even for an admin (merge)") {
  const std::string attributes = "tickets/**/*.toml merge=tier\n";
  const auto unioned = history::check_commit(
      file_change(".gitattributes", attributes, std::string("tickets/**/*.toml merge=union\n"), admin), context());
  REQUIRE(unioned.size() == 2);
  CHECK(unioned[0].rule == "merge");
  CHECK(unioned[0].message == "only tier's merge driver may be set: 'tickets/**/*.toml merge=union'");
  CHECK(unioned[1].message == "'.gitattributes' must keep the line 'tickets/**/*.toml merge=tier'");
  const auto found =
      history::check_commit(file_change(".gitattributes", attributes, std::string("*.txt text\n"), admin), context());
  one(found, "merge", "'.gitattributes' must keep the line 'tickets/**/*.toml merge=tier'");
}

TEST_CASE("history: each new entry passes both layers of the rules engine at its place") {
  const Policy p = example_policy();
  const Ticket before = created(p);
  // bob is no member of the service desk; the header is the replay.
  const Ticket after = with_entry(before, entry(Event::Claim, bob, 1));
  const auto found = history::check_commit(change(before, after), context());
  one(found, "not-member", "log entry 2 (claim): 'bob@example.edu' is not a member of 'service-desk'");
  CHECK(found[0].line == version(after).entry_lines[1]);
  const Ticket stranger_note = with_entry(before, comment(stranger, 1, "hi", Visibility::Private));
  one(history::check_commit(change(before, stranger_note), context()), "unknown-agent",
      "log entry 2 (comment): 'mallory@example.edu' is not an agent of this help desk");
}

TEST_CASE("history: new entries are by the pusher; a gateway pushes the requester's own (pusher)") {
  Policy p = example_policy();
  p.server.pusher_env = "GL_USERNAME";
  p.server.gateways = {"helpdesk@example.edu"};
  const Ticket before = opened(p);
  const Ticket by_alice = step(before, comment(alice, 2, "On it", Visibility::Private), p);
  none(history::check_commit(change(before, by_alice), context(alice, &p)));
  one(history::check_commit(change(before, by_alice), context(bob, &p)), "pusher",
      "log entry 3 (comment) is by 'alice@example.edu' but was pushed by 'bob@example.edu'");
  // The gateway pushes what the requester wrote, and nothing in an agent's name.
  const Ticket by_dana = step(before, comment(dana, 2, "Still drops"), p);
  none(history::check_commit(change(before, by_dana), context("helpdesk@example.edu", &p)));
  one(history::check_commit(change(before, by_dana), context(bob, &p)), "pusher",
      "log entry 3 (comment) is by 'dana.ruiz@milne.example.edu' but was pushed by 'bob@example.edu'");
  one(history::check_commit(change(before, by_alice), context("helpdesk@example.edu", &p)), "pusher",
      "log entry 3 (comment) is by 'alice@example.edu' but was pushed by 'helpdesk@example.edu'");
  Ticket created_by_mail;
  created_by_mail.id = ticket_id;
  created_by_mail = step(created_by_mail, create_entry(request(), p, dana, at(0)), p);
  none(history::check_commit(change(std::nullopt, created_by_mail), context("helpdesk@example.edu", &p)));
  // A requester's private note is no requester's entry.
  const Ticket dana_private = with_entry(before, comment(dana, 2, "psst", Visibility::Private));
  const auto found = history::check_commit(change(before, dana_private), context("helpdesk@example.edu", &p));
  REQUIRE(found.size() == 2);
  CHECK(found[0].rule == "unknown-agent");
  CHECK(found[1].rule == "pusher");
}

TEST_CASE("history: who pushes, from the server's variable (pusher)") {
  Policy p = example_policy();
  CHECK(history::pusher_identity(p, std::nullopt).agent.empty());
  CHECK(!history::pusher_identity(p, std::nullopt).refusal);
  p.server.require_pusher = true;
  CHECK(history::pusher_identity(p, std::string("alice@example.edu")).refusal->message ==
        "server.require_pusher is on but server.pusher_env names no variable");
  p.server.pusher_env = "GL_USERNAME";
  CHECK(history::pusher_identity(p, std::nullopt).refusal->message == "the push names no pusher: GL_USERNAME is not set");
  CHECK(history::pusher_identity(p, std::string()).refusal->rule == "pusher");
  CHECK(history::pusher_identity(p, std::string("Alice@Example.edu")).agent == "alice@example.edu");
  CHECK(history::pusher_identity(p, std::string("alice")).refusal->message ==
        "the git user 'alice' is not in [server.pushers]");
  p.server.pushers = {{"alice", "alice@example.edu"}};
  CHECK(history::pusher_identity(p, std::string("alice")).agent == "alice@example.edu");
  p.server.require_pusher = false;
  CHECK(!history::pusher_identity(p, std::nullopt).refusal);
}

TEST_CASE("history: no new entry is dated ahead of the clock (clock-skew)") {
  const Policy p = example_policy();
  const Ticket before = opened(p);
  const Ticket after = step(before, comment(alice, 70, "from the future", Visibility::Private), p);
  one(history::check_commit(change(before, after), context({}, nullptr, 60)), "clock-skew",
      "log entry 3 (comment) is dated 2026-11-23T11:10:00Z, ahead of the server's clock");
  none(history::check_commit(change(before, after), context({}, nullptr, 66)));
  history::Context lenient = context({}, nullptr, 60);
  lenient.check_skew = false;
  none(history::check_commit(change(before, after), lenient));
}

TEST_CASE("history: a void mark is earned, and a void entry is still by someone known (void)") {
  const Policy p = example_policy();
  const Ticket before = opened(p);
  LogEntry late = entry(Event::Claim, carol, 2);
  late.void_reason = "'T-7k2m9qxa' is already claimed by 'alice@example.edu'";
  const Ticket earned = with_entry(before, late);
  none(history::check_commit(change(before, earned), context()));
  // A valid comment marked void to slip past the rules.
  LogEntry sneaky = comment(alice, 2, "free pass");
  sneaky.void_reason = "whatever";
  one(history::check_commit(change(before, with_entry(before, sneaky)), context()), "void",
      "log entry 3 (comment): it is marked void, but it applies at its place in the log");
  // A void entry by an unknown agent is refused for who made it.
  LogEntry strangers = entry(Event::Claim, stranger, 2);
  strangers.void_reason = "already claimed";
  one(history::check_commit(change(before, with_entry(before, strangers)), context()), "unknown-agent",
      "log entry 3 (claim): 'mallory@example.edu' is not an agent of this help desk");
  // And by the pusher.
  one(history::check_commit(change(before, earned), context(bob)), "pusher",
      "log entry 3 (claim) is by 'carol@example.edu' but was pushed by 'bob@example.edu'");
  // tier check says so of a file as it stands.
  one(history::check_file(path, version(with_entry(before, sneaky)), p), "void",
      "log entry 3 (comment): it is marked void, but it applies at its place in the log");
  none(history::check_file(path, version(earned), p));
}

TEST_CASE("history: sizes and control characters within [limits] (valid-values)") {
  Policy p = example_policy();
  const Ticket before = opened(p);
  const Ticket big = with_entry(before, comment(alice, 2, std::string(70000, 'x'), Visibility::Private));
  one(history::check_commit(change(before, big), context()), "valid-values",
      "log entry 3 (comment): the text is 70000 bytes, over the limit of 65536");
  const Ticket escape = with_entry(before, comment(alice, 2, "look \x1b]0;pwned\x07 here", Visibility::Private));
  one(history::check_commit(change(before, escape), context()), "valid-values",
      "log entry 3 (comment): the text holds the control character U+001B");
  // The file as a whole.
  history::Commit c = change(before, with_entry(before, comment(alice, 2, std::string(60000, 'y'), Visibility::Private)));
  c.policy->limits.ticket = 4096;
  one(history::check_commit(c, context()), "valid-values",
      "the ticket file is " + std::to_string(c.files[0].after->size) + " bytes, over the limit of 4096");
  // Unread when it is larger than what was read: the size alone refuses it.
  c.files[0].after = formats::read_version(path, history::Kind::File, "big", 50u << 20, nullptr);
  one(history::check_commit(c, context()), "valid-values",
      "the ticket file is 52428800 bytes, over the limit of 4096");
  // A title of control characters or of too many characters.
  LogEntry retitle = entry(Event::Edit, alice, 2);
  retitle.title = "Printer \x1b[2J jams";
  one(history::check_commit(change(before, with_entry(before, retitle)), context()), "valid-values",
      "log entry 3 (edit): the title holds the control character U+001B");
  retitle.title = std::string(301, 't');
  one(history::check_commit(change(before, with_entry(before, retitle)), context()), "valid-values",
      "log entry 3 (edit): a title is at most 300 characters, not 301");
  retitle.title = "   ";
  one(history::check_commit(change(before, with_entry(before, retitle)), context()), "valid-values",
      "log entry 3 (edit): a ticket needs a title");
}

TEST_CASE("history: a merge commit's tickets are tier's merge of its parents (merge)") {
  const Policy p = example_policy();
  const Ticket base = created(p);
  const Ticket ours = step(base, entry(Event::Claim, alice, 5), p);                           // on the server
  const Ticket theirs = step(base, comment(bob, 6, "bob was here", Visibility::Private), p);  // offline
  const Ticket merged = merge_tickets(ours, theirs).ticket;
  auto merge_commit = [&](const Ticket& result) {
    history::Commit c;
    c.id = "m3rge";
    c.author = bob;
    c.parents = 2;
    c.policy = p;
    c.files.push_back({path, version(result), {version(ours), version(theirs)}});
    return c;
  };
  none(history::check_commit(merge_commit(merged), context()));
  none(history::check_commit(merge_commit(merge_tickets(theirs, ours).ticket), context()));
  // Taking one side whole drops the other's entries.
  const auto found = history::check_commit(merge_commit(theirs), context());
  REQUIRE(found.size() == 1);
  CHECK(found[0].rule == "merge");
  // A forged merge: the server's valid claim marked void, a claim of one's own after it.
  Ticket forged = ours;
  forged.log[1].void_reason = "'T-7k2m9qxa' is already claimed by 'carol@example.edu'";
  forged.status = Status::New;
  forged.assignee.clear();
  forged.owner.clear();
  forged = step(forged, entry(Event::Claim, carol, 6), p);
  const auto stolen = history::check_commit(merge_commit(forged), context());
  REQUIRE(stolen.size() == 1);
  CHECK(stolen[0].rule == "merge");
  CHECK(stolen[0].message == "the merge of '" + path + "' is not tier's merge of its parents: it differs from log entry 2");
  // A file other than a ticket is one parent's version, or else a change like any other.
  history::Commit config_merge;
  config_merge.id = "m3rge";
  config_merge.author = bob;
  config_merge.parents = 2;
  config_merge.policy = p;
  const std::string text = formats::example_config();
  config_merge.files.push_back(
      {config, text_version(config, text + "#\n"), {text_version(config, text), text_version(config, text + "#\n")}});
  none(history::check_commit(config_merge, context()));
  config_merge.files[0].after = text_version(config, text + "# bob's own\n");
  one(history::check_commit(config_merge, context()), "admin-only",
      "only an admin may change '.tier/config.toml'; 'bob@example.edu' is not one");
}

TEST_CASE("history: check_file reports a file as it stands") {
  const Policy p = example_policy();
  none(history::check_file(path, version(opened(p)), p));
  Ticket lying = opened(p);
  lying.owner = bob;
  one(history::check_file(path, version(lying), p), "replay", "'owner' differs from the replay of the log");
  Ticket foreign = opened(p);
  foreign.id = "X-7k2m9qxa";
  const auto found = history::check_file(ticket_path(foreign.id), text_version(ticket_path(foreign.id), formats::write_ticket(foreign)), p);
  one(found, "id-path", "'X-7k2m9qxa' is not an id of this store: 'T-' and 8 characters");
}

TEST_CASE("history: an attachment is its content's file, named by a new entry, never deleted (attachment)") {
  const Policy p = example_policy();
  const Ticket before = opened(p);
  const std::string bytes = "a screenshot";
  const std::string id = "0123456789abcdef0123456789abcdef01234567";
  LogEntry note = comment(alice, 2, "See the screen", Visibility::Private);
  note.attachments = {{"screen.png", "image/png", bytes.size(), id}};
  const Ticket after = step(before, note, p);
  const std::string file = attachment_path(id);
  CHECK(file == "attachments/01/" + id);
  auto with_file = [&](std::string file_path, std::string blob_id, std::size_t size) {
    history::Commit c = change(before, after);
    history::Version v;
    v.id = std::move(blob_id);
    v.size = size;
    v.read = false;
    c.files.push_back({std::move(file_path), v, {std::nullopt}});
    c.attachments.insert(file);
    return c;
  };
  none(history::check_commit(with_file(file, id, bytes.size()), context()));
  // The entry names a file the tree does not hold.
  history::Commit missing = change(before, after);
  one(history::check_commit(missing, context()), "attachment",
      "log entry 3 (comment) names the attachment 'screen.png' (" + id + "), which the store does not hold");
  // A file at a path that is not its content's id.
  one(history::check_commit(with_file(file, "ffff" + id.substr(4), bytes.size()), context()), "id-path",
      "an attachment's file is named by its content's id: 'attachments/ff/ffff" + id.substr(4) + "'");
  // A file no new entry names.
  history::Commit stray = change(before, before);
  stray.files.clear();
  history::Version v;
  v.id = id;
  v.size = 10;
  stray.files.push_back({file, v, {std::nullopt}});
  one(history::check_commit(stray, context()), "attachment", "no new entry of the commit names the attachment '" + id + "'");
  // Too large, as a file.
  one(history::check_commit(with_file(file, id, 11u << 20), context()), "valid-values",
      "the attachment is 11534336 bytes, over the limit of 10485760");
  // Deleted.
  history::Commit gone = change(before, before);
  gone.files.clear();
  gone.files.push_back({file, std::nullopt, {v}});
  one(history::check_commit(gone, context()), "no-delete", "an attachment is never deleted");
  // An attachment of an entry that carries none.
  LogEntry claim = entry(Event::Release, alice, 2);
  claim.attachments = note.attachments;
  const auto released = history::check_commit(change(before, with_entry(before, claim)), context());
  REQUIRE(!released.empty());
  CHECK(released[0].rule == "valid-values");
  CHECK(released[0].message == "log entry 3 (release): a release carries no attachment");
}

TEST_CASE("history: an article is changed by a knowledge-base editor, the pusher when known (kb-editor)") {
  const std::string a = "kb/wifi.md";
  const std::string text = "+++\ntitle = \"Wi-Fi drops\"\n+++\n\nRenew the certificate.\n";
  // carol leads service-desk: by default the groups' leads publish.
  none(history::check_commit(file_change(a, std::nullopt, text, carol), context()));
  none(history::check_commit(file_change(a, text, text + "More.\n", erin), context()));
  one(history::check_commit(file_change(a, std::nullopt, text, alice), context()), "kb-editor",
      "only a knowledge-base editor may change 'kb/wifi.md'; 'alice@example.edu' is not one");
  // The pusher, not the author a commit names.
  one(history::check_commit(file_change(a, std::nullopt, text, carol), context(alice)), "kb-editor",
      "only a knowledge-base editor may change 'kb/wifi.md'; 'alice@example.edu' is not one (the pusher)");
  none(history::check_commit(file_change(a, std::nullopt, text, alice), context(carol)));
  // kb.editors of the config in force: a group's members.
  history::Commit c = file_change(a, std::nullopt, text, alice);
  c.policy->kb.editors = {"service-desk"};
  none(history::check_commit(c, context()));
  c.author = erin;
  one(history::check_commit(c, context()), "kb-editor",
      "only a knowledge-base editor may change 'kb/wifi.md'; 'erin@example.edu' is not one");
}

TEST_CASE("history: an article parses, lives at kb/<slug>.md, has valid values and is never deleted") {
  const std::string a = "kb/wifi.md";
  const std::string text = "+++\ntitle = \"Wi-Fi drops\"\n+++\n\nRenew the certificate.\n";
  one(history::check_commit(file_change(a, text, std::nullopt, carol), context()), "no-delete",
      "an article is never deleted; retire it instead");
  one(history::check_commit(file_change("kb/Wi Fi.md", std::nullopt, text, carol), context()), "id-path",
      "'kb/Wi Fi.md' is not where an article lives: kb/<slug>.md, the slug of a-z, 0-9 and '-'");
  one(history::check_commit(file_change("kb/img/logo.png", std::nullopt, std::string("png"), carol), context()),
      "id-path", "'kb/img/logo.png' is not where an article lives: kb/<slug>.md, the slug of a-z, 0-9 and '-'");
  const auto bad = history::check_commit(file_change(a, std::nullopt, "+++\ntitle = 3\n+++\n", carol), context());
  one(bad, "malformed", "'title' must be a string");
  CHECK(bad[0].line == 2);
  CHECK(bad[0].text() == "c0ffee kb/wifi.md:2: refused by rule 'malformed': 'title' must be a string");
  one(history::check_commit(file_change(a, std::nullopt, text, carol, history::Kind::Symlink), context()),
      "malformed", "'kb/wifi.md' is a symbolic link; an article is a plain file");
  one(history::check_commit(file_change(a, std::nullopt, "+++\ntitle = \"x\"\ntickets = [\"nope\"]\n+++\n", carol),
                            context()),
      "valid-values", "'nope' is not a ticket id of this store");
  // Past limits.article, refused by its size.
  history::Commit big = file_change(a, std::nullopt, text + std::string(300 * 1024, 'x') + "\n", carol);
  one(history::check_commit(big, context()), "valid-values",
      "the article is " + std::to_string(text.size() + 300 * 1024 + 1) + " bytes, over the limit of 262144");
  // A retired article is still an article.
  none(history::check_commit(
      file_change(a, text, "+++\ntitle = \"Wi-Fi drops\"\nstatus = \"retired\"\n+++\n", carol), context()));
}

TEST_CASE("history: an article in a merge is one parent's version, or else a change by an editor") {
  const std::string a = "kb/wifi.md";
  const std::string ours = "+++\ntitle = \"Wi-Fi\"\n+++\n";
  const std::string theirs = "+++\ntitle = \"Wi-Fi drops\"\n+++\n";
  history::Commit c;
  c.id = "m3rge";
  c.author = alice;
  c.parents = 2;
  c.policy = example_policy();
  c.files.push_back({a, text_version(a, theirs), {text_version(a, ours), text_version(a, theirs)}});
  none(history::check_commit(c, context()));
  c.files[0].after = text_version(a, "+++\ntitle = \"alice's own\"\n+++\n");
  one(history::check_commit(c, context()), "kb-editor",
      "only a knowledge-base editor may change 'kb/wifi.md'; 'alice@example.edu' is not one");
}

TEST_CASE("history: check_article_file reports an article as it stands") {
  const Policy p = example_policy();
  const std::string text = "+++\ntitle = \"Wi-Fi drops\"\n+++\n";
  none(history::check_article_file("kb/wifi.md", text_version("kb/wifi.md", text), p));
  one(history::check_article_file("kb/wifi.md", text_version("kb/wifi.md", "+++\n"), p), "malformed",
      "the front matter has no closing line '+++'");
  one(history::check_article_file("kb/notes.txt", text_version("kb/notes.txt", text), p), "id-path",
      "'kb/notes.txt' is not where an article lives: kb/<slug>.md, the slug of a-z, 0-9 and '-'");
}

}  // namespace tier::test

// The hand edits that tests/e2e/hooks.bats and forged.bats once pushed one
// rule at a time, here on the same story and the same text edits (sed's,
// as a person makes them), checked as pre-receive checks a pushed commit.
// The bats files keep one real push per kind of refusal: the wiring.
namespace tier::test {
namespace {

/// hooks.bats' story: created at 10:00 for Dana, claimed by alice at 10:05,
/// a private note and a public comment by her at 10:10.
std::string story_text(const Policy& p) {
  Ticket t = created(p);
  t = step(t, entry(Event::Claim, alice, 5), p);
  t = step(t, comment(alice, 10, "Toner sensor again.", Visibility::Private), p);
  t = step(t, comment(alice, 10, "We are looking at it."), p);
  return formats::write_ticket(t);
}

/// A commit that changes one file's text by hand, by `author`.
history::Commit edited(const std::string& p, const std::optional<std::string>& before,
                       const std::optional<std::string>& after, const std::string& author = alice) {
  return file_change(p, before, after, author);
}

/// `sed -i 's/^FROM$/TO/'`: every line that is FROM becomes TO.
std::string replace_lines(const std::string& text, const std::string& from, const std::string& to) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto nl = text.find('\n', start);
    const std::string line = text.substr(start, nl == std::string::npos ? nl : nl - start);
    out += (line == from ? to : line);
    if (nl == std::string::npos) break;
    out += '\n';
    start = nl + 1;
  }
  return out;
}

/// `sed -i 's/^KEY = .*/KEY = VALUE/'`.
std::string set_key(const std::string& text, const std::string& key, const std::string& value) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto nl = text.find('\n', start);
    const std::string line = text.substr(start, nl == std::string::npos ? nl : nl - start);
    out += line.rfind(key + " = ", 0) == 0 ? key + " = " + value : line;
    if (nl == std::string::npos) break;
    out += '\n';
    start = nl + 1;
  }
  return out;
}

/// hooks.bats' append_entry: a [[log]] table with these lines, and the
/// header's `updated` set to its time.
std::string append_entry(const std::string& text, const std::string& when, const std::vector<std::string>& lines) {
  std::string out = text + "\n[[log]]\nat = " + when + "\n";
  for (const auto& l : lines) out += l + "\n";
  return set_key(out, "updated", when);
}

/// Whether one finding's text, as pre-receive prints it, holds `part`.
bool says(const std::vector<history::Finding>& found, const std::string& part) {
  for (const auto& f : found)
    if (f.text().find(part) != std::string::npos) return true;
  return false;
}

std::string all_text(const std::vector<history::Finding>& found) {
  std::string s;
  for (const auto& f : found) s += f.text() + "\n";
  return s;
}

}  // namespace

TEST_CASE("hooks.bats in memory: a private note made public (append-only)") {
  const Policy p = example_policy();
  const std::string before = story_text(p);
  const std::string after = replace_lines(before, "visibility = \"private\"", "visibility = \"public\"");
  const auto found = history::check_commit(edited(path, before, after), context());
  CHECK_MESSAGE(says(found, "refused by rule 'append-only'"), all_text(found));
  CHECK_MESSAGE(says(found, "log entry 3 (comment by alice@example.edu) was changed or removed; the log is append-only"),
                all_text(found));
}

TEST_CASE("hooks.bats in memory: an entry removed from the log, the header replayed to match (append-only)") {
  const Policy p = example_policy();
  const std::string before = story_text(p);
  // del parts[3] of the text split at "\n[[log]]\n": the private note.
  std::vector<std::string> parts;
  const std::string sep = "\n[[log]]\n";
  for (std::size_t at = 0;;) {
    const auto next = before.find(sep, at);
    parts.push_back(before.substr(at, next == std::string::npos ? next : next - at));
    if (next == std::string::npos) break;
    at = next + sep.size();
  }
  REQUIRE(parts.size() == 5);
  parts.erase(parts.begin() + 3);
  std::string after = parts[0];
  for (std::size_t i = 1; i < parts.size(); ++i) after += sep + parts[i];
  // `tier check` finds nothing wrong with the file as it stands...
  none(history::check_file(path, text_version(path, after), p));
  // ...but the push drops an entry.
  const auto found = history::check_commit(edited(path, before, after), context());
  CHECK_MESSAGE(says(found, "refused by rule 'append-only'"), all_text(found));
}

TEST_CASE("hooks.bats in memory: a deleted ticket (no-delete)") {
  const Policy p = example_policy();
  const auto found = history::check_commit(edited(path, story_text(p), std::nullopt), context());
  CHECK_MESSAGE(says(found, path + ": refused by rule 'no-delete': a ticket is never deleted; close it instead"),
                all_text(found));
}

TEST_CASE("hooks.bats in memory: a ticket file at a path its id does not belong to (id-path)") {
  const Policy p = example_policy();
  const auto found = history::check_commit(edited("tickets/zz/T-zzzzzzzz.toml", std::nullopt, story_text(p)), context());
  CHECK_MESSAGE(says(found, "tickets/zz/T-zzzzzzzz.toml:2: refused by rule 'id-path': the id '" + ticket_id +
                                "' belongs at '" + path + "'"),
                all_text(found));
}

TEST_CASE("hooks.bats in memory: a malformed config pushed by the admin (malformed)") {
  const std::string text = formats::example_config();
  const auto found = history::check_commit(edited(config, text, text + "[rules\n", admin), context());
  CHECK_MESSAGE(says(found, "refused by rule 'malformed'"), all_text(found));
}

TEST_CASE("hooks.bats in memory: a claim of a claimed ticket added by hand cannot replay (replay)") {
  const Policy p = example_policy();
  const std::string before = story_text(p);
  // The header edited to match what the hand-writer wanted: carol holds it.
  const std::string after = set_key(
      append_entry(before, "2026-11-23T10:20:00Z", {"by = \"carol@example.edu\"", "event = \"claim\""}), "assignee",
      "\"carol@example.edu\"");
  const auto found = history::check_commit(edited(path, before, after), context());
  CHECK_MESSAGE(says(found, "refused by rule 'replay': log entry 5 (claim) does not replay: '" + ticket_id +
                                "' is already claimed by 'alice@example.edu'"),
                all_text(found));
}

TEST_CASE("hooks.bats in memory: a malformed ticket file (malformed)") {
  const Policy p = example_policy();
  const std::string before = story_text(p);
  const std::string after = before + "\n[[log]]\nat = \"not a time\n";
  const auto found = history::check_commit(edited(path, before, after), context());
  REQUIRE(!found.empty());
  CHECK(found[0].text().find(path + ":") != std::string::npos);
  CHECK_MESSAGE(says(found, "refused by rule 'malformed':"), all_text(found));
}

TEST_CASE("forged.bats in memory: a void mark on an entry that applies, and a void entry by a stranger (void)") {
  const Policy p = example_policy();
  const std::string before = story_text(p);
  // A non-member's resolve, marked void so that no rule would look at it.
  std::string after = append_entry(before, "2026-11-23T10:15:00Z",
                                   {"by = \"bob@example.edu\"", "event = \"resolve\"", "visibility = \"public\"",
                                    "text = \"Fixed, trust me.\"", "void = \"nothing to see\""});
  after = set_key(after, "updated", "2026-11-23T10:10:00Z");
  auto found = history::check_commit(edited(path, before, after), context());
  CHECK_MESSAGE(says(found, "refused by rule 'void': log entry 5 (resolve): it is marked void, but it applies at its "
                            "place in the log"),
                all_text(found));
  // An unknown agent's public comment, void: refused for who made it.
  after = append_entry(before, "2026-11-23T10:15:00Z",
                       {"by = \"mallory@example.com\"", "event = \"comment\"", "visibility = \"public\"",
                        "text = \"Click here\"", "void = \"whatever\""});
  after = set_key(after, "updated", "2026-11-23T10:10:00Z");
  found = history::check_commit(edited(path, before, after), context());
  CHECK_MESSAGE(says(found, "refused by rule 'unknown-agent'"), all_text(found));
}

TEST_CASE("forged.bats in memory: an oversize note (valid-values)") {
  const Policy p = example_policy();
  const std::string before = story_text(p);
  const std::string after = append_entry(before, "2026-11-23T10:15:00Z",
                                         {"by = \"alice@example.edu\"", "event = \"comment\"",
                                          "visibility = \"private\"", "text = \"" + std::string(70000, 'x') + "\""});
  const auto found = history::check_commit(edited(path, before, after), context());
  CHECK_MESSAGE(says(found, "refused by rule 'valid-values': log entry 5 (comment): the text is 70000 bytes, over the "
                            "limit of 65536"),
                all_text(found));
}

TEST_CASE("forged.bats in memory: escape sequences in a title or a note (valid-values)") {
  const Policy p = example_policy();
  const std::string before = story_text(p);
  // The entry, and the header's title (its first line) to match it.
  std::string after = append_entry(before, "2026-11-23T10:15:00Z",
                                   {"by = \"alice@example.edu\"", "event = \"edit\"",
                                    "title = \"Printer \\u001b]0;owned\\u0007jams\""});
  const std::string title = "title = \"" + request().title + "\"";
  const auto at = after.find(title);
  REQUIRE(at != std::string::npos);
  after.replace(at, title.size(), "title = \"Printer \\u001b]0;owned\\u0007jams\"");
  auto found = history::check_commit(edited(path, before, after), context());
  CHECK_MESSAGE(says(found, "refused by rule 'valid-values'"), all_text(found));
  CHECK_MESSAGE(says(found, "log entry 5 (edit): the title holds the control character U+001B"), all_text(found));
  after = append_entry(before, "2026-11-23T10:15:00Z",
                       {"by = \"alice@example.edu\"", "event = \"comment\"", "visibility = \"private\"",
                        "text = \"clear \\u001b[2J the screen\""});
  found = history::check_commit(edited(path, before, after), context());
  CHECK_MESSAGE(says(found, "refused by rule 'valid-values'"), all_text(found));
}

}  // namespace tier::test
