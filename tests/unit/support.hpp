#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include <doctest/doctest.h>

#include "core/error.hpp"
#include "core/policy.hpp"
#include "core/ticket.hpp"
#include "core/time.hpp"
#include "core/workflow.hpp"
#include "formats/config_toml.hpp"

/// Small builders shared by the unit tests of core: the example policy, the
/// people in it, and tickets taken through the workflow in memory.
namespace tier::test {

inline const std::string alice = "alice@example.edu";  // service-desk, tier 1
inline const std::string carol = "carol@example.edu";  // service-desk lead
inline const std::string bob = "bob@example.edu";      // cx-tier2, tier 2
inline const std::string erin = "erin@example.edu";    // cx-tier2 lead
inline const std::string dave = "dave@example.edu";    // cn-accounts (tier 2) lead
inline const std::string admin = "it-admin@example.edu";
inline const std::string stranger = "mallory@example.edu";  // not in the config
inline const std::string dana = "dana.ruiz@milne.example.edu";  // a milne requester

inline const std::string ticket_id = "T-7k2m9qxa";

/// The policy `tier init --example` writes.
inline Policy example_policy() {
  return formats::parse_config(formats::example_config(), ".tier/config.toml");
}

/// 2026-11-23T10:00Z plus `minute` minutes.
inline Time at(int minute) { return Time{from_civil(2026, 11, 23, 10).ms + std::int64_t{minute} * 60000}; }

/// Every field of the escalation template filled in.
inline Details full_details() {
  Details d;
  d.asset = "LT-20931";
  d.location = "Strand Ag B12";
  d.symptoms = "Drops every 10 minutes";
  d.tried = "Forgot network, updated driver";
  d.connection = "wireless";
  return d;
}

inline CreateRequest request(std::string email = dana, std::string category = {}) {
  CreateRequest r;
  r.title = "Laptop drops Wi-Fi";
  r.email = std::move(email);
  r.name = "Dana Ruiz";
  r.category = std::move(category);
  return r;
}

/// The ticket apply() gives, which must not be a refusal.
inline Ticket step(const Ticket& ticket, const LogEntry& entry, const Policy& policy) {
  Outcome o = apply(ticket, entry, policy);
  if (const auto* r = std::get_if<Refusal>(&o))
    FAIL_CHECK("refused by rule '" << r->rule << "': " << r->message);
  REQUIRE(std::holds_alternative<Ticket>(o));
  return std::get<Ticket>(std::move(o));
}

/// The refusal apply() gives, which must be one.
inline Refusal refused(const Ticket& ticket, const LogEntry& entry, const Policy& policy) {
  Outcome o = apply(ticket, entry, policy);
  REQUIRE_MESSAGE(std::holds_alternative<Refusal>(o),
                  "apply() allowed " << to_string(entry.event) << " by " << entry.by);
  return std::get<Refusal>(std::move(o));
}

/// Checks a refusal's rule, exact message and exit code.
inline void check_refusal(const Refusal& r, std::string_view rule, std::string_view message,
                          Exit code = Exit::Refused) {
  CHECK(r.rule == rule);
  CHECK(r.message == message);
  CHECK(r.code == code);
}

/// A new ticket, made through create_entry and apply().
inline Ticket created(const Policy& policy, const CreateRequest& r = request(), const std::string& by = alice,
                      Time when = at(0)) {
  Ticket t;
  t.id = ticket_id;
  return step(t, create_entry(r, policy, by, when), policy);
}

inline LogEntry entry(Event event, const std::string& by, int minute) {
  return simple_entry(event, by, at(minute));
}

inline LogEntry noted(Event event, const std::string& by, int minute, std::string text,
                      Visibility visibility = Visibility::Public) {
  LogEntry e = entry(event, by, minute);
  e.text = std::move(text);
  e.visibility = visibility;
  return e;
}

inline LogEntry comment(const std::string& by, int minute, std::string text = "Any news?",
                        Visibility visibility = Visibility::Public, bool pending = false) {
  LogEntry e = noted(Event::Comment, by, minute, std::move(text), visibility);
  e.pending = pending;
  return e;
}

inline LogEntry assign(const std::string& by, const std::string& agent, int minute) {
  LogEntry e = entry(Event::Assign, by, minute);
  e.assignee = agent;
  return e;
}

inline LogEntry appoint(const std::string& by, const std::string& technician, int minute,
                        std::string place = "Milne 2.14") {
  LogEntry e = entry(Event::Appoint, by, minute);
  e.assignee = technician;
  e.appointment = Appointment{at(minute + 24 * 60), std::move(place), technician};
  return e;
}

inline LogEntry rate(const std::string& by, int score, int minute) {
  LogEntry e = entry(Event::Rate, by, minute);
  e.score = score;
  return e;
}

inline EscalateRequest escalation(Details details = full_details(), std::string to = {}, bool queue = false) {
  EscalateRequest r;
  r.note = "Driver reinstalled; still drops. Needs the RADIUS side.";
  r.to = std::move(to);
  r.queue = queue;
  r.details = std::move(details);
  return r;
}

inline LogEntry escalate(const Ticket& t, const Policy& policy, const std::string& by, int minute,
                         const EscalateRequest& r = escalation()) {
  return escalate_entry(t, r, policy, by, at(minute));
}

inline LogEntry handback(const Ticket& t, const std::string& by, int minute,
                         std::string note = "RADIUS certificate renewed; back to you") {
  return handback_entry(t, std::move(note), by, at(minute));
}

/// Created for dana (milne) and claimed by alice: open at tier 1.
inline Ticket opened(const Policy& policy) { return step(created(policy), entry(Event::Claim, alice, 1), policy); }

/// Opened, escalated by alice to cx-tier2 and claimed there by bob: open at tier 2.
inline Ticket at_tier2(const Policy& policy) {
  Ticket t = opened(policy);
  t = step(t, escalate(t, policy, alice, 2), policy);
  return step(t, entry(Event::Claim, bob, 3), policy);
}

/// At tier 2 and handed back by bob to alice: open at tier 1, one escalation and one hand-back.
inline Ticket handed_back(const Policy& policy) {
  Ticket t = at_tier2(policy);
  return step(t, handback(t, bob, 4), policy);
}

/// Opened and resolved by alice.
inline Ticket resolved(const Policy& policy) {
  return step(opened(policy), noted(Event::Resolve, alice, 5, "Replaced the Wi-Fi card"), policy);
}

}  // namespace tier::test
