#pragma once

#include <string>

#include "core/store/store.hpp"

namespace tier::hooks {

/// What `tier hooks install` did, for its message.
struct Installed {
  std::string dir;     ///< the hooks directory
  bool server = false; ///< pre-receive and post-receive (else pre-commit, pre-push, the merge driver)
};

/// Installs tier's hooks: in a bare repository (or with `server`),
/// pre-receive and post-receive, and git's own refusals of non-fast-forward
/// pushes, deleted branches and malformed objects (receive.denyNonFastForwards,
/// receive.denyDeletes, receive.fsckObjects); in a clone, pre-commit,
/// pre-push and the merge driver. Each hook is a shim that runs
/// `<program> hook <name>`. Conflict when a hook of another program is in
/// the way.
Installed install(store::Store& store, const std::string& program, bool server);

}  // namespace tier::hooks
