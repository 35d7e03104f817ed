#pragma once

#include <string>
#include <vector>

#include "core/policy.hpp"
#include "core/time.hpp"

namespace tier::store {

class Store;

/// A message to deliver: its Message-ID (with angle brackets), its
/// recipients and its text (formats::Mail).
struct Outgoing {
  std::string message_id;
  std::vector<std::string> to;
  std::string text;
};

/// A message that waits in the queue.
struct Waiting {
  std::string file;  ///< its path
  Time queued;       ///< when it was queued (the file's time)
  std::string text;
};

/// What one round of delivery did.
struct Delivered {
  int sent = 0;        ///< handed to sendmail or written to the maildir
  int duplicates = 0;  ///< sent before (or already waiting): skipped
  int queued = 0;      ///< failed now and put in the queue
  int waiting = 0;     ///< in the queue when the round ended
  std::string error;   ///< the first failure's reason
};

/// Where notifications go, under the store's git directory (tier-notify(1)):
/// notify.sendmail (run with the message on stdin, never through a shell)
/// when set, else the maildir notify.maildir (tmp/ then new/), when set.
/// tier/notify/sent/ records every Message-ID delivered, so nothing is sent
/// twice (a record older than notify.keep_sent is pruned); tier/notify/queue/
/// keeps, one file each, the messages whose delivery failed. A message being
/// delivered is in tier/notify/sending/, claimed under a lock
/// (tier/notify/lock) that is never held while sendmail runs; sendmail has
/// [limits] timeout to finish, and one that does not is stopped and its
/// message queued. A claim left by a process that died goes back to the
/// queue after ten minutes.
class Outbox {
 public:
  Outbox(std::string git_dir, std::string root, Policy::Notify settings, std::int64_t timeout = 60);
  explicit Outbox(Store& store);

  /// Whether a delivery is configured at all (sendmail, or a maildir).
  bool enabled() const;
  /// Delivers each message not sent or queued before; a failure queues it.
  /// Throws only when the queue itself cannot be written.
  Delivered send(const std::vector<Outgoing>& mails);
  /// Delivers what waits, oldest first, removing each on success.
  Delivered retry();
  /// What waits, oldest first.
  std::vector<Waiting> waiting() const;

 private:
  std::string deliver(const Outgoing& mail);  // "" on success, else why not
  std::string notify_dir() const;
  std::string sent_path(const std::string& message_id) const;
  std::string queue_path(const std::string& message_id) const;
  std::string sending_path(const std::string& message_id) const;
  int count_waiting() const;
  void prune_sent(Time now) const;

  std::string git_dir_;
  std::string root_;
  Policy::Notify settings_;
  std::int64_t timeout_;
};

}  // namespace tier::store
