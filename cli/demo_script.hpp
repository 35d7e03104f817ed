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
      {"A store is a git repository; --example writes a realistic policy.", nullptr, {"init", "--example"}},
      {"A requester at Milne Library reports a problem; it enters the service desk's queue.", "alice@example.edu",
       {"create", "--title", "Laptop drops Wi-Fi in the basement", "--email", "dana.ruiz@milne.example.edu",
        "--name", "Dana Ruiz", "--category", "network", "-m", "My laptop loses the Wi-Fi every ten minutes."},
       0, true},
      {"Free-mail addresses say nothing about the employer: refused by rule 'employer-email'.", "alice@example.edu",
       {"create", "--title", "Printer jam", "--email", "someone@gmail.com"}, 5},
      {"Tier 1's queue: unassigned tickets of my groups, oldest first.", "alice@example.edu", {"queue"}},
      {"The first member of the group to claim it owns it.", "alice@example.edu", {"claim", "{id}"}},
      {"A second claim fails and names the holder (exit 4).", "carol@example.edu", {"claim", "{id}"}, 4},
      {"The owner talks to the requester; a private note never reaches them.", "alice@example.edu",
       {"comment", "{id}", "-m", "Thanks Dana, we are looking into it."}},
      {nullptr, "alice@example.edu", {"comment", "{id}", "--private", "-m", "Driver and profile reinstalled; still drops."}},
      {"Escalating without the template is refused, naming the missing fields.", "alice@example.edu",
       {"escalate", "{id}", "-m", "Needs a look at the RADIUS side."}, 5},
      {"With the template it goes to the tier-2 group's queue, not to a person.", "alice@example.edu",
       {"escalate", "{id}", "-m", "Needs a look at the RADIUS side.", "--asset", "LT-20931", "--location",
        "Strand Ag B12", "--symptoms", "Drops every 10 minutes; 802.1X timeouts", "--tried",
        "Forgot network, updated driver, wired works", "--connection", "wireless"}},
      {"A tier-2 agent pulls it from the queue.", "bob@example.edu", {"claim", "{id}"}},
      {"Tier 2 works with private notes; writing to the requester is the owner's job.", "bob@example.edu",
       {"comment", "{id}", "-m", "Hi Dana, this is Bob."}, 5},
      {nullptr, "bob@example.edu", {"comment", "{id}", "--private", "-m", "RADIUS certificate expired on one AP."}},
      {"Tier 2 hands it back to the owner.", "bob@example.edu",
       {"handback", "{id}", "-m", "Renewed the certificate; ask Dana to test."}},
      {"The owner answers the requester, then escalates again: straight back to Bob.", "alice@example.edu",
       {"comment", "{id}", "-m", "Could you try again now?"}},
      {nullptr, "alice@example.edu", {"escalate", "{id}", "-m", "Still drops in room B14."}},
      {nullptr, "bob@example.edu", {"handback", "{id}", "-m", "Second AP fixed as well."}},
      {"The owner resolves it publicly; the requester's rating is recorded.", "alice@example.edu",
       {"resolve", "{id}", "-m", "Fixed: a certificate on two access points was renewed."}},
      {nullptr, "alice@example.edu", {"rate", "{id}", "5"}},
      {"The ticket at a glance, with its whole history.", "alice@example.edu", {"show", "{id}"}},
      {"What the requester sees: no private note, no internal detail.", "alice@example.edu",
       {"show", "{id}", "--as-requester"}},
      {"Closed tickets are read-only.", "alice@example.edu", {"close", "{id}"}},
      {"The log is the truth: tier check replays every ticket and checks the config.", nullptr, {"check"}},
  };
  return steps;
}

}  // namespace tier::cli
