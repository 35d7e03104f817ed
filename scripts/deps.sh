#!/bin/sh
# Installs what tier needs to build (and, with --test, to run its tests)
# from Debian's packages. Run as root on Debian bookworm.
set -eu
packages="build-essential cmake ninja-build pkg-config git ca-certificates
  libcli11-dev libtomlplusplus-dev libfmt-dev libgit2-dev nlohmann-json3-dev
  libsqlite3-dev libgmime-3.0-dev doctest-dev mandoc man-db libhowardhinnant-date-dev tzdata"
# libcrypto's SHA-1 for the index file
packages="$packages libssl-dev"
# cmark: the knowledge base's Markdown
packages="$packages libcmark-dev"
if [ "${1:-}" = "--test" ]; then
  packages="$packages bats python3 procps python3-jsonschema zsh fish strace"
  # Real git servers for the end-to-end tests: sshd with git-shell, and
  # apache's server and modules with git-http-backend (apache2-bin: the
  # server without the system service and its site on port 80); htpasswd.
  packages="$packages openssh-server openssh-client apache2-bin apache2-utils"
  # A real browser for the knowledge base's site (tests/e2e/kb_browser.bats)
  # and for the report of `tier report --html` (tests/e2e/report.bats):
  # headless Chromium driven by Debian's Selenium through chromedriver.
  packages="$packages chromium chromium-driver python3-selenium"
  # The sanitizer build's compiler (CMakePresets.json's asan) and its
  # sanitizers' runtime.
  packages="$packages clang-14 libclang-rt-14-dev"
fi
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
