#!/bin/sh
# Installs what the tests need, then builds and runs every test twice: in an
# optimized build with debug info and libstdc++'s assertions (the optimizer's
# warnings, which only show at -O2, are errors too, as in the Release build
# of scripts/install.sh), and in a debug build with AddressSanitizer and
# UndefinedBehaviorSanitizer. Debug information is line tables only (-g1):
# enough for file and line in every backtrace, and a sixth less to compile.
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh --test
jobs=$(nproc)
cmake -S . -B build/dev -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG"
cmake --build build/dev
(cd build/dev && ctest --output-on-failure -j "$jobs")
cmake -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g1 -DTIER_SANITIZE=ON
cmake --build build/asan
(cd build/asan && ASAN_OPTIONS=abort_on_error=1:detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --output-on-failure -j "$jobs")
