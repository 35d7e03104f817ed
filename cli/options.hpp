#pragma once

#include "cli/args.hpp"

#include "core/ticket.hpp"

namespace tier::cli {

/// The escalation template's options (--asset, --location, --symptoms,
/// --tried, --connection), shared by create, escalate and edit.
inline void add_detail_options(Cmd sub, Details& d) {
  sub.add_option("--asset", d.asset, "which computer or device (asset tag)");
  sub.add_option("--location", d.location, "where it is");
  sub.add_option("--symptoms", d.symptoms, "symptoms or errors seen");
  sub.add_option("--tried", d.tried, "steps already tried");
  sub.add_option("--connection", d.connection, "wired or wireless")
      .one_of({"wired", "wireless"});
}

/// A --priority option checked against the four priorities.
inline Opt add_priority_option(Cmd sub, std::string& p) {
  return sub.add_option("--priority", p, "low, normal, high or urgent")
      .one_of({"low", "normal", "high", "urgent"});
}

}  // namespace tier::cli
