#!/usr/bin/env bats
# The knowledge base, tier 0 (issue 16), where a process is the point: an
# article written in $EDITOR on a terminal, and the hooks that check
# articles on the clone and on the server. Drafts from solved tickets,
# editing, the static site, the suggestions of the acknowledgement and
# answers with an article are in tests/cli/kb_test.cpp.

load helpers

CAROL=(--agent carol@example.edu)
QUINN=quinn.zorblax@milne.example.edu

setup() {
  tier_setup
  export TIER_NOW=2026-11-23T10:00:00Z
}

at() { export TIER_NOW="2026-11-23T$1:00Z"; }

# A ticket of Quinn Zorblax, worked by alice with a private note, public
# comments both ways and a resolution, all at 10:00 to 10:05; prints its id.
solved_ticket() {
  local id
  at 10:00
  id="$(tier create --title "Quinn Zorblax: printer jams on tray 2" --email "$QUINN" --name "Quinn Zorblax" \
    --category printing -m "Hello, Quinn here ($QUINN). The printer jams on tray 2 every morning.")"
  at 10:01 && tier -q claim "$id"
  at 10:02 && tier -q comment "$id" --private -m "PRIVATE-NOTE: the toner sensor; ask bob@example.edu"
  at 10:03 && tier -q comment "$id" -m "Thanks Quinn. Alice Adams here; write to alice@example.edu. Which model?"
  at 10:04 && tier -q --agent "$QUINN" comment "$id" -m "It is the HP in room 2.14, Quinn"
  at 10:05 && tier -q resolve "$id" -m "Clean the rollers of tray 2 with a dry cloth; mail alice@example.edu if it jams again."
  echo "$id"
}

# Writes an article file: $1 the file, $2 the title, $3 the categories (a
# TOML array's inside), $4 the keywords, then the body's lines.
article_file() {
  local file="$1" title="$2" categories="$3" keywords="$4"
  shift 4
  {
    printf '+++\ntitle = "%s"\n' "$title"
    [[ -n "$categories" ]] && printf 'categories = [%s]\n' "$categories"
    [[ -n "$keywords" ]] && printf 'keywords = [%s]\n' "$keywords"
    printf '+++\n\n'
    printf '%s\n' "$@"
  } >"$file"
}

@test "kb new and edit in \$EDITOR on a terminal; a broken file is kept for --file" {
  command -v script >/dev/null || skip "no script(1)"
  new_store
  ID="$(solved_ticket)"
  export FAKE_EDITOR_TEXT=$'+++\ntitle = "Printer jams"\ncategories = ["printing"]\nkeywords = ["tray"]\n+++\n\n## Fix\n\nClean the rollers.'
  run -0 script -qec "'$TIER_BIN' --agent carol@example.edu kb new --from $ID" /dev/null
  [[ "$output" == "published printer-jams: Printer jams"* ]]
  run -0 git show HEAD:kb/printer-jams.md
  expect_output <<'EOF'
+++
title = "Printer jams"
status = "published"
categories = ["printing"]
keywords = ["tray"]
updated = 2026-11-23T10:00:00Z
+++

## Fix

Clean the rollers.
EOF
  export FAKE_EDITOR_TEXT=$'+++\ntitle = "Printer jams"\nauthor = "me"\n+++\n'
  run -6 script -qec "'$TIER_BIN' --agent carol@example.edu kb edit printer-jams" /dev/null
  [[ "$output" == *"tier: error: $PWD/.git/tier/KB_EDIT.md:3:1: unknown key 'author'"* ]]
  [[ "$output" == *"hint: the text is kept in '$PWD/.git/tier/KB_EDIT.md'; fix it and run the command with --file"* ]]
  grep -qx 'author = "me"' .git/tier/KB_EDIT.md
  # An emptied file cancels.
  export FAKE_EDITOR_TEXT=' '
  run -2 script -qec "'$TIER_BIN' --agent carol@example.edu kb edit printer-jams" /dev/null
  [[ "$output" == *"tier: error: the article is empty; nothing was saved"* ]]
  [[ "$(git log -1 --format=%s)" == "kb-new printer-jams: Printer jams" ]]
}

@test "the hooks refuse an article by a non-editor, or a deleted one, on the clone and on the server" {
  new_hooked_team
  export TIER_NOW=2026-11-23T10:00:00Z
  # carol publishes through tier: pushed at once (sync.auto).
  article_file wifi.md "Wi-Fi drops" "" "" "Renew the certificate."
  run -0 --separate-stderr tier -C a "${CAROL[@]}" kb new --slug wifi-drops --file wifi.md
  [[ "$stderr" == "published wifi-drops: Wi-Fi drops" ]]
  [[ "$(git -C server.git log -1 --format=%s main)" == "kb-new wifi-drops: Wi-Fi drops" ]]
  tier -C b -q sync
  run -0 tier -C b kb show wifi-drops
  [[ "${lines[0]}" == "Wi-Fi drops" ]]
  # alice edits it by hand: pre-commit refuses; past it, the server does.
  echo "More." >>a/kb/wifi-drops.md
  git -C a add kb/wifi-drops.md
  run -1 --separate-stderr git -C a -c user.email=alice@example.edu commit -q -m "by hand"
  [[ "$stderr" == *"kb/wifi-drops.md: refused by rule 'kb-editor': only a knowledge-base editor may change 'kb/wifi-drops.md'; 'alice@example.edu' is not one"* ]]
  git -C a -c user.email=alice@example.edu commit -q --no-verify -m "by hand"
  run -1 --separate-stderr git -C a push -q --no-verify origin main
  [[ "$stderr" == *"refused by rule 'kb-editor'"* ]]
  git -C a reset -q --hard origin/main
  # A deleted article, even by an editor.
  git -C a rm -q kb/wifi-drops.md
  git -C a -c user.email=carol@example.edu commit -q --no-verify -m "gone"
  run -1 --separate-stderr git -C a push -q --no-verify origin main
  [[ "$stderr" == *"kb/wifi-drops.md: refused by rule 'no-delete': an article is never deleted; retire it instead"* ]]
  git -C a reset -q --hard origin/main
  # A hand edit by an editor goes through.
  echo "More." >>a/kb/wifi-drops.md
  git -C a -c user.email=carol@example.edu commit -q -am "by hand, by carol"
  git -C a push -q origin main
}
