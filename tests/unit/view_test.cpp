#include "core/view.hpp"

#include <string>

#include <doctest/doctest.h>

using namespace tier;

TEST_CASE("editor_template: a public text says so, a private one too") {
  CHECK(editor_template({"comment", Visibility::Public, {}}) ==
        "\n"
        "# Write the comment above.\n"
        "# It is PUBLIC: it is sent to the requester and shown in their view.\n"
        "# Lines starting with '#' are left out; an empty comment cancels\n"
        "# and changes nothing.\n");
  CHECK(editor_template({"private note", Visibility::Private, {}}) ==
        "\n"
        "# Write the private note above.\n"
        "# It is private: for agents only, never sent or shown to the requester.\n"
        "# Lines starting with '#' are left out; an empty private note cancels\n"
        "# and changes nothing.\n");
  CHECK(editor_template({"article", std::nullopt, {}}) ==
        "\n"
        "# Write the article above.\n"
        "# Lines starting with '#' are left out; an empty article cancels\n"
        "# and changes nothing.\n");
}

TEST_CASE("editor_template: an escalation lists the template fields still missing, and their options") {
  CHECK(editor_template({"escalation note", Visibility::Private, {"asset", "tried", "connection"}}) ==
        "\n"
        "# Write the escalation note above.\n"
        "# It is private: for agents only, never sent or shown to the requester.\n"
        "# Lines starting with '#' are left out; an empty escalation note cancels\n"
        "# and changes nothing.\n"
        "#\n"
        "# The escalation template still lacks: asset, tried, connection.\n"
        "# Without them the escalation is refused: leave the note empty to cancel,\n"
        "# then escalate again with\n"
        "#   --asset ASSET                which computer or device (asset tag)\n"
        "#   --tried TEXT                 steps already tried\n"
        "#   --connection wired|wireless  how it is connected\n");
  const std::string all = editor_template({"escalation note", Visibility::Private, {"location", "symptoms"}});
  CHECK(all.find("#   --location PLACE             where it is\n") != std::string::npos);
  CHECK(all.find("#   --symptoms TEXT              symptoms or errors seen\n") != std::string::npos);
}
