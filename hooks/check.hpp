#pragma once

#include <cstddef>
#include <vector>

#include "core/history.hpp"
#include "core/store/store.hpp"

namespace tier::hooks {

/// `tier check`: the config, every ticket file and every article (kb/) at
/// the branch's commit, each as the history rules see a file as it stands
/// (history::check_file, history::check_config,
/// history::check_article_file). `tickets` counts the ticket files read.
std::vector<history::Finding> check_store(store::Store& store, std::size_t& tickets);

}  // namespace tier::hooks
