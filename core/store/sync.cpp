// Sharing a store: pull (fetch and integrate) and push. git itself moves the
// objects, so that every transport works and the server's hooks run (libgit2's
// local transport runs none); the integration is ours, through libgit2.

#include <algorithm>
#include <cstdlib>
#include <set>

#include "core/merge.hpp"
#include "core/store/git.hpp"
#include "core/store/process.hpp"
#include "core/store/store_impl.hpp"
#include "formats/config_toml.hpp"
#include "formats/ticket_toml.hpp"

namespace tier::store {
namespace {

std::string branch_name(const std::string& ref) {
  const std::string heads = "refs/heads/";
  return ref.rfind(heads, 0) == 0 ? ref.substr(heads.size()) : ref;
}

// The server's own words ("remote: ..." lines), or else git's first error
// line without its "fatal: " or "error: " (the lines after it are advice:
// "Please make sure you have the correct access rights ...").
std::string remote_words(const std::string& err) {
  std::string out, line;
  for (std::size_t i = 0; i <= err.size(); ++i) {
    if (i == err.size() || err[i] == '\n') {
      if (line.rfind("remote: ", 0) == 0) out += line.substr(8) + "\n";
      line.clear();
    } else if (err[i] != '\r') {
      line += err[i];
    }
  }
  while (!out.empty() && out.back() == '\n') out.pop_back();
  if (out.empty()) {
    std::size_t start = 0;
    while (start < err.size() && out.empty()) {
      auto end = err.find('\n', start);
      std::string l = err.substr(start, end == std::string::npos ? std::string::npos : end - start);
      while (!l.empty() && (l.back() == '\r' || l.back() == ' ')) l.pop_back();
      for (std::string_view prefix : {"fatal: ", "error: "})
        if (l.rfind(prefix, 0) == 0) l.erase(0, prefix.size());
      out = l;
      if (end == std::string::npos) break;
      start = end + 1;
    }
  }
  return out;
}

// What a local hook printed: git's stderr without its own "failed to push" line.
std::string hook_words(const std::string& err) {
  std::string out;
  std::size_t start = 0;
  while (start < err.size()) {
    auto end = err.find('\n', start);
    std::string l = err.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!l.empty() && l.rfind("error: failed to push some refs", 0) != 0) out += (out.empty() ? "" : "\n") + l;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

bool contains_any(const std::string& text, std::initializer_list<std::string_view> needles) {
  for (auto n : needles)
    if (text.find(n) != std::string::npos) return true;
  return false;
}

// Whether git's words say the remote cannot be reached at all: the only
// failure that keeps a change here for a later sync. A refused login, an
// unknown host key and anything unknown take it back (fail closed).
bool unreachable(const std::string& err) {
  if (contains_any(err, {"Authentication failed", "Permission denied", "could not read Username",
                         "could not read Password", "terminal prompts disabled", "Access denied",
                         "returned error: 401", "returned error: 403", "Host key verification failed"}))
    return false;
  return contains_any(err, {"Could not resolve host", "Could not resolve hostname", "Connection refused",
                            "Connection timed out", "timed out", "No route to host", "Network is unreachable",
                            "Failed to connect", "Could not connect", "does not appear to be a git repository",
                            "Name or service not known", "Temporary failure in name resolution"});
}

// The first "refused by rule 'R'" the server's hook printed, and the commit
// its line names ("tier: <commit> <path>: refused by rule ..."), as
// hooks/git_hooks prints them.
void named_refusal(const std::string& words, std::string& rule, std::string& commit) {
  constexpr std::string_view mark = "refused by rule '";
  const auto at = words.find(mark);
  if (at == std::string::npos) return;
  const auto end = words.find('\'', at + mark.size());
  if (end != std::string::npos) rule = words.substr(at + mark.size(), end - at - mark.size());
  const auto line_start = words.rfind('\n', at);
  std::string line = words.substr(line_start == std::string::npos ? 0 : line_start + 1, at);
  if (line.rfind("tier: ", 0) == 0) line.erase(0, 6);
  const auto space = line.find(' ');
  const std::string first = line.substr(0, space);
  if (space != std::string::npos && !first.empty() && first.size() <= 40 &&
      first.find_first_not_of("0123456789abcdef") == std::string::npos)
    commit = first;
}

bool is_ticket_path(const std::string& p) {
  return p.rfind("tickets/", 0) == 0 && p.size() > 5 && p.compare(p.size() - 5, 5, ".toml") == 0;
}

}  // namespace

bool Store::has_remote(const std::string& remote) {
  if (remote.empty()) return false;
  if (remote.find('/') != std::string::npos || remote.find(':') != std::string::npos) return true;
  git_remote* raw = nullptr;
  const int rc = git_remote_lookup(&raw, impl_->repo.get(), remote.c_str());
  git::Remote r(raw);
  return rc == 0;
}

std::string Store::head() {
  auto oid = impl_->head_oid();
  return oid ? git::to_hex(*oid) : std::string();
}

Store::Pulled Store::pull(const std::string& remote, const Author& author) {
  Impl& s = *impl_;
  const std::string ref = s.head_ref();
  const std::string branch = branch_name(ref);
  const std::string tracking = "refs/tier/remote/" + branch;
  // git fetch runs without the store's lock, into a ref of this process's
  // own; the lock is taken to integrate what it brought.
  const std::string fetch_ref = "refs/tier/fetch/" + std::to_string(::getpid());
  ProcessResult fetched = run_process({"git", "-C", s.root, "fetch", "--quiet", "--no-write-fetch-head", remote,
                                       "+refs/heads/" + branch + ":" + fetch_ref},
                                      {}, {}, max_seconds());
  lock();
  {
    git_reference* raw = nullptr;
    if (git_reference_lookup(&raw, s.repo.get(), fetch_ref.c_str()) == 0) {
      git::Reference fetched_ref(raw);
      if (fetched.status == 0 && !fetched.timed_out) {
        git_reference* made = nullptr;
        git::check(git_reference_create(&made, s.repo.get(), tracking.c_str(), git_reference_target(raw), 1,
                                        "fetch: tier"),
                   "remember the remote's branch");
        git::Reference keep(made);
      }
      git_reference_delete(raw);
    }
  }
  if (fetched.timed_out) {
    // A remote that does not answer in time is one that cannot be reached.
    Pulled out;
    out.reached = false;
    out.why = "cannot fetch from '" + remote + "': " + timed_out_words("git fetch", max_seconds());
    return out;
  }
  if (fetched.status != 0) {
    const std::string words = remote_words(fetched.err);
    // An empty remote has no branch yet: nothing to integrate.
    if (words.find("couldn't find remote ref") != std::string::npos) return {};
    if (unreachable(fetched.err)) {
      Pulled out;
      out.reached = false;
      out.why = "cannot fetch from '" + remote + "': " + words;
      return out;
    }
    throw Error(Exit::Remote, "'" + remote + "' refused the login: " + words,
                "check the credentials git uses for '" + remote + "'; nothing was changed");
  }
  Pulled result;
  git_oid theirs;
  if (git_reference_name_to_id(&theirs, s.repo.get(), tracking.c_str()) != 0) return result;
  auto local = s.head_oid();
  if (!local) throw Error(Exit::Failure, "the store's branch has no commit");
  if (git_oid_equal(&*local, &theirs)) return result;
  if (git_graph_descendant_of(s.repo.get(), &*local, &theirs) == 1) return result;  // only we moved

  auto local_commit = git::make<git::Commit>("read the branch's commit", git_commit_lookup, s.repo.get(), &*local);
  auto their_commit = git::make<git::Commit>("read the remote's commit", git_commit_lookup, s.repo.get(), &theirs);
  auto local_tree = git::make<git::Tree>("read a tree", git_commit_tree, local_commit.get());
  auto their_tree = git::make<git::Tree>("read a tree", git_commit_tree, their_commit.get());

  git_oid target;
  git::Tree target_tree;
  if (git_graph_descendant_of(s.repo.get(), &theirs, &*local) == 1) {
    target = theirs;  // only they moved: fast-forward
    target_tree = git::make<git::Tree>("read a tree", git_commit_tree, their_commit.get());
  } else {
    git_oid base_oid;
    git::check(git_merge_base(&base_oid, s.repo.get(), &*local, &theirs), "find the common commit");
    auto base_commit = git::make<git::Commit>("read a commit", git_commit_lookup, s.repo.get(), &base_oid);
    auto base_tree = git::make<git::Tree>("read a tree", git_commit_tree, base_commit.get());
    const std::set<std::string> ours = changed_paths(s.repo.get(), base_tree.get(), local_tree.get());
    const std::set<std::string> theirs_changed = changed_paths(s.repo.get(), base_tree.get(), their_tree.get());
    std::vector<git_tree_update> updates;
    std::vector<std::string> keep_paths;
    keep_paths.reserve(ours.size());
    for (const auto& path : ours) {
      auto our_text = s.blob_text(local_tree.get(), path);
      auto their_text = s.blob_text(their_tree.get(), path);
      if (our_text == their_text) continue;
      git_oid blob;
      if (theirs_changed.count(path) && is_ticket_path(path) && our_text && their_text) {
        const Merged m = merge_tickets(formats::parse_ticket(*their_text, path), formats::parse_ticket(*our_text, path));
        for (const auto& e : m.voided) result.voided.emplace_back(m.ticket.id, e);
        const std::string text = formats::write_ticket(m.ticket);
        git::check(git_blob_create_from_buffer(&blob, s.repo.get(), text.data(), text.size()), "write a ticket");
      } else if (theirs_changed.count(path)) {
        continue;  // both changed something that is not a ticket: the shared side stands
      } else if (our_text) {
        git::check(git_blob_create_from_buffer(&blob, s.repo.get(), our_text->data(), our_text->size()), "write a file");
      } else {
        keep_paths.push_back(path);
        updates.push_back({GIT_TREE_UPDATE_REMOVE, {}, GIT_FILEMODE_BLOB, keep_paths.back().c_str()});
        continue;
      }
      keep_paths.push_back(path);
      updates.push_back({GIT_TREE_UPDATE_UPSERT, blob, GIT_FILEMODE_BLOB, keep_paths.back().c_str()});
    }
    git_oid tree_oid;
    git::check(git_tree_create_updated(&tree_oid, s.repo.get(), their_tree.get(), updates.size(), updates.data()),
               "write the merged tree");
    target_tree = git::make<git::Tree>("read the merged tree", git_tree_lookup, s.repo.get(), &tree_oid);
    std::string message = "merge " + remote + "\n\nTier-Op: merge\n";
    auto sig = make_signature(author);
    // The shared side is the first parent: the server checks a push against it.
    const git_commit* parents[2] = {their_commit.get(), local_commit.get()};
    git::check(git_commit_create(&target, s.repo.get(), nullptr, sig.get(), sig.get(), "UTF-8", message.c_str(),
                                 target_tree.get(), 2, parents),
               "commit the merge");
    result.merged = true;
  }
  s.move_branch(ref, target, *local, "pull: tier", local_tree.get(), target_tree.get());
  result.changed = true;
  // The rules of the command that pulled are the ones it pulled: an admin's
  // change (an agent who left a group) applies at once. Assigned in place, so
  // that a caller's reference to the policy sees the new one.
  if (s.policy) {
    const std::string path(config_path);
    auto before = s.blob_text(local_tree.get(), path);
    auto after = s.blob_text(target_tree.get(), path);
    if (after && before != after) *s.policy = formats::parse_config(*after, config_path);
  }
  return result;
}

Store::Pushed Store::push(const std::string& remote) {
  Impl& s = *impl_;
  lock();
  const std::string ref = s.head_ref();
  const std::string branch = branch_name(ref);
  const std::optional<git_oid> sent = s.head_oid();
  if (!sent) throw Error(Exit::Failure, "the store's branch has no commit");
  // git push runs without the store's lock: it sends this commit, whatever
  // another tier process commits meanwhile.
  unlock();
  ProcessResult pushed = run_process({"git", "-C", s.root, "push", "--porcelain", remote,
                                      git::to_hex(*sent) + ":refs/heads/" + branch},
                                     {}, {}, max_seconds());
  lock();
  if (pushed.timed_out)
    return {PushOutcome::Unreachable, "cannot push to '" + remote + "': " + timed_out_words("git push", max_seconds()),
            {}, {}};
  const std::string& out = pushed.out;
  if (pushed.status == 0) {
    // Remember what the remote now has, as a fetch would.
    git_reference* raw = nullptr;
    git_reference_create(&raw, s.repo.get(), ("refs/tier/remote/" + branch).c_str(), &*sent, 1, "push: tier");
    git::Reference r(raw);
    return {out.find("[up to date]") != std::string::npos ? PushOutcome::UpToDate : PushOutcome::Pushed, {}, {}, {}};
  }
  if (out.find("[rejected]") != std::string::npos &&
      (out.find("fetch first") != std::string::npos || out.find("non-fast-forward") != std::string::npos))
    return {PushOutcome::Race, {}, {}, {}};
  // Another push took the server's ref lock first: a race, not a refusal.
  if (out.find("failed to update ref") != std::string::npos || out.find("failed to lock") != std::string::npos ||
      pushed.err.find("cannot lock ref") != std::string::npos)
    return {PushOutcome::Race, {}, {}, {}};
  if (out.find("[remote rejected]") != std::string::npos) {
    Pushed refused{PushOutcome::Refused, remote_words(pushed.err), {}, {}};
    named_refusal(refused.message, refused.rule, refused.commit);
    return refused;
  }
  // The clone's own pre-push hook refused: git sent nothing, and the words are the hook's.
  if (out.find("refs/") == std::string::npos && pushed.err.find("failed to push some refs") != std::string::npos) {
    Pushed refused{PushOutcome::Refused, hook_words(pushed.err), {}, {}};
    named_refusal(refused.message, refused.rule, refused.commit);
    return refused;
  }
  if (out.find("stale info") != std::string::npos) return {PushOutcome::Race, {}, {}, {}};
  const std::string words = "cannot push to '" + remote + "': " + remote_words(pushed.err);
  return {unreachable(pushed.err) ? PushOutcome::Unreachable : PushOutcome::Denied, words, {}, {}};
}

void Store::undo(const std::string& commit) {
  Impl& s = *impl_;
  lock();
  git_oid oid;
  git::check(git_oid_fromstr(&oid, commit.c_str()), "read a commit id");
  auto c = git::make<git::Commit>("read a commit", git_commit_lookup, s.repo.get(), &oid);
  auto parent = git::make<git::Commit>("read a commit", git_commit_parent, c.get(), 0u);
  auto from = git::make<git::Tree>("read a tree", git_commit_tree, c.get());
  auto to = git::make<git::Tree>("read a tree", git_commit_tree, parent.get());
  s.move_branch(s.head_ref(), *git_commit_id(parent.get()), oid, "undo: tier", from.get(), to.get());
}

}  // namespace tier::store

namespace tier::store {

std::string Store::keep(const std::string& commit) {
  Impl& s = *impl_;
  git_oid oid;
  git::check(git_oid_fromstr(&oid, commit.c_str()), "read a commit id");
  for (int n = 1;; ++n) {
    const std::string name = "refs/tier/refused/" + std::to_string(n);
    git_reference* raw = nullptr;
    const int rc = git_reference_create(&raw, s.repo.get(), name.c_str(), &oid, 0, "refused: tier");
    git::Reference made(raw);
    if (rc == 0) return name;
    if (rc != GIT_EEXISTS) git::check(rc, "keep the refused commit");
  }
}

std::string Store::set_aside(const std::string& first) {
  Impl& s = *impl_;
  lock();
  auto head = s.head_oid();
  if (!head) throw Error(Exit::Failure, "the store's branch has no commit");
  git_oid oid;
  git::check(git_oid_fromstr(&oid, first.c_str()), "read a commit id");
  auto c = git::make<git::Commit>("read a commit", git_commit_lookup, s.repo.get(), &oid);
  auto parent = git::make<git::Commit>("read a commit", git_commit_parent, c.get(), 0u);
  auto tip = git::make<git::Commit>("read a commit", git_commit_lookup, s.repo.get(), &*head);
  auto from = git::make<git::Tree>("read a tree", git_commit_tree, tip.get());
  auto to = git::make<git::Tree>("read a tree", git_commit_tree, parent.get());
  const std::string name = keep(git::to_hex(*head));
  s.move_branch(s.head_ref(), *git_commit_id(parent.get()), *head, "refused: tier", from.get(), to.get());
  return name;
}

std::vector<std::string> Store::set_aside_refs() {
  Impl& s = *impl_;
  git_strarray names{};
  git::check(git_reference_list(&names, s.repo.get()), "list the refs");
  std::vector<std::pair<int, std::string>> found;
  for (std::size_t i = 0; i < names.count; ++i) {
    const std::string name = names.strings[i];
    constexpr std::string_view prefix = "refs/tier/refused/";
    if (name.rfind(prefix, 0) == 0) found.emplace_back(std::atoi(name.c_str() + prefix.size()), name);
  }
  git_strarray_dispose(&names);
  std::sort(found.begin(), found.end());
  std::vector<std::string> out;
  for (auto& f : found) out.push_back(std::move(f.second));
  return out;
}

std::string Store::find_commit(const std::string& prefix) {
  Impl& s = *impl_;
  if (prefix.size() < 7 || prefix.size() > 40) return {};
  git_object* raw = nullptr;
  if (git_revparse_single(&raw, s.repo.get(), (prefix + "^{commit}").c_str()) != 0) return {};
  git::Object obj(raw);
  const git_oid* id = git_object_id(obj.get());
  auto head = s.head_oid();
  if (!head) return {};
  if (!git_oid_equal(id, &*head) && git_graph_descendant_of(s.repo.get(), &*head, id) != 1) return {};
  return git::to_hex(*id);
}

}  // namespace tier::store
