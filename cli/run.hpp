#pragma once

namespace tier::cli {

/// Runs tier with these arguments; the only place that catches. It keeps no
/// state between calls, so a test may call it many times in one process.
/// (Declared apart from the command table, so that a caller needs no CLI11.)
int run(int argc, char** argv);

}  // namespace tier::cli
