#pragma once

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>

#include "core/time.hpp"

/// The git hooks tier installs (tier-hooks(1)): they read git, call the
/// history rules of core/history and report each refusal on `err` as
/// "tier: <commit> <path>:<line>: refused by rule '<rule>': <message>".
/// They decide no rule themselves. Each returns the hook's exit status: 0
/// accepts, non-zero refuses.
namespace tier::hooks {

/// Reads a variable of the hook's environment; nullopt when it is not set.
using Getenv = std::function<std::optional<std::string>(const std::string&)>;

/// The shared bare repository's pre-receive: reads "<old> <new> <ref>"
/// lines from `in`, checks each ref update (history::check_ref) and every
/// commit a push adds to the store's branch (history::check_commit), with
/// the settings of the branch's config before the push and the pusher
/// named by server.pusher_env. Refuses the whole push on any finding.
int pre_receive(std::istream& in, std::ostream& err, Time now, const Getenv& env);

/// post-receive: forwards the push to server.forward, then, with
/// notify.where = "server", sends the notifications of the new entries.
/// Never refuses (the push is done); problems are warnings on `err`.
int post_receive(std::istream& in, std::ostream& err);

/// A clone's pre-commit: what the index would commit, checked as the
/// server would check it, the author (GIT_AUTHOR_EMAIL, else user.email)
/// standing for the pusher.
int pre_commit(std::ostream& err, Time now, const Getenv& env);

/// A clone's pre-push: reads "<local ref> <local id> <remote ref> <remote
/// id>" lines and checks each commit the push would add, as the server would.
int pre_push(std::istream& in, std::ostream& err, Time now);

}  // namespace tier::hooks
