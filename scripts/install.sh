#!/bin/sh
# Installs the dependencies, builds tier in Release, installs it with its man
# pages, and plays `tier demo` on a throwaway store.
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake --preset release
cmake --build --preset release
cmake --install build/release
tier demo
