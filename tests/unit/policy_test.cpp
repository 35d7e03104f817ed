#include "core/policy.hpp"

#include <string>

#include <doctest/doctest.h>

#include "core/error.hpp"

namespace tier {
namespace {

Policy with_names() {
  Policy p;
  p.groups.push_back({"desk", 1, {"alice@example.edu", "bob@example.edu"}, {}, {}});
  p.directory = {{"alice@example.edu", "Alice Moreau", "alice"},
                 {"bob@example.edu", "", "bob.b"},
                 {"carol@example.edu", "Carol Chen", ""}};
  return p;
}

}  // namespace

TEST_CASE("policy: is_short_name") {
  for (const char* good : {"a", "alice", "bob.b", "it-admin", "x_9", "a234567890123456789012345678901"})
    CHECK_MESSAGE(is_short_name(good), good);
  CHECK(is_short_name(std::string(32, 'a')));
  CHECK_FALSE(is_short_name(std::string(33, 'a')));
  for (const char* bad : {"", "Alice", "9lives", "-x", ".x", "al ice", "alice@example.edu", "al/ice", "é"})
    CHECK_MESSAGE(!is_short_name(bad), bad);
}

TEST_CASE("policy: resolve_agent takes a short name or an address") {
  const Policy p = with_names();
  CHECK(resolve_agent(p, "alice") == "alice@example.edu");
  CHECK(resolve_agent(p, "bob.b") == "bob@example.edu");
  // An address is taken as it is, lower-cased, known or not.
  CHECK(resolve_agent(p, "Alice@Example.EDU") == "alice@example.edu");
  CHECK(resolve_agent(p, "zed@example.edu") == "zed@example.edu");
  // Without [agents] an address still works.
  CHECK(resolve_agent(Policy{}, "Bob@example.edu") == "bob@example.edu");
}

TEST_CASE("policy: resolve_agent refuses an unknown short name with exit 3") {
  const Policy p = with_names();
  for (const char* unknown : {"zed", "Alice", "carol", ""}) {
    CAPTURE(unknown);
    try {
      resolve_agent(p, unknown);
      FAIL("resolved");
    } catch (const Error& e) {
      CHECK(e.code() == Exit::NotFound);
      CHECK(std::string(e.what()) == "unknown agent '" + std::string(unknown) + "'");
    }
  }
  // A control character is not sent to the terminal in the message.
  try {
    resolve_agent(p, "a\x1b[2Jb");
    FAIL("resolved");
  } catch (const Error& e) {
    CHECK(std::string(e.what()) == "unknown agent 'a?[2Jb'");
  }
}

TEST_CASE("policy: display_name and short_name") {
  const Policy p = with_names();
  CHECK(display_name(p, "alice@example.edu") == "Alice Moreau");
  CHECK(display_name(p, "bob@example.edu").empty());
  CHECK(display_name(p, "carol@example.edu") == "Carol Chen");
  CHECK(display_name(p, "zed@example.edu").empty());
  CHECK(short_name(p, "alice@example.edu") == "alice");
  CHECK(short_name(p, "bob@example.edu") == "bob.b");
  CHECK(short_name(p, "carol@example.edu").empty());
  CHECK(short_name(p, "").empty());
  CHECK(short_name(Policy{}, "alice@example.edu").empty());
}

}  // namespace tier
