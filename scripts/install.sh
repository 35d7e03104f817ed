#!/bin/sh
# Installs the dependencies, builds tier in Release, installs it with its man
# pages, and plays `tier demo` on a throwaway store.
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF
cmake --build build/release
cmake --install build/release
tier demo
