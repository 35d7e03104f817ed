#!/bin/sh
# Installs what the tests need, then builds and runs every test twice: in an
# optimized build with debug info and libstdc++'s assertions (the optimizer's
# warnings, which only show at -O2, are errors too, as in the Release build
# of scripts/install.sh), and in a debug build with AddressSanitizer and
# UndefinedBehaviorSanitizer, compiled by Clang (CMakePresets.json says
# why). Debug information is line tables only (-g1):
# enough for file and line in every backtrace, and a sixth less to compile.
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh --test
jobs=$(nproc)
# The builds are CMakePresets.json's: dev, then asan.
cmake --preset dev
cmake --build --preset dev
ctest --preset dev -j "$jobs"
cmake --preset asan
cmake --build --preset asan
ctest --preset asan -j "$jobs"
