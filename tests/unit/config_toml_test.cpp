#include "formats/config_toml.hpp"

#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "core/error.hpp"

namespace tier {
namespace {

constexpr std::string_view path = ".tier/config.toml";

Policy parse(std::string_view text) { return formats::parse_config(text, path); }

/// The message of the Exit::Invalid error that parsing `text` must throw.
std::string invalid(std::string_view text) {
  try {
    parse(text);
  } catch (const Error& e) {
    CHECK(e.code() == Exit::Invalid);
    return e.what();
  }
  FAIL("the config parsed: " << text);
  return {};
}

/// `text` with its one occurrence of `from` replaced by `to`.
std::string with(std::string text, std::string_view from, std::string_view to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  REQUIRE(text.find(from, at + 1) == std::string::npos);
  return text.replace(at, from.size(), to);
}

// Lines 1 to 16; what tests append starts on line 17.
const std::string base = R"([[group]]
id = "desk"
tier = 1
members = ["amy@example.edu"]
escalate_to = "t2"

[[group]]
id = "t2"
tier = 2
members = ["ben@example.edu"]

[[organization]]
id = "milne"
domains = ["milne.example.edu"]
intake = "desk"
escalation = ["t2"]
)";

}  // namespace

TEST_CASE("config: an empty file gives the defaults") {
  const Policy p = parse("");
  CHECK(p.prefix == "T");
  CHECK(p.free_mail == std::vector<std::string>{"gmail.com", "googlemail.com", "hotmail.com", "outlook.com",
                                                "live.com", "yahoo.com", "icloud.com", "aol.com",
                                                "proton.me", "gmx.com"});
  CHECK(p.escalation_requires ==
        std::vector<std::string>{"asset", "location", "symptoms", "tried", "connection"});
  CHECK(p.public_by_owner);
  CHECK(p.organizations.empty());
  CHECK(p.groups.empty());
  CHECK(p.routes.empty());
  for (const Sla& s : p.sla) {
    CHECK(s.respond == 0);
    CHECK(s.resolve == 0);
  }
  CHECK(p.notify.maildir == ".git/tier/outbox");
  CHECK(p.notify.sendmail.empty());
  CHECK(p.notify.from.empty());
  CHECK_FALSE(p.notify.on_server);
  CHECK(p.sync.remote == "origin");
  CHECK_FALSE(p.sync.auto_sync);
  CHECK(p.admins.empty());
  CHECK(p.directory.empty());
  CHECK(p.server.pusher_env.empty());
  CHECK(p.server.forward.empty());
  CHECK(p.server.max_skew == 300);
}

TEST_CASE("config: the example policy") {
  const Policy p = parse(formats::example_config());
  CHECK(p.prefix == "T");
  CHECK(p.free_mail.size() == 10);
  CHECK(p.is_free_mail("someone@GMail.com"));
  CHECK(p.escalation_requires ==
        std::vector<std::string>{"asset", "location", "symptoms", "tried", "connection"});
  CHECK(p.public_by_owner);

  REQUIRE(p.groups.size() == 3);
  const Group& desk = p.groups[0];
  CHECK(desk.id == "service-desk");
  CHECK(desk.tier == 1);
  CHECK(desk.members == std::vector<std::string>{"alice@example.edu", "carol@example.edu"});
  CHECK(desk.leads == std::vector<std::string>{"carol@example.edu"});
  CHECK(desk.escalate_to == "cx-tier2");
  const Group& tier2 = p.groups[1];
  CHECK(tier2.id == "cx-tier2");
  CHECK(tier2.tier == 2);
  CHECK(tier2.members == std::vector<std::string>{"bob@example.edu", "erin@example.edu"});
  CHECK(tier2.leads == std::vector<std::string>{"erin@example.edu"});
  CHECK(tier2.escalate_to.empty());
  const Group& accounts = p.groups[2];
  CHECK(accounts.id == "cn-accounts");
  CHECK(accounts.tier == 2);
  CHECK(accounts.members == std::vector<std::string>{"dave@example.edu"});
  CHECK(accounts.leads == std::vector<std::string>{"dave@example.edu"});

  REQUIRE(p.organizations.size() == 3);
  const Organization& milne = p.organizations[0];
  CHECK(milne.id == "milne");
  CHECK(milne.name == "Milne Library");
  CHECK(milne.domains == std::vector<std::string>{"milne.example.edu"});
  CHECK(milne.intake == "service-desk");
  CHECK(milne.escalation == std::vector<std::string>{"cx-tier2"});
  CHECK(p.organizations[1].id == "strand");
  CHECK(p.organizations[1].name == "Strand Agriculture");
  CHECK(p.organizations[1].domains == std::vector<std::string>{"strand.example.edu"});
  CHECK(p.organizations[1].escalation == std::vector<std::string>{"cx-tier2"});
  CHECK(p.organizations[2].id == "hollis");
  CHECK(p.organizations[2].name == "Hollis Student Union");
  CHECK(p.organizations[2].domains == std::vector<std::string>{"hollis.example.org"});
  CHECK(p.organizations[2].intake == "service-desk");
  CHECK(p.organizations[2].escalation.empty());
  REQUIRE(p.organization_for_email("dana.ruiz@milne.example.edu"));
  CHECK(p.organization_for_email("dana.ruiz@milne.example.edu")->id == "milne");

  REQUIRE(p.routes.size() == 1);
  CHECK(p.routes[0].category == "accounts");
  CHECK(p.routes[0].group == "cn-accounts");

  const auto sla = [&](Priority pr) { return p.sla[static_cast<std::size_t>(pr)]; };
  CHECK(sla(Priority::Low).respond == 86400);
  CHECK(sla(Priority::Low).resolve == 10 * 86400);
  CHECK(sla(Priority::Normal).respond == 4 * 3600);
  CHECK(sla(Priority::Normal).resolve == 3 * 86400);
  CHECK(sla(Priority::High).respond == 3600);
  CHECK(sla(Priority::High).resolve == 86400);
  CHECK(sla(Priority::Urgent).respond == 15 * 60);
  CHECK(sla(Priority::Urgent).resolve == 4 * 3600);

  CHECK(p.notify.maildir == ".git/tier/outbox");
  CHECK(p.notify.sendmail.empty());
  CHECK(p.notify.from == "helpdesk@example.edu");
  CHECK_FALSE(p.notify.on_server);
  CHECK(p.sync.remote == "origin");
  CHECK(p.sync.auto_sync);
  CHECK(p.admins == std::vector<std::string>{"it-admin@example.edu"});
  CHECK(p.server.pusher_env.empty());
  CHECK(p.server.forward.empty());
  CHECK(p.server.max_skew == 300);

  REQUIRE(p.directory.size() == 6);
  const std::pair<const char*, const char*> people[] = {
      {"alice@example.edu", "Alice Adams"}, {"bob@example.edu", "Bob Brown"},
      {"carol@example.edu", "Carol Chen"},  {"dave@example.edu", "Dave Diaz"},
      {"erin@example.edu", "Erin Evans"},   {"it-admin@example.edu", "IT Admin"}};
  for (const auto& person : people) {
    const std::string email = person.first, name = person.second;
    CAPTURE(email);
    REQUIRE(p.agent(email));
    CHECK(p.agent(email)->name == name);
    CHECK(p.is_agent(email));
  }
  CHECK(p.agents().size() == 6);
  CHECK(short_name(p, "alice@example.edu") == "alice");
  CHECK(short_name(p, "it-admin@example.edu") == "admin");
  CHECK(resolve_agent(p, "erin") == "erin@example.edu");
  CHECK_FALSE(p.is_agent("zed@example.edu"));
  CHECK(p.is_lead("service-desk", "carol@example.edu"));
  CHECK(p.is_admin("it-admin@example.edu"));
}

TEST_CASE("config: the example and default policies take the prefix") {
  CHECK(parse(formats::example_config("HD")).prefix == "HD");
  CHECK(parse(formats::default_config("HD2")).prefix == "HD2");
}

TEST_CASE("config: the id prefix read quickly is the parsed one, or read by parsing") {
  using formats::config_prefix;
  using formats::config_prefix_quick;
  for (const std::string& text : {formats::example_config("HD"), formats::default_config("HD2"), std::string()})
    CHECK(config_prefix_quick(text) == config_prefix(text));
  CHECK(config_prefix_quick("[store]\nprefix = \"AB\"  # the desk's\n") == std::optional<std::string>("AB"));
  // Forms the quick read leaves to the parser.
  const std::vector<std::string> others = {
      "[store]\n\"prefix\" = \"QK\"\n",                     // a quoted key
      "store.prefix = \"QK\"\n",                            // a dotted key
      "store = { prefix = \"QK\" }\n",                      // an inline table
      "[store]\nprefix = 'QK'\n",                           // a literal string
      "[store]\nprefix = \"QK\"\n[x]\ny = \"\"\"\n\"\"\"\n",  // a multi-line string
      "[store]\nprefix = \"bad\"\n",                        // not a valid prefix
      "[store]\nprefix = \"QK\"\nprefix = \"QL\"\n",        // twice: not TOML
  };
  for (const auto& text : others) {
    CAPTURE(text);
    CHECK(config_prefix_quick(text) == config_prefix(text));
  }
}

TEST_CASE("config: the default policy") {
  const Policy p = parse(formats::default_config());
  CHECK(p.prefix == "T");
  CHECK(p.free_mail.size() == 10);
  CHECK(p.escalation_requires.size() == 5);
  CHECK(p.public_by_owner);
  CHECK(p.organizations.empty());
  CHECK(p.groups.empty());
  CHECK(p.agents().empty());
}

TEST_CASE("config: the default policy's commented-out examples parse once uncommented") {
  const std::regex example(R"(# (\[.*|[a-z_]+ = .*))");
  std::istringstream in(formats::default_config());
  std::string text, line;
  std::smatch m;
  while (std::getline(in, line)) text += (std::regex_match(line, m, example) ? m[1].str() : line) + "\n";
  const Policy p = parse(text);
  CHECK(p.organizations.size() == 1);
  CHECK(p.groups.size() == 3);
  CHECK(p.routes.size() == 1);
  CHECK(p.directory.size() == 5);
  CHECK(p.admins.size() == 1);
  CHECK(p.sync.auto_sync);
  CHECK(p.notify.sendmail == "/usr/sbin/sendmail -t -oi");
  CHECK(p.server.pusher_env == "GL_USERNAME");
  REQUIRE(p.hours.all);
  CHECK(p.hours.all->timezone == "America/New_York");
  REQUIRE(p.hours.groups.size() == 1);
  CHECK(p.hours.groups[0].second.end == 20 * 60);
}

TEST_CASE("config: addresses and domains are lower-cased") {
  const Policy p = parse(with(with(base, "amy@example.edu", "Amy@Example.EDU"), "milne.example.edu",
                              "Milne.Example.EDU") +
                         "\n[rules]\nfree_mail = [\"Mail.Example.COM\"]\n");
  CHECK(p.groups[0].members == std::vector<std::string>{"amy@example.edu"});
  CHECK(p.organizations[0].domains == std::vector<std::string>{"milne.example.edu"});
  CHECK(p.free_mail == std::vector<std::string>{"mail.example.com"});
}

TEST_CASE("config: an organization's name defaults to its id") {
  CHECK(parse(base).organizations[0].name == "milne");
}

TEST_CASE("config: without [[agent]] the agents are the members, leads and admins") {
  const Policy p = parse(base + "\n[admins]\nagents = [\"root@example.edu\"]\n");
  CHECK(p.directory.empty());
  CHECK(p.agents() == std::vector<std::string>{"amy@example.edu", "ben@example.edu", "root@example.edu"});
  CHECK(p.agent("amy@example.edu") == nullptr);
}

TEST_CASE("config: an [[agent]] in no group is still an agent") {
  const Policy p = parse(base +
                         "\n[[agent]]\nemail = \"amy@example.edu\"\n"
                         "\n[[agent]]\nemail = \"ben@example.edu\"\nname = \"Ben Bell\"\n"
                         "\n[[agent]]\nemail = \"tech@example.edu\"\n");
  CHECK(p.is_agent("tech@example.edu"));
  REQUIRE(p.agent("ben@example.edu"));
  CHECK(p.agent("ben@example.edu")->name == "Ben Bell");
  REQUIRE(p.agent("amy@example.edu"));
  CHECK(p.agent("amy@example.edu")->name.empty());
}

TEST_CASE("config: a TOML syntax error") {
  CHECK(invalid("[store]\nprefix = \"T\n") ==
        ".tier/config.toml:2:12: error while parsing string: unescaped control characters other than TAB "
        "(U+0009) are explicitly prohibited");
  CHECK(invalid("[store]\nprefix = \"T\"\nprefix = \"U\"\n") ==
        ".tier/config.toml:3:10: error while parsing key-value pair: cannot redefine existing string 'prefix'");
}

TEST_CASE("config: unknown keys") {
  CHECK(invalid("[[group]]\nid = \"desk\"\ntier = 1\nmembrs = [\"amy@example.edu\"]\n") ==
        ".tier/config.toml:4:1: unknown key 'membrs' in [[group]]");
  CHECK(invalid("[stor]\nprefix = \"T\"\n") == ".tier/config.toml:1:2: unknown key 'stor'");
  CHECK(invalid("format = 1\n") == ".tier/config.toml:1:1: unknown key 'format'");
  CHECK(invalid("[sla.normal]\nrespond = \"4h\"\nresolv = \"3d\"\n") ==
        ".tier/config.toml:3:1: unknown key 'resolv' in [sla.normal]");
  CHECK(invalid("[notify]\nwhere = \"client\"\n[notify.smtp]\nhost = \"x\"\n") ==
        ".tier/config.toml:3:9: unknown key 'smtp' in [notify]");
  CHECK(invalid(base + "\n[[agent]]\nemail = \"amy@example.edu\"\nmail = \"x\"\n") ==
        ".tier/config.toml:20:1: unknown key 'mail' in [[agent]]");
}

TEST_CASE("config: unknown priority in [sla]") {
  CHECK(invalid("[sla.critical]\nrespond = \"1h\"\n") ==
        ".tier/config.toml:1:6: unknown priority 'critical' in [sla]");
}

TEST_CASE("config: missing required keys") {
  CHECK(invalid("[[group]]\nid = \"desk\"\ntier = 1\n") ==
        ".tier/config.toml:1:1: missing key 'members' in [[group]]");
  CHECK(invalid(base + "\n[[organization]]\nid = \"strand\"\ndomains = [\"strand.example.edu\"]\n") ==
        ".tier/config.toml:18:1: missing key 'intake' in [[organization]]");
  CHECK(invalid(base + "\n[[route]]\ncategory = \"accounts\"\n") ==
        ".tier/config.toml:18:1: missing key 'group' in [[route]]");
  CHECK(invalid(base + "\n[[agent]]\nname = \"Amy\"\n") ==
        ".tier/config.toml:18:1: missing key 'email' in [[agent]]");
}

TEST_CASE("config: wrong types") {
  CHECK(invalid("# ids\n[store]\nprefix = 1\n") == ".tier/config.toml:3:10: 'prefix' must be a string");
  CHECK(invalid(with(base, "tier = 2", "tier = \"2\"")) == ".tier/config.toml:9:8: 'tier' must be an integer");
  CHECK(invalid("[sync]\nauto = \"yes\"\n") == ".tier/config.toml:2:8: 'auto' must be a boolean");
  CHECK(invalid(with(base, "[\"amy@example.edu\"]", "\"amy@example.edu\"")) ==
        ".tier/config.toml:4:11: 'members' must be an array of strings");
  CHECK(invalid(with(base, "[\"amy@example.edu\"]", "[\"amy@example.edu\", 7]")) ==
        ".tier/config.toml:4:31: 'members' must be an array of strings");
  CHECK(invalid("store = \"T\"\n") == ".tier/config.toml:1:9: 'store' must be a table");
  CHECK(invalid("[group]\nid = \"desk\"\n") == ".tier/config.toml:1:1: 'group' must be an array of tables");
  CHECK(invalid("[sla]\nnormal = \"4h\"\n") == ".tier/config.toml:2:10: 'normal' must be a table");
  CHECK(invalid("[sla.high]\nresolve = 3600\n") == ".tier/config.toml:2:11: 'resolve' must be a string");
}

TEST_CASE("config: empty ids") {
  CHECK(invalid(with(base, "id = \"desk\"", "id = \"\"")) ==
        ".tier/config.toml:2:6: 'id' in [[group]] must not be empty");
  CHECK(invalid(with(base, "id = \"milne\"", "id = \"\"")) ==
        ".tier/config.toml:13:6: 'id' in [[organization]] must not be empty");
}

TEST_CASE("config: store prefix") {
  CHECK(invalid("[store]\nprefix = \"tk\"\n") ==
        ".tier/config.toml:2:10: bad prefix 'tk': use 1 to 8 uppercase letters and digits, starting with a letter");
  CHECK(parse("[store]\nprefix = \"HD2\"\n").prefix == "HD2");
  CHECK(formats::is_valid_prefix("T"));
  CHECK(formats::is_valid_prefix("ABCDEFG8"));
  CHECK_FALSE(formats::is_valid_prefix(""));
  CHECK_FALSE(formats::is_valid_prefix("ABCDEFGHI"));
  CHECK_FALSE(formats::is_valid_prefix("1T"));
  CHECK_FALSE(formats::is_valid_prefix("T-1"));
  CHECK_FALSE(formats::is_valid_prefix("t"));
}

TEST_CASE("config: rules values") {
  CHECK(invalid("[rules]\npublic_comments_by = \"all\"\n") ==
        ".tier/config.toml:2:22: 'public_comments_by' must be 'owner' or 'any', not 'all'");
  CHECK_FALSE(parse("[rules]\npublic_comments_by = \"any\"\n").public_by_owner);
  CHECK(invalid("[rules]\nescalation_requires = [\"asset\", \"serial\"]\n") ==
        ".tier/config.toml:2:33: unknown field 'serial' for 'escalation_requires' in [rules]");
  CHECK(parse("[rules]\nescalation_requires = [\"asset\"]\n").escalation_requires ==
        std::vector<std::string>{"asset"});
  CHECK(invalid("[rules]\nfree_mail = [\"@gmail.com\"]\n") ==
        ".tier/config.toml:2:14: bad domain '@gmail.com' for 'free_mail' in [rules]");
}

TEST_CASE("config: notify values") {
  CHECK(invalid("[notify]\nwhere = \"both\"\n") ==
        ".tier/config.toml:2:9: 'where' must be 'client' or 'server', not 'both'");
  CHECK(parse("[notify]\nwhere = \"server\"\n").notify.on_server);
}

TEST_CASE("config: bad durations") {
  CHECK(invalid("[sla.normal]\nrespond = \"4x\"\n") ==
        ".tier/config.toml:2:11: bad duration '4x' for 'respond' in [sla.normal]");
  CHECK(invalid("[server]\nmax_skew = \"0m\"\n") ==
        ".tier/config.toml:2:12: bad duration '0m' for 'max_skew' in [server]");
  CHECK(parse("[server]\nmax_skew = \"1m30s\"\n").server.max_skew == 90);
}

TEST_CASE("config: bad addresses and domains") {
  CHECK(invalid(with(base, "amy@example.edu", "amy")) ==
        ".tier/config.toml:4:12: bad e-mail address 'amy' for 'members' in [[group]]");
  CHECK(invalid(with(base, "milne.example.edu", "milne library")) ==
        ".tier/config.toml:14:12: bad domain 'milne library' for 'domains' in [[organization]]");
  CHECK(invalid(base + "\n[[agent]]\nemail = \"amy@@example.edu\"\n") ==
        ".tier/config.toml:19:9: bad e-mail address 'amy@@example.edu' for 'email' in [[agent]]");
  CHECK(invalid("[admins]\nagents = [\"a\\nb@example.edu\"]\n") ==
        ".tier/config.toml:2:11: bad e-mail address 'a\\nb@example.edu' for 'agents' in [admins]");
  CHECK(formats::looks_like_email("dana.ruiz+tier@milne.example.edu"));
  CHECK_FALSE(formats::looks_like_email("dana"));
  CHECK_FALSE(formats::looks_like_email("@milne.example.edu"));
  CHECK_FALSE(formats::looks_like_email("dana@"));
  CHECK_FALSE(formats::looks_like_email("dana ruiz@milne.example.edu"));
  CHECK_FALSE(formats::looks_like_email("Dana <dana@milne.example.edu>"));
  CHECK_FALSE(formats::looks_like_email("dana@milne..edu"));
}

TEST_CASE("config: group tiers") {
  CHECK(invalid(with(base, "tier = 2", "tier = 5")) == ".tier/config.toml:9:8: 'tier' must be from 1 to 4, not 5");
  CHECK(invalid(with(base, "tier = 1", "tier = 0")) == ".tier/config.toml:3:8: 'tier' must be from 1 to 4, not 0");
}

TEST_CASE("config: escalate_to") {
  CHECK(invalid(with(base, "escalate_to = \"t2\"", "escalate_to = \"t3\"")) ==
        ".tier/config.toml:5:15: group 'desk' names unknown group 't3'");
  CHECK(invalid(with(base, "tier = 2", "tier = 1")) ==
        ".tier/config.toml:5:15: group 'desk' escalates to 't2', which is not above tier 1");
}

TEST_CASE("config: duplicate ids") {
  CHECK(invalid(base + "\n[[group]]\nid = \"t2\"\ntier = 3\nmembers = []\n") ==
        ".tier/config.toml:19:6: duplicate group id 't2'");
  CHECK(invalid(base + "\n[[organization]]\nid = \"milne\"\ndomains = [\"m2.example.edu\"]\nintake = \"desk\"\n") ==
        ".tier/config.toml:19:6: duplicate organization id 'milne'");
  CHECK(invalid(base + "\n[[route]]\ncategory = \"accounts\"\ngroup = \"t2\"\n"
                       "\n[[route]]\ncategory = \"accounts\"\ngroup = \"desk\"\n") ==
        ".tier/config.toml:23:12: duplicate route for category 'accounts'");
  CHECK(invalid(base + "\n[[agent]]\nemail = \"amy@example.edu\"\n\n[[agent]]\nemail = \"ben@example.edu\"\n"
                       "\n[[agent]]\nemail = \"AMY@example.edu\"\n") ==
        ".tier/config.toml:25:9: duplicate agent 'amy@example.edu'");
}

TEST_CASE("config: a domain claimed by two organizations") {
  CHECK(invalid(base + "\n[[organization]]\nid = \"strand\"\n"
                       "domains = [\"strand.example.edu\", \"Milne.Example.edu\"]\nintake = \"desk\"\n") ==
        ".tier/config.toml:20:34: domain 'milne.example.edu' already belongs to organization 'milne'");
}

TEST_CASE("config: a free-mail domain as an organization's") {
  CHECK(invalid(with(base, "[\"milne.example.edu\"]", "[\"milne.example.edu\", \"gmail.com\"]")) ==
        ".tier/config.toml:14:33: organization 'milne' names free-mail domain 'gmail.com'");
  CHECK(invalid(base + "\n[rules]\nfree_mail = [\"milne.example.edu\"]\n") ==
        ".tier/config.toml:14:12: organization 'milne' names free-mail domain 'milne.example.edu'");
}

TEST_CASE("config: an organization naming an unknown group") {
  CHECK(invalid(with(base, "intake = \"desk\"", "intake = \"dsek\"")) ==
        ".tier/config.toml:15:10: organization 'milne' names unknown group 'dsek'");
  CHECK(invalid(with(base, "escalation = [\"t2\"]", "escalation = [\"cx-tier3\"]")) ==
        ".tier/config.toml:16:15: organization 'milne' names unknown group 'cx-tier3'");
}

TEST_CASE("config: a route naming an unknown group") {
  CHECK(invalid(base + "\n[[route]]\ncategory = \"accounts\"\ngroup = \"nope\"\n") ==
        ".tier/config.toml:20:9: route for category 'accounts' names unknown group 'nope'");
}

TEST_CASE("config: with [[agent]], members, leads and admins must be listed") {
  CHECK(invalid(base + "\n[[agent]]\nemail = \"amy@example.edu\"\n") ==
        ".tier/config.toml:10:12: group 't2' names unknown agent 'ben@example.edu'");
  const std::string agents = "\n[[agent]]\nemail = \"amy@example.edu\"\n\n[[agent]]\nemail = \"ben@example.edu\"\n";
  CHECK(invalid(with(base, "escalate_to", "leads = [\"zed@example.edu\"]\nescalate_to") + agents) ==
        ".tier/config.toml:5:10: group 'desk' names unknown agent 'zed@example.edu'");
  CHECK(invalid(base + agents + "\n[admins]\nagents = [\"zed@example.edu\"]\n") ==
        ".tier/config.toml:25:11: [admins] names unknown agent 'zed@example.edu'");
}

TEST_CASE("config: the first problem in the file is reported") {
  // [admins] sorts before [sync], but [sync] comes first in the file.
  CHECK(invalid("[sync]\nauto = 1\n\n[admins]\nagents = [\"x\"]\n") ==
        ".tier/config.toml:2:8: 'auto' must be a boolean");
  CHECK(invalid("[admins]\nagents = [\"x\"]\n\n[sync]\nauto = 1\n") ==
        ".tier/config.toml:2:11: bad e-mail address 'x' for 'agents' in [admins]");
}

TEST_CASE("config: [notify] sendmail and from") {
  CHECK(invalid("[notify]\nsendmail = \"/usr/sbin/sendmail -f 'help desk\"\n") ==
        ".tier/config.toml:2:12: 'sendmail' has an unterminated quote or a trailing backslash: "
        "'/usr/sbin/sendmail -f 'help desk'");
  CHECK(invalid("[notify]\nsendmail = \"   \"\n") == ".tier/config.toml:2:12: 'sendmail' names no command");
  CHECK(invalid("[notify]\nfrom = \"help desk\"\n") ==
        ".tier/config.toml:2:8: 'from' must be an address or 'Name <address>', not 'help desk'");
  const Policy p = formats::parse_config(
      "[notify]\nsendmail = \"'/opt/mail/send mail' -t\"\nfrom = \"Help Desk <desk@example.edu>\"\n"
      "where = \"server\"\nmaildir = \"\"\n",
      ".tier/config.toml");
  CHECK(p.notify.sendmail == "'/opt/mail/send mail' -t");
  CHECK(p.notify.from == "Help Desk <desk@example.edu>");
  CHECK(p.notify.on_server);
  CHECK(p.notify.maildir.empty());
}

TEST_CASE("config_toml: [store] timezone is an IANA name of the system's database") {
  CHECK(parse("[store]\ntimezone = \"America/New_York\"\n").timezone == "America/New_York");
  CHECK(parse("").timezone == "UTC");
  CHECK(invalid("[store]\ntimezone = \"Mars/Olympus\"\n") ==
        ".tier/config.toml:2:12: unknown time zone 'Mars/Olympus': use an IANA name such as \"America/New_York\" or \"UTC\"");
}

TEST_CASE("config: [kb] editors and url, and limits.article (issue 16)") {
  Policy p = parse(base);
  CHECK(p.kb.editors.empty());
  CHECK(p.kb.url.empty());
  CHECK(p.limits.article == 256 * 1024);
  p = parse(base + "\n[kb]\neditors = [\"Amy@Example.edu\", \"t2\"]\nurl = \"https://help.example.edu/kb/\"\n"
                   "\n[limits]\narticle = \"1M\"\n");
  CHECK(p.kb.editors == std::vector<std::string>{"amy@example.edu", "t2"});
  CHECK(p.kb.url == "https://help.example.edu/kb/");
  CHECK(p.limits.article == 1024 * 1024);
  CHECK(invalid(base + "\n[kb]\neditors = [\"t3\"]\n") == ".tier/config.toml:19:12: [kb] editors names unknown group 't3'");
  CHECK(invalid(base + "\n[kb]\neditors = [\"amy@\"]\n") ==
        ".tier/config.toml:19:12: bad e-mail address 'amy@' for 'editors' in [kb]");
  CHECK(invalid(base + "\n[kb]\nurl = \"ftp://x.example.edu/\"\n") ==
        ".tier/config.toml:19:7: 'url' in [kb] must be an http:// or https:// address without spaces, "
        "not 'ftp://x.example.edu/'");
  CHECK(invalid(base + "\n[kb]\nurl = \"https://x.example.edu/a b\"\n") ==
        ".tier/config.toml:19:7: 'url' in [kb] must be an http:// or https:// address without spaces, "
        "not 'https://x.example.edu/a b'");
  CHECK(invalid(base + "\n[kb]\nsite = \"x\"\n") == ".tier/config.toml:19:1: unknown key 'site' in [kb]");
  // With [[agent]], an editor by address must be one of them.
  CHECK(invalid(base + "\n[[agent]]\nemail = \"amy@example.edu\"\n\n[[agent]]\nemail = \"ben@example.edu\"\n"
                       "\n[kb]\neditors = [\"zed@example.edu\"]\n") ==
        ".tier/config.toml:25:12: [kb] editors names unknown agent 'zed@example.edu'");
}

}  // namespace tier

namespace tier {

TEST_CASE("config: [hours] for everyone, an organization and a group") {
  const Policy p = parse(base + R"(
[store]
timezone = "Europe/Berlin"

[hours]
days = ["Mon", "tue", "wed", "thu", "fri"]
start = "08:30"
end = "17:00"
holidays = [2026-12-25, "2026-12-24", 2026-12-25]

[hours.organization.milne]
timezone = "America/New_York"

[hours.group.t2]
days = ["sat", "sun"]
end = "24:00"
)");
  REQUIRE(p.hours.all);
  const Hours& all = *p.hours.all;
  CHECK(all.days == 0x1f);
  CHECK(all.start == 8 * 60 + 30);
  CHECK(all.end == 17 * 60);
  CHECK(all.timezone == "Europe/Berlin");  // [store] timezone
  const std::int64_t christmas = from_civil(2026, 12, 25).ms / 86'400'000;
  CHECK(all.holidays == std::vector<std::int64_t>{christmas - 1, christmas});
  REQUIRE(p.hours.organizations.size() == 1);
  CHECK(p.hours.organizations[0].first == "milne");
  const Hours& milne = p.hours.organizations[0].second;  // the rest from [hours]
  CHECK(milne.timezone == "America/New_York");
  CHECK(milne.start == 8 * 60 + 30);
  CHECK(milne.holidays == all.holidays);
  REQUIRE(p.hours.groups.size() == 1);
  CHECK(p.hours.groups[0].first == "t2");
  CHECK(p.hours.groups[0].second.days == 0b1100000);
  CHECK(p.hours.groups[0].second.end == 24 * 60);
  CHECK(p.hours.of("milne", "t2") == &milne);
  CHECK(p.hours.of("strand", "t2") == &p.hours.groups[0].second);
  CHECK(p.hours.of("strand", "desk") == &all);
}

TEST_CASE("config: without [hours] every hour counts; an [hours] of only others' tables sets no default") {
  CHECK_FALSE(parse(base).hours.all);
  CHECK(parse(base).hours.of("milne", "desk") == nullptr);
  const Policy p = parse(base + "\n[hours.group.t2]\nstart = \"10:00\"\n");
  CHECK_FALSE(p.hours.all);
  CHECK(p.hours.of("milne", "desk") == nullptr);
  REQUIRE(p.hours.of("milne", "t2"));
  CHECK(p.hours.of("milne", "t2")->start == 10 * 60);
  CHECK(p.hours.of("milne", "t2")->end == 17 * 60);
}

TEST_CASE("config: bad [hours]") {
  CHECK(invalid(base + "\n[hours]\ndays = [\"mon\", \"fry\"]\n") ==
        ".tier/config.toml:19:16: unknown day 'fry' in 'days' of [hours]: use mon, tue, wed, thu, fri, sat or sun");
  CHECK(invalid(base + "\n[hours]\ndays = []\n") == ".tier/config.toml:19:8: 'days' in [hours] names no day");
  CHECK(invalid(base + "\n[hours]\nstart = \"9:00\"\n") ==
        ".tier/config.toml:19:9: bad time of day '9:00' for 'start' in [hours]: use HH:MM, from 00:00 to 23:59");
  CHECK(invalid(base + "\n[hours]\nstart = \"24:00\"\n") ==
        ".tier/config.toml:19:9: bad time of day '24:00' for 'start' in [hours]: use HH:MM, from 00:00 to 23:59");
  CHECK(invalid(base + "\n[hours]\nend = \"17:60\"\n") ==
        ".tier/config.toml:19:7: bad time of day '17:60' for 'end' in [hours]: use HH:MM, from 00:00 to 24:00");
  CHECK(invalid(base + "\n[hours]\nstart = \"18:00\"\nend = \"08:00\"\n") ==
        ".tier/config.toml:20:7: 'end' must be after 'start' in [hours]");
  CHECK(invalid(base + "\n[hours]\ntimezone = \"Mars/Olympus\"\n") ==
        ".tier/config.toml:19:12: unknown time zone 'Mars/Olympus': use an IANA name such as \"America/New_York\" or \"UTC\"");
  CHECK(invalid(base + "\n[hours]\nholidays = 2026-12-25\n") ==
        ".tier/config.toml:19:12: 'holidays' in [hours] must be an array of dates");
  CHECK(invalid(base + "\n[hours]\nholidays = [\"Christmas\"]\n") ==
        ".tier/config.toml:19:13: 'holidays' in [hours] must be an array of dates, such as 2026-12-25");
  CHECK(invalid(base + "\n[hours]\nopen = \"09:00\"\n") == ".tier/config.toml:19:1: unknown key 'open' in [hours]");
  CHECK(invalid(base + "\n[hours.group.t3]\nend = \"20:00\"\n") ==
        ".tier/config.toml:18:14: [hours.group.t3] names unknown group 't3'");
  CHECK(invalid(base + "\n[hours.organization.strand]\nend = \"20:00\"\n") ==
        ".tier/config.toml:18:21: [hours.organization.strand] names unknown organization 'strand'");
  CHECK(invalid(base + "\n[hours.group.t2]\nlunch = \"12:00\"\n") ==
        ".tier/config.toml:19:1: unknown key 'lunch' in [hours.group.t2]");
}

TEST_CASE("config: [agents] gives short names and display names, in file order") {
  const Policy p = parse(base +
                         "\n[agents]\n"
                         "ben = { email = \"Ben@Example.edu\", name = \"Ben Bell\" }\n"
                         "amy = { email = \"amy@example.edu\" }\n"
                         "\n[agents.tech-1]\nemail = \"tech@example.edu\"\nname = \"Field Tech\"\n");
  REQUIRE(p.directory.size() == 3);
  CHECK(p.directory[0].short_name == "ben");
  CHECK(p.directory[0].email == "ben@example.edu");
  CHECK(p.directory[0].name == "Ben Bell");
  CHECK(p.directory[1].short_name == "amy");
  CHECK(p.directory[1].name.empty());
  CHECK(p.directory[2].short_name == "tech-1");
  CHECK(p.is_agent("tech@example.edu"));
  CHECK(resolve_agent(p, "tech-1") == "tech@example.edu");
  CHECK(display_name(p, "tech@example.edu") == "Field Tech");
  CHECK(short_name(p, "amy@example.edu") == "amy");
}

TEST_CASE("config: [agents] and [[agent]] together list the agents") {
  const Policy p = parse(base + "\n[agents]\namy = { email = \"amy@example.edu\" }\n"
                                "\n[[agent]]\nemail = \"ben@example.edu\"\nname = \"Ben Bell\"\n");
  REQUIRE(p.directory.size() == 2);
  CHECK(short_name(p, "amy@example.edu") == "amy");
  CHECK(short_name(p, "ben@example.edu").empty());
  CHECK(display_name(p, "ben@example.edu") == "Ben Bell");
  // With [agents], members must be listed, as with [[agent]].
  CHECK(invalid(base + "\n[agents]\namy = { email = \"amy@example.edu\" }\n") ==
        ".tier/config.toml:10:12: group 't2' names unknown agent 'ben@example.edu'");
}

TEST_CASE("config: bad [agents]") {
  const std::string ben = "ben = { email = \"ben@example.edu\" }\n";
  CHECK(invalid(base + "\n[agents]\nAmy = { email = \"amy@example.edu\" }\n" + ben) ==
        ".tier/config.toml:19:1: bad short name 'Amy' in [agents]: use a lower-case letter, then up to 31 letters, "
        "digits, '.', '_' or '-'");
  CHECK(invalid(base + "\n[agents]\n\"amy@example.edu\" = { email = \"amy@example.edu\" }\n" + ben) ==
        ".tier/config.toml:19:1: bad short name 'amy@example.edu' in [agents]: use a lower-case letter, then up to "
        "31 letters, digits, '.', '_' or '-'");
  CHECK(invalid(base + "\n[agents]\n" + std::string(33, 'a') + " = { email = \"amy@example.edu\" }\n" + ben)
            .find(".tier/config.toml:19:1: bad short name 'aaaa") == 0);
  CHECK(invalid(base + "\n[agents]\namy = \"amy@example.edu\"\n" + ben) ==
        ".tier/config.toml:19:7: [agents] 'amy' must be a table: amy = { email = \"...\", name = \"...\" }");
  CHECK(invalid(base + "\n[agents]\namy = { mail = \"amy@example.edu\" }\n" + ben) ==
        ".tier/config.toml:19:9: unknown key 'mail' in [agents] 'amy'");
  CHECK(invalid(base + "\n[agents]\namy = { name = \"Amy\" }\n" + ben) ==
        ".tier/config.toml:19:7: missing key 'email' in [agents] 'amy'");
  CHECK(invalid(base + "\n[agents]\namy = { email = \"amy\" }\n" + ben) ==
        ".tier/config.toml:19:17: bad e-mail address 'amy' for 'email' in [agents] 'amy'");
  CHECK(invalid(base + "\n[agents]\namy = { email = \"amy@example.edu\", name = \"Amy\\u001b[2J\" }\n" + ben) ==
        ".tier/config.toml:19:43: bad 'name' in [agents] 'amy': one line of at most 200 bytes, without control "
        "characters");
  CHECK(invalid(base + "\n[agents]\namy = { email = \"amy@example.edu\", name = \"" + std::string(201, 'A') +
                "\" }\n" + ben) ==
        ".tier/config.toml:19:43: bad 'name' in [agents] 'amy': one line of at most 200 bytes, without control "
        "characters");
  // One agent per address, in [agents] and across [[agent]].
  CHECK(invalid(base + "\n[agents]\namy = { email = \"amy@example.edu\" }\namy2 = { email = \"Amy@example.edu\" }\n" +
                ben) == ".tier/config.toml:20:18: duplicate agent 'amy@example.edu'");
  CHECK(invalid(base + "\n[[agent]]\nemail = \"amy@example.edu\"\n\n[agents]\namy = { email = \"amy@example.edu\" }\n" +
                ben) == ".tier/config.toml:22:17: duplicate agent 'amy@example.edu'");
  CHECK(invalid("agents = 3\n" + base) == ".tier/config.toml:1:10: 'agents' must be a table");
}

}  // namespace tier
