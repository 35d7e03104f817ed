#!/usr/bin/env bats
# The knowledge base's site in a real browser (issue 16): headless Chromium
# driven through chromedriver by Selenium (tests/e2e/kb_browser.py), from
# Debian's chromium, chromium-driver and python3-selenium, which
# `scripts/deps.sh --test` installs. Debian's Python is called by its path:
# another python3 on PATH does not see Debian's selenium.

load helpers

PYTHON=/usr/bin/python3

# Publishes an article as carol: $1 the slug, $2 the title, $3 the
# categories (a TOML array's inside), then the body's lines.
publish() {
  local slug="$1" title="$2" categories="$3"
  shift 3
  {
    printf '+++\ntitle = "%s"\n' "$title"
    [[ -n "$categories" ]] && printf 'categories = [%s]\n' "$categories"
    printf '+++\n\n'
    printf '%s\n' "$@"
  } >"$BATS_TEST_TMPDIR/$slug.md"
  tier -q --agent carol@example.edu kb new --slug "$slug" --file "$BATS_TEST_TMPDIR/$slug.md"
}

@test "the site in headless Chromium: the index, the search box, an article's page, no console error" {
  local need
  for need in /usr/bin/chromium /usr/bin/chromedriver; do
    [[ -x "$need" ]] || {
      echo "missing $need: run scripts/deps.sh --test" >&2
      return 1
    }
  done
  "$PYTHON" -c 'import selenium' || {
    echo "no selenium for $PYTHON: run scripts/deps.sh --test" >&2
    return 1
  }
  new_store
  export TIER_NOW=2026-11-23T10:00:00Z
  publish wifi-drops "Wi-Fi drops every few minutes" '"network"' "## Fix" "" "Renew the certificate of the laptop." \
    "" '<script>document.title = "RAN"</script>'
  publish printer-jams "Printer jams on tray 2" '"printing"' "Clean the rollers of tray 2."
  publish vpn-809 "VPN error 809" '"network"' "Allow UDP 500 and 4500 on the home router."
  tier -q kb build site
  run -0 --separate-stderr timeout 120 "$PYTHON" "$BATS_TEST_DIRNAME/kb_browser.py" site
  expect_output <<'EOF'
index lists 3 articles
index fits a phone
search 'certif' shows: Wi-Fi drops every few minutes (1 article matches.)
page opens: Wi-Fi drops every few minutes
'tray 2' from an article's page shows: Printer jams on tray 2
search 'zzzzqqq' shows: No article matches.
search 'WiFi' shows: Wi-Fi drops every few minutes
no console errors
EOF
}
