#pragma once

#include <vector>

namespace tier::cli {

/// One step of `tier demo`: something to say, then a tier command run as an
/// agent ({id} is the ticket the demo created) and the exit code it must give.
struct DemoStep {
  const char* say;
  const char* agent;
  std::vector<const char*> args;
  int expect = 0;
  bool capture_id = false;
};

inline const std::vector<DemoStep>& demo_script() {
  static const std::vector<DemoStep> steps = {
      {"A store is a git repository; --example writes a realistic policy.", nullptr,
       {"init", "--example"}},
      {"A requester at Milne Library reports a problem; it enters the service desk's queue.",
       "alice@example.edu",
       {"create", "--title", "Laptop drops Wi-Fi in the basement", "--email", "dana.ruiz@milne.example.edu",
        "--name", "Dana Ruiz", "--category", "network", "-m", "My laptop loses the Wi-Fi every ten minutes."},
       0, true},
      {"Free-mail addresses say nothing about the employer: refused by rule 'employer-email'.", "alice@example.edu",
       {"create", "--title", "Printer jam", "--email", "someone@gmail.com"}, 5},
      {"The queue, as a table.", "alice@example.edu", {"list", "--status", "new"}},
      {"A public comment goes to the requester; a private note never does.", "alice@example.edu",
       {"comment", "{id}", "-m", "Thanks Dana, we are looking into it."}},
      {nullptr, "alice@example.edu", {"comment", "{id}", "--private", "-m", "Probably the 802.1X profile."}},
      {"The ticket at a glance, with its history.", "alice@example.edu", {"show", "{id}"}},
      {"What the requester sees: no private note.", "alice@example.edu", {"show", "{id}", "--as-requester"}},
      {"The log is the truth; tier check replays every ticket and checks the config.", nullptr, {"check"}},
  };
  return steps;
}

}  // namespace tier::cli
