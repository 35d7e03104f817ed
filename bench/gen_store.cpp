// tier-gen-store DIR N [--seed S]: writes a store of N realistic tickets into
// a new git repository DIR for the benchmark (bench/README.md). The objects go
// straight into git through a `git fast-import` stream (one commit on main),
// then the branch is checked out so the work tree and the index match it, as
// in a clone. Every ticket is built by the rules engine (apply(): the policy
// checks of the example config, then the effect) and its header is the replay
// of its log, so `tier check` finds nothing. The same seed gives the same
// store, byte for byte.

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <variant>
#include <vector>

#include "core/ids.hpp"
#include "core/policy.hpp"
#include "core/ticket.hpp"
#include "core/time.hpp"
#include "core/workflow.hpp"
#include "formats/config_toml.hpp"
#include "formats/ticket_toml.hpp"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using tier::Event;
using tier::LogEntry;
using tier::Status;
using tier::Ticket;
using tier::Time;

constexpr std::string_view usage_text = "usage: tier-gen-store DIR N [--seed S]\n";
constexpr std::string_view bench_author = "tier-bench <bench@example.edu>";
constexpr std::int64_t minute = 60'000, hour = 60 * minute, day = 24 * hour;

[[noreturn]] void fail(const std::string& message) {
  std::fprintf(stderr, "tier-gen-store: error: %s\n", message.c_str());
  std::exit(1);
}

// splitmix64: the same numbers on every platform, unlike the std distributions.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return std::size_t(next() % n); }
  double unit() { return double(next() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return unit() < p; }
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    return lo + std::int64_t(next() % std::uint64_t(hi - lo + 1));
  }
  /// Log-uniform: as many gaps of minutes as of hours as of days.
  std::int64_t spread(std::int64_t lo, std::int64_t hi) {
    return std::int64_t(double(lo) * std::pow(double(hi) / double(lo), unit()));
  }
  template <class C>
  const auto& pick(const C& c) {
    return c[below(std::size(c))];
  }
  /// An index, with the given weights.
  std::size_t weighted(std::initializer_list<int> weights) {
    int total = 0;
    for (int w : weights) total += w;
    int x = int(below(std::size_t(total)));
    std::size_t i = 0;
    for (int w : weights) {
      if (x < w) return i;
      x -= w;
      ++i;
    }
    return i - 1;
  }

 private:
  std::uint64_t s_;
};

using Words = std::vector<std::string_view>;

struct Org {
  std::string_view id, name, domain;
  Words rooms;
  bool premium;  // subscribes to cx-tier2 in the example config
};

const std::array<Org, 3>& orgs() {
  static const std::array<Org, 3> o = {{
      {"milne", "Milne Library", "milne.example.edu",
       {"Milne Library 2nd floor", "Milne Reading Room", "Milne Special Collections", "Milne staff office M214",
        "Milne ground floor help point", "Milne group study room 4"},
       true},
      {"strand", "Strand Agriculture", "strand.example.edu",
       {"Strand Ag B12", "Strand Ag basement lab", "Strand Ag greenhouse office", "Strand Ag lecture hall A",
        "Strand Ag room 3.07", "Strand Ag soil lab"},
       true},
      {"hollis", "Hollis Student Union", "hollis.example.org",
       {"Hollis SU front desk", "Hollis SU bar office", "Hollis SU meeting room 2", "Hollis SU finance office"},
       false},
  }};
  return o;
}

const Words first_names = {
    "Dana",   "Sam",    "Priya",  "Tomasz", "Aisha",  "Liam",   "Mei",     "Jonas",  "Fatima", "Oliver",
    "Chloé",  "Rahul",  "Grace",  "Mateo",  "Yuki",   "Hannah", "Kwame",   "Sofia",  "Ben",    "Ingrid",
    "Omar",   "Lucy",   "Diego",  "Zoë",    "Ahmed",  "Emma",   "Nikolai", "Ava",    "Chen",   "Ruth",
    "Pedro",  "Amara",  "Felix",  "Noor",   "Isaac",  "Freya",  "Søren",   "Leila",  "Marcus", "Tara",
    "Hugo",   "Bronwyn", "Kofi",  "Elena",  "Raj",    "Maeve",  "José",    "Anika"};
const Words last_names = {
    "Ruiz",    "Okafor",  "Nguyen",  "Kowalski", "Patel",   "O'Brien",  "Schmidt",  "Haddad",  "Lindqvist",
    "Moreau",  "Tanaka",  "Mensah",  "García",   "Fischer", "Murphy",   "Kaur",     "Novak",    "Silva",
    "Jensen",  "Ahmadi",  "Walsh",   "Rossi",    "Chen",    "Adeyemi",  "Müller",   "Dubois",   "Hughes",
    "Costa",   "Ivanova", "Brennan", "Yilmaz",   "Park",    "Sato",     "Williams", "MacLeod",  "Núñez",
    "Ferreira", "Larsen", "Begum",   "Campbell"};

// The ASCII local part of an address for a name: lower-case letters only.
std::string slug(std::string_view name) {
  static const std::array<std::pair<std::string_view, char>, 12> folds = {{
      {"é", 'e'}, {"ë", 'e'}, {"ø", 'o'}, {"ñ", 'n'}, {"ú", 'u'}, {"á", 'a'},
      {"í", 'i'}, {"ó", 'o'}, {"ü", 'u'}, {"ö", 'o'}, {"ç", 'c'}, {"ã", 'a'},
  }};
  std::string out;
  for (std::size_t i = 0; i < name.size();) {
    const char c = name[i];
    if (c >= 'A' && c <= 'Z') out += char(c - 'A' + 'a');
    else if (c >= 'a' && c <= 'z') out += c;
    if (static_cast<unsigned char>(c) < 0x80) {
      ++i;
      continue;
    }
    bool folded = false;
    for (const auto& [from, to] : folds)
      if (name.substr(i, from.size()) == from) {
        out += to;
        i += from.size();
        folded = true;
        break;
      }
    if (!folded) ++i;
  }
  return out;
}

// One kind of trouble: the ticket's title, what the requester sees (also the
// escalation template's symptoms) and what fixed it in the end.
struct Issue {
  std::string_view title;  // may hold {room} and {asset}
  std::string_view symptom;
  std::string_view fix;
};

struct Category {
  std::string_view name;
  std::vector<Issue> issues;
  Words tried;        // steps tried; the template's tried
  Words agent_notes;  // tier-1 private notes
  Words tier2_notes;  // the specialists' private notes
  Words tags;
  std::string_view asset_prefix;
};

const std::array<Category, 5>& categories() {
  static const std::array<Category, 5> c = {{
      {"network",
       {{"Wi-Fi drops every few minutes in {room}",
         "The connection drops every ten minutes or so; the event log shows 802.1X timeouts.",
         "Pushed the renewed RADIUS certificate to the laptop."},
        {"No network on the wall port in {room}",
         "The light on the wall port is off and Windows says the network cable is unplugged.",
         "Re-patched the port in the comms room."},
        {"VPN disconnects after about an hour",
         "The VPN client says \"Reconnecting...\" and then gives up with error 809.",
         "Raised the VPN session timeout for the user's profile."},
        {"Cannot reach the library catalogue from {room}",
         "The catalogue page times out; other sites load fine.",
         "Fixed the proxy exception list for the catalogue's new address."},
        {"eduroam keeps asking for the password",
         "It connects, asks for the password again after a few minutes, then drops.",
         "Reset the user's eduroam profile and removed the stale one from the laptop."},
        {"Very slow network in {room} since Monday",
         "Downloads crawl at 200 kB/s while colleagues at the next desk are fine.",
         "Upgraded the access point's firmware and moved it off a crowded channel."},
        {"Laptop {asset} gets no IP address",
         "ipconfig shows a 169.254 address; DHCP never answers.",
         "Replaced the laptop's Wi-Fi card."}},
       {"Rebooted, forgot the network and joined again.", "Tried another cable and another port: same result.",
        "Updated the Wi-Fi driver from the vendor's site.", "Tested wired: fine. Only wireless fails.",
        "Turned the VPN client off and on; reinstalled it.", "Ran the Windows network troubleshooter."},
       {"Checked the switch port: link up at 1 Gb/s, no errors.", "RADIUS log shows repeated rejects for this user.",
        "Asked the requester to send the output of ipconfig /all.", "Access point in that room rebooted twice today.",
        "Reset the user's eduroam profile on the portal."},
       {"Captured traffic on the port: DHCP offers never reach the laptop.",
        "Swapped the Wi-Fi card; the laptop now holds the connection for hours.",
        "The access point's firmware was two years old; upgraded it.",
        "Found a loop on the floor switch; the port is now in the right VLAN.",
        "Certificate on the RADIUS server had rolled over; pushed the new CA to the laptop."},
       {"wifi", "vpn", "eduroam", "wired", "slow"},
       "LT"},
      {"hardware",
       {{"Laptop {asset} will not power on",
         "Pressing the power button does nothing; the charging light blinks amber three times.",
         "Had the motherboard replaced under warranty."},
        {"Docking station: external monitors stay black",
         "The monitors on the dock show \"No signal\" although the laptop sees them.",
         "Swapped the docking station and updated its firmware."},
        {"Keys sticking on the keyboard of {asset}", "The E and R keys need a hard press and sometimes repeat.",
         "Replaced the keyboard."},
        {"Battery of {asset} drains in an hour", "The battery goes from 100% to 10% in about an hour of light use.",
         "Replaced the battery."},
        {"Desktop fan loud and PC overheating in {room}",
         "The fan runs at full speed all day and the case is hot to touch.",
         "Cleaned the fan and replaced the thermal paste."},
        {"Second monitor flickers", "The screen flickers every few seconds, worse when the room is warm.",
         "Replaced the monitor cable and the monitor's power supply."},
        {"Webcam not detected in Teams", "Teams and the Camera app both say no camera is found.",
         "Re-enabled the camera in the BIOS after the update had turned it off."},
        {"Cracked screen on {asset}", "The screen has a crack across the lower left corner and a dark patch.",
         "Replaced the display panel."}},
       {"Held the power button for 30 seconds with the charger out.", "Tried another dock and another cable.",
        "Updated the BIOS and the dock firmware.", "Cleaned the vents with compressed air.",
        "Swapped the monitor cable for a new one."},
       {"Warranty checked: the laptop is covered until next year.", "Loan laptop handed out at the desk.",
        "Hardware diagnostics report a fault.", "Ordered a replacement part through purchasing."},
       {"Bench test: the fault is in the hardware; vendor repair booked.",
        "Replaced the part; holds up under a four-hour stress test.",
        "Reseated the RAM and ran diagnostics overnight: clean.", "Vendor engineer visited and swapped the board.",
        "Dock firmware downgraded to the version that works with this model."},
       {"laptop", "desktop", "monitor", "dock", "warranty"},
       "DT"},
      {"software",
       {{"Outlook crashes on start", "Outlook shows the splash screen, then closes with no message.",
         "Rebuilt the Outlook profile."},
        {"Excel freezes when opening the shared workbook",
         "Excel stops responding as soon as the shared workbook opens.", "Disabled the faulty add-in by policy."},
        {"Teams shows no audio devices",
         "Teams lists no microphone or speakers although the headset works elsewhere.",
         "Cleared the Teams cache and reinstalled the audio driver."},
        {"Cannot install the statistics package on {asset}", "The installer stops at 80% with error 1603.",
         "Packaged the new version and deployed it to the machine."},
        {"OneDrive stuck syncing", "OneDrive has shown \"Processing changes\" for three days.",
         "Reset OneDrive and resynchronised the library."},
        {"Windows update fails with 0x80070643", "The update downloads, fails at restart and rolls back.",
         "Cleared the component store; the update installs now."},
        {"PDF editor says the licence has expired", "The editor opens in read-only mode with a licence warning.",
         "Freed a licence seat from a leaver's account and renewed the licence."}},
       {"Restarted in safe mode; ran the Office repair.", "Cleared the Teams cache and signed in again.",
        "Tried as another user on the same machine: works.", "Reinstalled the application.",
        "Ran sfc /scannow; it found nothing."},
       {"Reproduced on a test profile.", "Licence server shows all seats in use.",
        "Software Center shows the package as failed.", "Asked the requester for a screenshot of the error."},
       {"Corrupt profile; rebuilt it and moved the data file.", "Found the cause in the application's log.",
        "Packaged the new version and tested it on a spare machine.", "Checked the licence pool with the vendor.",
        "The add-in was crashing the application; disabled it by policy."},
       {"office", "teams", "licence", "update", "onedrive"},
       "LT"},
      {"accounts",
       {{"Password expired and self-service reset fails",
         "The reset page says \"Your request could not be processed\".", "Reset the password after an identity check."},
        {"Locked out after too many attempts", "The login page says the account is locked.",
         "Unlocked the account and removed the stale device that kept trying the old password."},
        {"Need access to the shared drive of the {room} team", "The shared drive shows \"Access denied\".",
         "Added the user to the share's access group."},
        {"MFA app lost with an old phone", "The authenticator app was on the old phone, which has been wiped.",
         "Re-registered MFA after an identity check."},
        {"New starter needs an account from Monday", "A new colleague starts on Monday and has no login yet.",
         "Created the account and sent the first-login letter to the manager."},
        {"Mailbox full: cannot send", "Sending fails with \"Mailbox full\".",
         "Raised the mailbox quota and enabled the archive."},
        {"Account shows the wrong department", "The directory and the signature show the old department.",
         "Corrected the department in the HR feed; it syncs tonight."}},
       {"Tried the self-service reset twice.", "Waited 30 minutes for the lockout to clear.",
        "Checked the caps lock and the keyboard layout.", "Asked the manager to approve access in the portal."},
       {"Identity checked by a call-back to the number on file.", "Account is locked in the directory; source is an old phone.",
        "Manager approval received by mail.", "Mailbox at 49.9 of 50 GB."},
       {"Checked the directory: the account was disabled by the leavers' job by mistake.",
        "Identity confirmed with the manager; change made in the directory.",
        "Group membership corrected; takes effect at next login.", "HR feed had a stale record; fixed at the source."},
       {"password", "mfa", "access", "new-starter", "mailbox"},
       "LT"},
      {"printing",
       {{"Printer in {room} shows a paper jam but no paper is stuck",
         "The display says \"Paper jam in tray 2\" and nothing prints.", "Replaced the fuser unit."},
        {"Print jobs stuck in the queue", "Jobs sit in the queue as \"Spooling\" and never print.",
         "Restarted the spooler and fixed the printer's port on the print server."},
        {"Scanner does not send to e-mail", "Scanning works but the mail never arrives.",
         "Updated the scan-to-mail settings: the relay needs TLS now."},
        {"Colour prints come out streaky", "Colour pages have pale stripes down the side.",
         "Cleaned the transfer belt and replaced the cyan drum."},
        {"Cannot add the follow-me printer", "Adding the printer fails with error 0x00000709.",
         "Installed the print client package on the laptop."},
        {"Printer {asset} offline for everyone", "The printer shows as offline on every laptop in the office.",
         "The printer had a new IP address; fixed its reservation and the port on the print server."},
        {"Double-sided option missing", "The print dialog has no two-sided option for this printer.",
         "Installed the driver with duplex support."}},
       {"Turned the printer off and on.", "Opened every tray and checked for paper.",
        "Removed and re-added the printer.", "Fitted a new toner cartridge.", "Printed a test page from the panel."},
       {"Print server queue restarted.", "Asked for the printer's configuration page.",
        "Checked the scan-to-mail relay settings.", "Vendor contract covers parts for this model."},
       {"Vendor engineer replaced the worn part.", "Print server logs show the port timing out.",
        "Relay rejects the printer's mail without TLS.", "Cleaned the printer and ran the calibration.",
        "Deployed the right driver package."},
       {"follow-me", "scanner", "toner", "queue", "duplex"},
       "PR"},
  }};
  return c;
}

const Words requester_followups = {
    "Any news on this? I need it for a class tomorrow.",
    "It happened again this morning at 9:15.\nI took a photo of the message if that helps.",
    "Just checking this has not been forgotten.\nThe whole team is affected now.",
    "I am in the office until 5 today if someone can come over.",
    "One more detail: it only happens when I am on battery.",
    "Could someone call me on extension 4412?\nIt is easier to explain on the phone.",
    "Colleagues at the next desk have the same problem since yesterday.",
};
const Words requester_thanks = {
    "Thanks, it works now!", "All good since yesterday.\nThank you for the quick help.",
    "Confirmed: fixed. Much appreciated.", "Works again. Thanks to everyone involved.",
};
const Words requester_replies = {
    "The tag on the bottom says {asset}.\nI am at my desk all afternoon.",
    "I tried again after the restart: same error.\nScreenshot attached.",
    "Yes, it still happens.\nIt is worst first thing in the morning.",
    "Here is the error text:\n\"The operation could not be completed (0x80004005)\"",
};
const Words owner_replies = {
    "Hi {first},\n\nThanks for the details. Could you restart and try again?\nIf it still fails, send me the exact error message.",
    "Hi {first},\n\nWe are looking into this now.\nI will update you by the end of the day.",
    "Hi {first},\n\nA specialist team is on it; I will keep you posted.",
    "Hi {first},\n\nI can come to {room} at 2pm to look at it.\nPlease leave the machine switched on.",
    "Hi {first},\n\nThe fix is being tested on a spare machine first.\nThanks for your patience.",
};
const Words pending_questions = {
    "Hi {first},\n\nCould you tell me the asset tag on the bottom of the machine?\nI will wait for your reply before going further.",
    "Hi {first},\n\nDoes it still happen after a full restart?\nPlease let me know; the ticket waits on your answer.",
    "Hi {first},\n\nCould you send a screenshot of the error?\nWe cannot go further without it.",
    "Hi {first},\n\nWhen would suit you for a visit in {room}?\nWe will book it as soon as you reply.",
};
const Words escalation_reasons = {
    "Needs hands-on at the desk; beyond what we can do remotely.",
    "Tier 1 checks done, see the template. Please take it from here.",
    "Looks like a fault on the infrastructure side, not the machine.",
    "Requester is affected daily; escalating rather than keep guessing.",
};
const Words escalation_again = {
    "Same again after the hand-back: the fix did not hold.",
    "Back for another look: the problem returned two days later.",
};
const Words handback_closings = {
    "Please confirm with the requester and resolve.", "Back to you for the follow-up with the requester.",
    "Monitor for a week; hand it back to us if it recurs.", "Nothing more on our side.",
};
const Words resolutions = {
    "Hi {first},\n\n{fix}\nIt should work normally now; reply to this ticket if the problem comes back.",
    "Hi {first},\n\nGood news: {fix_lc}\nThanks for bearing with us.",
    "Hi {first},\n\n{fix}\nWe tested it with you on the phone and it works.\nClosing this in a few days unless we hear otherwise.",
};
const Words descriptions = {
    "Hi,\n\n{symptom}\n{tried_by_me}\n\nThanks,\n{first}",
    "Hello,\n\n{symptom}\nThis is in {room}.\n\nBest regards,\n{name}",
    "{symptom}\nPlease help, this is urgent for my work.\n\n{first}",
    "Hi IT,\n\n{symptom}\n\n{name}\n{org_name}",
};

std::string fill(std::string_view pattern, const std::vector<std::pair<std::string_view, std::string>>& vars) {
  std::string out;
  out.reserve(pattern.size() + 64);
  for (std::size_t i = 0; i < pattern.size();) {
    const auto end = pattern[i] == '{' ? pattern.find('}', i) : std::string_view::npos;
    if (end != std::string_view::npos) {
      const std::string_view key = pattern.substr(i + 1, end - i - 1);
      bool done = false;
      for (const auto& [k, v] : vars)
        if (k == key) {
          out += v;
          done = true;
          break;
        }
      if (!done) out += pattern.substr(i, end - i + 1);
      i = end + 1;
    } else {
      out += pattern[i++];
    }
  }
  return out;
}

enum class Target { New, Open, Escalated, Pending, Resolved, Closed };
constexpr std::array<std::string_view, 6> target_names = {"new", "open", "escalated", "pending", "resolved", "closed"};

// The structural steps of a ticket's life; comments go between them.
enum class Step { Claim, Escalate, EscalateQueue, ClaimTier2, Handback, AskPending, Reply, Resolve, Rate, Close };

// The gap before an entry, so that claims come quickly and closes days later.
enum class Gap { Quick, Reply, Work, Days };

const std::array<std::string_view, 2> tier1 = {"alice@example.edu", "carol@example.edu"};

class TicketMaker {
 public:
  TicketMaker(const tier::Policy& policy, Rng& rng) : policy_(policy), r_(rng) {}

  Ticket make(const std::string& id, Time end) {
    const Target target = Target(r_.weighted({10, 30, 10, 10, 25, 15}));
    pick_case(target);
    t_ = Ticket{};
    t_.id = id;
    entries_.clear();
    create();

    std::vector<Step> steps = plan(target);
    // Comments (1 to 12 in all, the structural ones included) go in the
    // slots between steps where a comment changes nothing: not while the
    // ticket waits on the requester, not after it is closed.
    std::vector<bool> open_slot(steps.size() + 1, true);
    bool allowed = true;
    int structural = 0;
    for (std::size_t i = 0; i < steps.size(); ++i) {
      open_slot[i] = allowed;
      if (steps[i] == Step::AskPending) allowed = false, ++structural;
      if (steps[i] == Step::Reply) allowed = true, ++structural;
      if (steps[i] == Step::Close) allowed = false;
    }
    open_slot[steps.size()] = allowed;
    int comments = target == Target::New ? 1 + int(r_.below(3)) : std::min(12, 1 + int(12.0 * std::pow(r_.unit(), 1.8)));
    comments = std::max(0, comments - structural);
    std::vector<int> in_slot(steps.size() + 1, 0);
    std::vector<std::size_t> slots;
    for (std::size_t i = 0; i < open_slot.size(); ++i)
      if (open_slot[i]) slots.push_back(i);
    for (int k = 0; k < comments; ++k) ++in_slot[r_.pick(slots)];

    for (std::size_t i = 0; i <= steps.size(); ++i) {
      for (int k = 0; k < in_slot[i]; ++k) comment();
      if (i < steps.size()) step(steps[i]);
    }
    ++made_[std::size_t(target)];
    return timed(target, end);
  }

  const std::array<long, 6>& made() const { return made_; }

 private:
  const tier::Policy& policy_;
  Rng& r_;
  Ticket t_;
  std::vector<std::pair<LogEntry, Gap>> entries_;
  std::array<long, 6> made_{};

  // The case: who asks, about what, where.
  const Org* org_ = nullptr;
  const Category* cat_ = nullptr;
  const Issue* issue_ = nullptr;
  std::string first_, name_, email_, room_, asset_, connection_;
  std::string creator_, owner_;
  std::vector<std::pair<std::string_view, std::string>> vars_;

  bool escalatable() const { return cat_->name == "accounts" || org_->premium; }

  void pick_case(Target target) {
    cat_ = &r_.pick(categories());
    issue_ = &r_.pick(cat_->issues);
    org_ = &orgs()[r_.weighted({40, 35, 25})];
    // Only subscribers reach cx-tier2: an escalated ticket not about accounts
    // comes from Milne or Strand, never from Hollis.
    if (target == Target::Escalated && !escalatable()) org_ = &orgs()[r_.below(2)];
    first_ = std::string(r_.pick(first_names));
    const std::string last(r_.pick(last_names));
    name_ = first_ + " " + last;
    email_ = (r_.chance(0.2) ? slug(first_).substr(0, 1) : slug(first_)) + "." + slug(last) + "@" +
             std::string(org_->domain);
    room_ = std::string(r_.pick(org_->rooms));
    const std::string_view prefix =
        cat_->name == "hardware" ? (r_.chance(0.6) ? "LT" : "DT") : cat_->asset_prefix;
    asset_ = std::string(prefix) + "-" + std::to_string(r_.between(10000, 99999));
    connection_ = r_.chance(cat_->name == "network" ? 0.6 : 0.4) ? "wireless" : "wired";
    creator_ = std::string(r_.pick(tier1));
    owner_ = std::string(r_.chance(0.7) ? creator_ : std::string(r_.pick(tier1)));
    vars_ = {{"first", first_}, {"name", name_}, {"room", room_}, {"asset", asset_}};
  }

  std::string text(const Words& patterns) { return fill(r_.pick(patterns), vars_); }

  void add(const LogEntry& e, Gap gap) {
    tier::Outcome o = tier::apply(t_, e, policy_);
    if (auto* refusal = std::get_if<tier::Refusal>(&o))
      fail("generated an entry the rules refuse (" + std::string(tier::to_string(e.event)) + " on " + t_.id +
           "): " + refusal->message);
    t_ = std::move(std::get<Ticket>(o));
    entries_.emplace_back(e, gap);
  }

  LogEntry entry(Event event, std::string by) { return tier::simple_entry(event, std::move(by), Time{}); }

  void create() {
    tier::CreateRequest req;
    req.title = fill(issue_->title, vars_);
    req.email = email_;
    req.name = r_.chance(0.9) ? name_ : "";
    req.category = std::string(cat_->name);
    req.priority = tier::Priority(r_.weighted({15, 55, 22, 8}));
    if (r_.chance(0.35)) {
      req.tags.emplace_back(r_.pick(cat_->tags));
      if (r_.chance(0.3)) {
        std::string more(r_.pick(cat_->tags));
        if (more != req.tags.front()) req.tags.push_back(more);
      }
    }
    if (r_.chance(0.03)) req.tags.emplace_back("vip");
    if (r_.chance(0.3)) {
      req.details.asset = asset_;
      req.details.location = room_;
    }
    if (r_.chance(0.75)) {
      auto vars = vars_;
      vars.emplace_back("symptom", std::string(issue_->symptom));
      vars.emplace_back("tried_by_me", "I already: " + lower_first(r_.pick(cat_->tried)));
      vars.emplace_back("org_name", std::string(org_->name));
      req.text = fill(r_.pick(descriptions), vars);
    }
    add(tier::create_entry(req, policy_, creator_, Time{}), Gap::Quick);
  }

  static std::string lower_first(std::string_view s) {
    std::string out(s);
    if (!out.empty() && out[0] >= 'A' && out[0] <= 'Z') out[0] = char(out[0] - 'A' + 'a');
    return out;
  }

  std::vector<Step> plan(Target target) {
    std::vector<Step> s;
    if (target == Target::New) return s;
    s.push_back(Step::Claim);
    // Escalation rounds that came back: none, once, or twice.
    int rounds = escalatable() ? int(r_.weighted({58, 30, 12})) : 0;
    if (target == Target::Escalated && rounds == 2) rounds = 1;
    for (int i = 0; i < rounds; ++i) {
      s.push_back(Step::Escalate);
      s.push_back(Step::ClaimTier2);
      s.push_back(Step::Handback);
    }
    switch (target) {
      case Target::New: break;
      case Target::Open:
        // Some open tickets are being worked at tier 2 right now.
        if (escalatable() && r_.chance(0.3)) {
          s.push_back(Step::Escalate);
          s.push_back(Step::ClaimTier2);
        }
        break;
      case Target::Escalated:
        s.push_back(Step::EscalateQueue);
        break;
      case Target::Pending:
        s.push_back(Step::AskPending);
        break;
      case Target::Resolved:
      case Target::Closed:
        if (r_.chance(0.2)) {
          s.push_back(Step::AskPending);
          s.push_back(Step::Reply);
        }
        s.push_back(Step::Resolve);
        if (target == Target::Closed) {
          if (r_.chance(0.3)) s.push_back(Step::Rate);
          s.push_back(Step::Close);
          if (r_.chance(0.1)) s.push_back(Step::Rate);
        } else if (r_.chance(0.35)) {
          s.push_back(Step::Rate);
        }
        break;
    }
    return s;
  }

  void step(Step st) {
    switch (st) {
      case Step::Claim:
        add(entry(Event::Claim, owner_), Gap::Quick);
        break;
      case Step::Escalate:
      case Step::EscalateQueue: {
        tier::EscalateRequest req;
        req.queue = st == Step::EscalateQueue;
        if (t_.escalations == 0 || req.queue) {
          req.details = tier::Details{asset_, room_, std::string(issue_->symptom),
                                      std::string(r_.pick(cat_->tried)), connection_};
        }
        req.note = std::string(r_.pick(cat_->agent_notes)) + "\n" +
                   std::string(r_.pick(t_.escalations == 0 ? escalation_reasons : escalation_again));
        add(tier::escalate_entry(t_, req, policy_, t_.assignee, Time{}), Gap::Work);
        break;
      }
      case Step::ClaimTier2: {
        if (t_.status != Status::Escalated) break;  // a second escalation went straight back
        const tier::Group* g = policy_.group(t_.group);
        if (!g || g->members.empty()) fail("no members in '" + t_.group + "'");
        add(entry(Event::Claim, r_.pick(g->members)), Gap::Quick);
        break;
      }
      case Step::Handback: {
        std::string note = std::string(r_.pick(cat_->tier2_notes)) + "\n" + std::string(r_.pick(handback_closings));
        add(tier::handback_entry(t_, std::move(note), t_.assignee, Time{}), Gap::Work);
        break;
      }
      case Step::AskPending: {
        LogEntry e = entry(Event::Comment, t_.owner);
        e.visibility = tier::Visibility::Public;
        e.pending = true;
        e.text = text(pending_questions);
        add(e, Gap::Reply);
        break;
      }
      case Step::Reply:
        add(requester_comment(requester_replies), Gap::Days);
        break;
      case Step::Resolve: {
        LogEntry e = entry(Event::Resolve, t_.owner);
        e.visibility = tier::Visibility::Public;
        auto vars = vars_;
        const std::string fix(issue_->fix);
        vars.emplace_back("fix", fix);
        vars.emplace_back("fix_lc", lower_first(fix));
        e.text = fill(r_.pick(resolutions), vars);
        add(e, Gap::Work);
        break;
      }
      case Step::Rate: {
        LogEntry e = entry(Event::Rate, email_);
        e.score = int(r_.weighted({5, 5, 15, 35, 40})) + 1;
        add(e, Gap::Reply);
        break;
      }
      case Step::Close:
        add(entry(Event::Close, r_.chance(0.6) ? "it-admin@example.edu" : t_.owner), Gap::Days);
        break;
    }
  }

  LogEntry requester_comment(const Words& patterns) {
    LogEntry e = entry(Event::Comment, email_);
    e.visibility = tier::Visibility::Public;
    e.text = text(patterns);
    return e;
  }

  LogEntry note(std::string by, std::string body) {
    LogEntry e = entry(Event::Comment, std::move(by));
    e.visibility = tier::Visibility::Private;
    e.text = std::move(body);
    return e;
  }

  void comment() {
    const Words& notes = cat_->agent_notes;
    switch (t_.status) {
      case Status::New:
        if (r_.chance(0.6)) add(requester_comment(requester_followups), Gap::Reply);
        else add(note(std::string(r_.pick(tier1)), text(notes)), Gap::Reply);
        break;
      case Status::Escalated:
        if (r_.chance(0.5)) add(requester_comment(requester_followups), Gap::Reply);
        else add(note(t_.owner, "Chased " + t_.group + " about this.\n" + text(notes)), Gap::Reply);
        break;
      case Status::Open:
        if (t_.tier == 1) {
          const std::size_t k = r_.weighted({45, 25, 30});
          if (k == 0) {
            LogEntry e = entry(Event::Comment, t_.owner);
            e.visibility = tier::Visibility::Public;
            e.text = text(owner_replies);
            add(e, Gap::Reply);
          } else if (k == 1) {
            add(note(t_.owner, text(notes) + "\n" + text(notes)), Gap::Reply);
          } else {
            add(requester_comment(requester_followups), Gap::Reply);
          }
        } else {
          const std::size_t k = r_.weighted({70, 10, 20});
          if (k == 0) add(note(t_.assignee, text(cat_->tier2_notes) + "\nStill testing."), Gap::Work);
          else if (k == 1) add(note(t_.owner, "Requester asked for news.\n" + text(notes)), Gap::Reply);
          else add(requester_comment(requester_followups), Gap::Reply);
        }
        break;
      case Status::Resolved:
        if (r_.chance(0.7)) add(requester_comment(requester_thanks), Gap::Reply);
        else add(note(t_.owner, "Requester confirmed by phone.\nLeaving it resolved."), Gap::Reply);
        break;
      case Status::Pending:
      case Status::Closed:
        fail("a comment was planned for a ticket that is " + std::string(tier::to_string(t_.status)));
    }
  }

  // Dates the entries: created in the last 180 days before `end` (the
  // unfinished ones more recently), strictly increasing, all before `end`.
  Ticket timed(Target target, Time end) {
    std::int64_t lo = 0, hi = 0;  // how long before `end` it was created
    switch (target) {
      case Target::New: lo = 2 * hour, hi = 4 * day; break;
      case Target::Open:
      case Target::Escalated:
      case Target::Pending: lo = 3 * hour, hi = 60 * day; break;
      case Target::Resolved: lo = 6 * hour, hi = 120 * day; break;
      case Target::Closed: lo = 10 * day, hi = 180 * day; break;
    }
    const Time created{end.ms - r_.between(lo, hi)};
    std::vector<std::int64_t> gaps(entries_.size(), 0);
    std::int64_t total = 0;
    for (std::size_t i = 1; i < entries_.size(); ++i) {
      switch (entries_[i].second) {
        case Gap::Quick: gaps[i] = r_.spread(2 * minute, 4 * hour); break;
        case Gap::Reply: gaps[i] = r_.spread(10 * minute, 2 * day); break;
        case Gap::Work: gaps[i] = r_.spread(30 * minute, 3 * day); break;
        case Gap::Days: gaps[i] = r_.spread(1 * day, 8 * day); break;
      }
      total += gaps[i];
    }
    // Squeeze a long life into the time there was; every gap stays a second or more.
    const std::int64_t room = end.ms - minute - created.ms;
    const double squeeze = total > room ? double(room - std::int64_t(entries_.size()) * 1000) / double(total) : 1.0;
    std::vector<LogEntry> log;
    log.reserve(entries_.size());
    Time at = created;
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      if (i) at.ms += std::max<std::int64_t>(1000, std::int64_t(double(gaps[i]) * squeeze));
      LogEntry e = std::move(entries_[i].first);
      e.at = at;
      log.push_back(std::move(e));
    }
    tier::Outcome o = tier::replay(t_.id, log);
    if (auto* refusal = std::get_if<tier::Refusal>(&o)) fail("replay of " + t_.id + " failed: " + refusal->message);
    Ticket t = std::move(std::get<Ticket>(o));
    if (t.updated.ms >= end.ms) fail(t.id + " ends after the end of the period");
    return t;
  }
};

pid_t spawn(const std::vector<std::string>& args, int stdin_fd, int close_fd, int stdout_fd = -1) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (stdin_fd >= 0) posix_spawn_file_actions_adddup2(&actions, stdin_fd, 0);
  if (stdout_fd >= 0) posix_spawn_file_actions_adddup2(&actions, stdout_fd, 1);
  if (close_fd >= 0) posix_spawn_file_actions_addclose(&actions, close_fd);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) fail("cannot run '" + args[0] + "': " + std::strerror(rc));
  return pid;
}

void wait_for(pid_t pid, const std::string& what) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) fail("cannot wait for " + what + ": " + std::strerror(errno));
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) fail(what + " failed");
}

void git(const std::string& dir, std::vector<std::string> args) {
  std::string what = "'git";
  for (const auto& a : args) what += " " + a;
  what += "'";
  args.insert(args.begin(), {"git", "-C", dir});
  wait_for(spawn(args, -1, -1), what);
}

// What a git command prints on stdout.
std::string git_output(const std::string& dir, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"git", "-C", dir};
  argv.insert(argv.end(), args.begin(), args.end());
  int fds[2];
  if (pipe(fds) != 0) fail(std::string("cannot make a pipe: ") + std::strerror(errno));
  const pid_t pid = spawn(argv, -1, fds[0], fds[1]);
  close(fds[1]);
  std::string out;
  char buf[4096];
  for (;;) {
    const ssize_t n = read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buf, std::size_t(n));
  }
  close(fds[0]);
  wait_for(pid, "'git " + args.front() + "'");
  return out;
}

// A fast-import stream on a pipe.
class Importer {
 public:
  explicit Importer(const std::string& dir) {
    int fds[2];
    if (pipe(fds) != 0) fail(std::string("cannot make a pipe: ") + std::strerror(errno));
    // No deltas: fast-import would chain each blob on the one before it, in
    // stream order, which makes every later read of a ticket slow and costs
    // a third of the import's time for little space (TOML compresses well).
    pid_ = spawn({"git", "-C", dir, "fast-import", "--quiet", "--done", "--depth=0"}, fds[0], fds[1]);
    close(fds[0]);
    out_ = fdopen(fds[1], "w");
    if (!out_) fail("cannot write to git fast-import");
    setvbuf(out_, nullptr, _IOFBF, 1 << 20);
  }
  void put(std::string_view s) {
    if (std::fwrite(s.data(), 1, s.size(), out_) != s.size()) fail("git fast-import stopped reading");
  }
  void data(std::string_view s) {
    put("data " + std::to_string(s.size()) + "\n");
    put(s);
    put("\n");
  }
  void file(std::string_view path, std::string_view text) {
    put("M 100644 inline ");
    put(path);
    put("\n");
    data(text);
  }
  void finish() {
    put("done\n");
    if (std::fclose(out_) != 0) fail("git fast-import stopped reading");
    out_ = nullptr;
    wait_for(pid_, "git fast-import");
  }

 private:
  pid_t pid_ = 0;
  FILE* out_ = nullptr;
};

// The work tree, written as the tickets are made, while fast-import works on
// the other core: the same bytes as the blobs, so that reading the tree into
// the index and refreshing it gives what a checkout would.
class WorkTree {
 public:
  explicit WorkTree(std::string root) : root_(std::move(root)) {
    if (root_.empty() || root_.back() != '/') root_ += '/';
  }
  void file(const std::string& path, std::string_view text) {
    const std::string full = root_ + path;
    const auto slash = full.rfind('/');
    const std::string parent = full.substr(0, slash);
    if (made_.insert(parent).second) {
      std::error_code ec;
      fs::create_directories(parent, ec);
      if (ec) fail("cannot make '" + parent + "': " + ec.message());
    }
    const int fd = ::open(full.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) fail("cannot write '" + full + "': " + std::strerror(errno));
    std::size_t done = 0;
    while (done < text.size()) {
      const ssize_t w = ::write(fd, text.data() + done, text.size() - done);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) fail("cannot write '" + full + "': " + std::strerror(errno));
      done += std::size_t(w);
    }
    if (::close(fd) != 0) fail("cannot write '" + full + "': " + std::strerror(errno));
  }

 private:
  std::string root_;
  std::unordered_set<std::string> made_;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::uint64_t parse_count(std::string_view s, const char* what) {
  if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string_view::npos) {
    std::fprintf(stderr, "tier-gen-store: error: %s must be a whole number, not '%.*s'\n%.*s", what, int(s.size()),
                 s.data(), int(usage_text.size()), usage_text.data());
    std::exit(2);
  }
  return std::stoull(std::string(s));
}

}  // namespace

int main(int argc, char** argv) {
  signal(SIGPIPE, SIG_IGN);  // a dead fast-import is a write error, reported
  std::vector<std::string_view> positional;
  std::uint64_t seed = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "-h" || a == "--help") {
      std::fwrite(usage_text.data(), 1, usage_text.size(), stdout);
      return 0;
    }
    if (a == "--seed" && i + 1 < argc) {
      seed = parse_count(argv[++i], "the seed");
    } else if (a.rfind("--seed=", 0) == 0) {
      seed = parse_count(a.substr(7), "the seed");
    } else if (!a.empty() && a[0] == '-') {
      std::fprintf(stderr, "tier-gen-store: error: unknown option '%s'\n%.*s", argv[i], int(usage_text.size()),
                   usage_text.data());
      return 2;
    } else {
      positional.push_back(a);
    }
  }
  if (positional.size() != 2) {
    std::fwrite(usage_text.data(), 1, usage_text.size(), stderr);
    return 2;
  }
  const std::string dir(positional[0]);
  const std::uint64_t n = parse_count(positional[1], "N");
  if (n == 0) {
    std::fprintf(stderr, "tier-gen-store: error: N must be at least 1\n");
    return 2;
  }
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_empty(dir, ec)) fail("'" + dir + "' exists and is not empty");

  const auto start = std::chrono::steady_clock::now();
  const std::string config = tier::formats::example_config();
  const tier::Policy policy = tier::formats::parse_config(config, ".tier/config.toml");
  const Time end = tier::from_civil(2026, 11, 23);
  const std::string when = std::to_string(end.ms / 1000) + " +0000";

  git(".", {"init", "-q", "-b", "main", dir});
  Importer imp(dir);
  const std::string message = "generate a benchmark store of " + std::to_string(n) + " tickets (seed " +
                              std::to_string(seed) + ")\n";
  imp.put("commit refs/heads/main\n");
  imp.put("author " + std::string(bench_author) + " " + when + "\n");
  imp.put("committer " + std::string(bench_author) + " " + when + "\n");
  imp.data(message);
  WorkTree work(dir);
  const auto both = [&](const std::string& path, std::string_view text) {
    imp.file(path, text);
    work.file(path, text);
  };
  both(".tier/config.toml", config);
  both(".gitattributes", "tickets/**/*.toml merge=tier\n");

  Rng ids(seed ^ 0x5DEECE66Dull);
  Rng stories(seed);
  TicketMaker maker(policy, stories);
  std::unordered_set<std::string> taken;
  taken.reserve(std::size_t(n));
  std::uint64_t bytes = 0;
  for (std::uint64_t i = 0; i < n; ++i) {
    std::string id;
    do id = tier::make_id(policy.prefix, ids.next());
    while (!taken.insert(id).second);
    const Ticket t = maker.make(id, end);
    const std::string text = tier::formats::write_ticket(t);
    bytes += text.size();
    both(tier::ticket_path(id), text);
  }
  imp.finish();
  const double imported = seconds_since(start);

  // The index as a checkout leaves it: the branch's tree, with the stat data
  // of the files (reset hashes each one once and finds it unchanged).
  git(dir, {"reset", "-q", "--mixed"});
  // As a clone: nothing to commit (this also settles racily clean entries).
  const std::string dirty = git_output(dir, {"status", "--porcelain"});
  if (!dirty.empty()) fail("'git status' is not clean in '" + dir + "':\n" + dirty.substr(0, 2000));
  const double total = seconds_since(start);

  std::fprintf(stderr, "tier-gen-store: %llu tickets (%.1f MB of TOML) in %s: %.1f s (objects and files %.1f s, index and status %.1f s)\n",
               static_cast<unsigned long long>(n), double(bytes) / 1e6, dir.c_str(), total, imported,
               total - imported);
  std::string spread;
  for (std::size_t i = 0; i < target_names.size(); ++i)
    spread += (i ? ", " : "") + std::string(target_names[i]) + " " + std::to_string(maker.made()[i]);
  std::fprintf(stderr, "tier-gen-store: statuses: %s\n", spread.c_str());
  return 0;
}
