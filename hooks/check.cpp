#include "hooks/check.hpp"

#include "formats/config_toml.hpp"
#include "formats/tree_file.hpp"

namespace tier::hooks {

std::vector<history::Finding> check_store(store::Store& st, std::size_t& tickets) {
  const std::string config_text = st.config_text();
  const std::string config_path(store::config_path);
  const history::Version config =
      formats::read_version(config_path, history::Kind::File, {}, config_text.size(), &config_text);
  std::vector<history::Finding> out = history::check_config(config_path, config);
  // The tickets are checked against the config's limits and prefix; a config
  // that does not parse still has the defaults and the prefix it names.
  Policy policy;
  if (config.policy) policy = *config.policy;
  else if (auto prefix = formats::config_prefix(config_text)) policy.prefix = *prefix;
  tickets = 0;
  st.for_each_ticket_file([&](const std::string& path, std::string_view text) {
    ++tickets;
    const std::string copy(text);
    const bool readable = text.size() <= policy.limits.ticket;
    const history::Version v =
        formats::read_version(path, history::Kind::File, {}, text.size(), readable ? &copy : nullptr);
    auto found = history::check_file(path, v, policy);
    out.insert(out.end(), found.begin(), found.end());
  });
  // The knowledge base's articles (tier-kb(5)).
  for (const auto& f : st.kb_files(policy.limits.article)) {
    const history::Version v =
        formats::read_version(f.path, f.kind, {}, f.size, f.text ? &*f.text : nullptr);
    auto found = history::check_article_file(f.path, v, policy);
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

}  // namespace tier::hooks
