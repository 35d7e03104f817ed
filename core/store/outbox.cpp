#include "core/store/outbox.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <ctime>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "core/notify.hpp"
#include "core/store/process.hpp"
#include "core/store/store.hpp"
#include "formats/mail_out.hpp"

namespace tier::store {
namespace fs = std::filesystem;

namespace {

// A Message-ID as a file name: its brackets dropped, anything but letters,
// digits and . _ @ + - turned into '_'.
std::string file_name(const std::string& message_id) {
  std::string out;
  for (char c : message_id) {
    if (c == '<' || c == '>') continue;
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == '@' || c == '+' || c == '-';
    out += ok ? c : '_';
  }
  return out.empty() ? "_" : out;
}

std::string fan_out(const std::string& name) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : name) {
    h ^= c;
    h *= 16777619u;
  }
  static constexpr char hex[] = "0123456789abcdef";
  return {hex[(h >> 4) & 0xf], hex[h & 0xf]};
}

std::string hostname() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0 || !buf[0]) return "localhost";
  std::string out;
  for (const char* p = buf; *p; ++p) {
    if (*p == '/') out += "\\057";
    else if (*p == ':') out += "\\072";
    else out += *p;
  }
  return out;
}

// A name no other delivery uses: maildir's time, microseconds, pid and a
// counter. The microseconds have their six digits, so that the names of one
// second sort in the order the messages were written.
std::string unique_name() {
  static unsigned counter = 0;
  struct timeval tv {};
  gettimeofday(&tv, nullptr);
  std::string usec = std::to_string(tv.tv_usec);
  usec.insert(0, usec.size() < 6 ? 6 - usec.size() : 0, '0');
  return std::to_string(tv.tv_sec) + ".M" + usec + "P" + std::to_string(getpid()) + "Q" + std::to_string(++counter) +
         "." + hostname();
}

// Writes a new file in `dir`/tmp and renames it to `target`: a reader sees
// the whole message or none. Throws with the reason.
void write_via_tmp(const std::string& tmp_dir, const std::string& target, const std::string& text) {
  fs::create_directories(tmp_dir);
  fs::create_directories(fs::path(target).parent_path());
  const std::string tmp = tmp_dir + "/" + unique_name();
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) throw Error(Exit::Failure, "cannot write '" + tmp + "': " + std::strerror(errno));
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string why = std::strerror(errno);
      ::close(fd);
      ::unlink(tmp.c_str());
      throw Error(Exit::Failure, "cannot write '" + tmp + "': " + why);
    }
    done += std::size_t(n);
  }
  // No fsync, as git's own objects and refs get none here (libgit2's
  // default): a crash may lose the message with the commit, never half of it.
  ::close(fd);
  if (std::rename(tmp.c_str(), target.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(tmp.c_str());
    throw Error(Exit::Failure, "cannot write '" + target + "': " + why);
  }
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The first line of a program's complaint, for one line of warning.
std::string first_line(std::string text) {
  const auto nl = text.find('\n');
  if (nl != std::string::npos) text.resize(nl);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\r')) text.pop_back();
  return text;
}

// Holds tier/notify/lock while a delivery runs.
class Lock {
 public:
  explicit Lock(const std::string& path) {
    fs::create_directories(fs::path(path).parent_path());
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ < 0) throw Error(Exit::Failure, "cannot open '" + path + "': " + std::strerror(errno));
    while (flock(fd_, LOCK_EX) != 0 && errno == EINTR) {
    }
  }
  ~Lock() { ::close(fd_); }
  Lock(const Lock&) = delete;
  Lock& operator=(const Lock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace

Outbox::Outbox(std::string git_dir, std::string root, Policy::Notify settings, std::int64_t timeout)
    : git_dir_(std::move(git_dir)), root_(std::move(root)), settings_(std::move(settings)), timeout_(timeout) {
  if (!git_dir_.empty() && git_dir_.back() != '/') git_dir_ += '/';
  if (!root_.empty() && root_.back() != '/') root_ += '/';
}

Outbox::Outbox(Store& store)
    : Outbox(store.git_dir(), store.root(), store.policy().notify, store.policy().limits.timeout) {}

bool Outbox::enabled() const { return !settings_.sendmail.empty() || !settings_.maildir.empty(); }

std::string Outbox::notify_dir() const { return git_dir_ + "tier/notify/"; }

std::string Outbox::sent_path(const std::string& message_id) const {
  const std::string name = file_name(message_id);
  return notify_dir() + "sent/" + fan_out(name) + "/" + name;
}

std::string Outbox::queue_path(const std::string& message_id) const {
  return notify_dir() + "queue/" + file_name(message_id);
}

std::string Outbox::sending_path(const std::string& message_id) const {
  return notify_dir() + "sending/" + file_name(message_id);
}

std::string Outbox::deliver(const Outgoing& mail) {
  try {
    if (!settings_.sendmail.empty()) {
      const auto argv = split_command(settings_.sendmail);
      if (!argv || argv->empty()) return "'sendmail' is not a command line";
      std::string to;
      for (const auto& a : mail.to) to += (to.empty() ? "" : ",") + a;
      const ProcessResult r =
          run_process(*argv, mail.text, {"TIER_NOTIFY_TO=" + to, "TIER_MESSAGE_ID=" + mail.message_id}, timeout_);
      if (r.timed_out) return timed_out_words((*argv)[0], timeout_);
      if (r.status == 0) return {};
      std::string why = "'" + (*argv)[0] + "' exited with " + std::to_string(r.status);
      if (const std::string said = first_line(r.err); !said.empty()) why += ": " + said;
      return why;
    }
    std::string dir = settings_.maildir;
    if (dir.rfind(".git/", 0) == 0) dir = git_dir_ + dir.substr(5);
    else if (!dir.empty() && dir.front() != '/') dir = root_ + dir;
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    fs::create_directories(dir + "/cur");
    write_via_tmp(dir + "/tmp", dir + "/new/" + unique_name(), mail.text);
    return {};
  } catch (const std::exception& e) {
    return e.what();
  }
}

namespace {

void mark_sent(const std::string& path) {
  fs::create_directories(fs::path(path).parent_path());
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd >= 0) ::close(fd);
}

}  // namespace

Delivered Outbox::send(const std::vector<Outgoing>& mails) {
  Delivered d;
  if (mails.empty() || !enabled()) return d;
  for (const Outgoing& m : mails) {
    const std::string sent = sent_path(m.message_id);
    const std::string queued = queue_path(m.message_id);
    const std::string sending = sending_path(m.message_id);
    {
      // Claimed under the lock; delivered without it.
      Lock lock(notify_dir() + "lock");
      if (fs::exists(sent) || fs::exists(queued) || fs::exists(sending)) {
        ++d.duplicates;
        continue;
      }
      write_via_tmp(notify_dir() + "queue/tmp", sending, m.text);
    }
    const std::string why = deliver(m);
    Lock lock(notify_dir() + "lock");
    if (why.empty()) {
      mark_sent(sent);
      std::remove(sending.c_str());
      ++d.sent;
      continue;
    }
    if (d.error.empty()) d.error = why;
    fs::create_directories(fs::path(queued).parent_path());
    std::rename(sending.c_str(), queued.c_str());
    ++d.queued;
  }
  d.waiting = count_waiting();
  return d;
}

void Outbox::prune_sent(Time now) const {
  std::error_code ec;
  const std::string dir = notify_dir() + "sent";
  if (!fs::is_directory(dir, ec)) return;
  const std::int64_t cutoff = now.ms / 1000 - settings_.keep_sent;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    struct stat st {};
    if (::stat(it->path().c_str(), &st) == 0 && S_ISREG(st.st_mode) && std::int64_t(st.st_mtim.tv_sec) < cutoff)
      fs::remove(it->path(), ec);
  }
}

std::vector<Waiting> Outbox::waiting() const {
  std::vector<Waiting> out;
  const std::string dir = notify_dir() + "queue";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file()) continue;
    const std::string path = entry.path().string();
    struct stat st {};
    Time queued;
    if (::stat(path.c_str(), &st) == 0)
      queued = Time{std::int64_t(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000};
    out.push_back({path, queued, read_all(path)});
  }
  std::sort(out.begin(), out.end(), [](const Waiting& a, const Waiting& b) {
    return a.queued != b.queued ? a.queued < b.queued : a.file < b.file;
  });
  return out;
}

int Outbox::count_waiting() const {
  int n = 0;
  std::error_code ec;
  const std::string dir = notify_dir() + "queue";
  if (!fs::is_directory(dir, ec)) return 0;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_regular_file()) ++n;
  return n;
}

Delivered Outbox::retry() {
  Delivered d;
  std::vector<std::string> claimed;  // names of the files moved to sending/
  {
    Lock lock(notify_dir() + "lock");
    prune_sent(Time{std::int64_t(::time(nullptr)) * 1000});
    fs::create_directories(notify_dir() + "sending");
    fs::create_directories(notify_dir() + "queue");
    // A claim older than ten minutes belongs to a process that died.
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(notify_dir() + "sending", ec)) {
      struct stat st {};
      if (::stat(entry.path().c_str(), &st) == 0 && S_ISREG(st.st_mode) && st.st_mtim.tv_sec + 600 < ::time(nullptr))
        std::rename(entry.path().c_str(), (notify_dir() + "queue/" + entry.path().filename().string()).c_str());
    }
    for (const Waiting& w : waiting()) {
      const std::string name = fs::path(w.file).filename().string();
      // The queue file is named by the Message-ID; sent/ uses the same name.
      if (fs::exists(notify_dir() + "sent/" + fan_out(name) + "/" + name)) {
        ++d.duplicates;
        std::remove(w.file.c_str());
        continue;
      }
      if (std::rename(w.file.c_str(), (notify_dir() + "sending/" + name).c_str()) == 0) claimed.push_back(name);
    }
  }
  for (const auto& name : claimed) {
    const std::string sending = notify_dir() + "sending/" + name;
    const std::string text = read_all(sending);
    const formats::MailSummary summary = formats::summarize_mail(text);
    Outgoing m{summary.message_id.empty() ? "<" + name + ">" : summary.message_id, summary.to, text};
    const std::string why = deliver(m);
    Lock lock(notify_dir() + "lock");
    if (!why.empty()) {
      if (d.error.empty()) d.error = why;
      std::rename(sending.c_str(), (notify_dir() + "queue/" + name).c_str());
      continue;
    }
    mark_sent(notify_dir() + "sent/" + fan_out(name) + "/" + name);
    std::remove(sending.c_str());
    ++d.sent;
  }
  d.waiting = count_waiting();
  return d;
}

}  // namespace tier::store
