#!/usr/bin/env bats
# The knowledge base, tier 0 (issue 16): articles from solved tickets with
# only their public text, by editors alone, checked by the hooks; the
# static site, which holds nothing private; the suggestions of the
# acknowledgement, answers with an article, and their count in stats.

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

# Publishes an article as carol: $1 the slug, the rest as article_file's.
publish() {
  local slug="$1"
  shift
  article_file "$BATS_TEST_TMPDIR/$slug.md" "$@"
  tier -q "${CAROL[@]}" kb new --slug "$slug" --file "$BATS_TEST_TMPDIR/$slug.md"
}

# The decoded bodies of the outbox's messages to $1, in the order of their names.
bodies_to() {
  python3 - "$1" .git/tier/outbox <<'EOF'
import email, email.policy, os, sys
d = os.path.join(sys.argv[2], "new")
for name in sorted(os.listdir(d)):
    with open(os.path.join(d, name), "rb") as f:
        m = email.message_from_binary_file(f, policy=email.policy.default)
    if sys.argv[1] in str(m["To"]):
        print(m.get_content(), end="")
        print("----")
EOF
}

@test "kb new --from: the draft is the ticket's public text, without addresses or names" {
  new_store
  ID="$(solved_ticket)"
  local before
  before="$(commit_count)"
  run -0 --separate-stderr tier "${CAROL[@]}" kb new --from "${ID:2:4}" --dry-run
  [[ -z "$stderr" ]]
  expect_output <<EOF
+++
title = "[name]: printer jams on tray 2"
status = "published"
categories = ["printing"]
tickets = ["$ID"]
+++

## Problem

Hello, [name] here ([address]). The printer jams on tray 2 every morning.

## Notes

Thanks [name]. [name] here; write to [address]. Which model?

It is the HP in room 2.14, [name]

## Solution

Clean the rollers of tray 2 with a dry cloth; mail [address] if it jams again.
EOF
  [[ "$(commit_count)" == "$before" ]]
}

@test "kb new --no-edit publishes the draft: one commit by the editor, checked clean" {
  new_store
  ID="$(solved_ticket)"
  at 11:00
  run -0 --separate-stderr tier "${CAROL[@]}" kb new --from "$ID" --slug printer-jams --title "Printer jams on tray 2" --no-edit
  [[ -z "$output" ]]
  [[ "$stderr" == "published printer-jams: Printer jams on tray 2" ]]
  run -0 git show HEAD:kb/printer-jams.md
  expect_output <<EOF
+++
title = "Printer jams on tray 2"
status = "published"
categories = ["printing"]
tickets = ["$ID"]
updated = 2026-11-23T11:00:00Z
+++

## Problem

Hello, [name] here ([address]). The printer jams on tray 2 every morning.

## Notes

Thanks [name]. [name] here; write to [address]. Which model?

It is the HP in room 2.14, [name]

## Solution

Clean the rollers of tray 2 with a dry cloth; mail [address] if it jams again.
EOF
  run -0 git log -1 --format='%an <%ae>%n%B'
  expect_output <<'EOF'
Carol Chen <carol@example.edu>
kb-new printer-jams: Printer jams on tray 2

Tier-Op: kb-new
Tier-Article: printer-jams

EOF
  # The work tree follows the branch.
  diff -u <(git show HEAD:kb/printer-jams.md) kb/printer-jams.md
  [[ -z "$(git status --porcelain)" ]]
  run -0 --separate-stderr tier check
  [[ "$stderr" == "checked 1 ticket and the config: no problems" ]]
  # The slug is taken now.
  run -4 --separate-stderr tier "${CAROL[@]}" kb new --from "$ID" --slug printer-jams --no-edit
  [[ "$stderr" == "tier: error: the article 'printer-jams' already exists
hint: choose another slug with --slug, or change it with 'tier kb edit printer-jams'" ]]
}

@test "kb new is refused: not an editor, a ticket not resolved, no editor without a terminal, a bad slug" {
  new_store
  ID="$(solved_ticket)"
  OPEN="$(tier create --title "Still open" --email "$QUINN")"
  local before
  before="$(commit_count)"
  run -5 --separate-stderr tier kb new --from "$ID" --no-edit
  [[ "$stderr" == "tier: error: refused by rule 'kb-editor': only a knowledge-base editor may change 'kb/name-printer-jams-on-tray-2.md'; 'alice@example.edu' is not one
hint: editors are the leads of the groups (tier-config(5))" ]]
  run -5 --separate-stderr tier --json kb new --from "$ID" --no-edit
  [[ "$stderr" == *'"rule":"kb-editor"'* ]]
  run -5 --separate-stderr tier "${CAROL[@]}" kb new --from "$OPEN" --no-edit
  [[ "$stderr" == "tier: error: refused by rule 'transition': an article starts from a resolved or closed ticket; '$OPEN' is new
hint: resolve it first, or start the article without --from" ]]
  run -2 --separate-stderr tier "${CAROL[@]}" kb new --from "$ID"
  [[ "$stderr" == "tier: error: the article needs an editor, and standard input is not a terminal
hint: give it with --file F, or take the draft as it is with --no-edit" ]]
  run -2 --separate-stderr tier "${CAROL[@]}" kb new --from "$ID" --slug Printer_Jams --no-edit
  [[ "$stderr" == "tier: error: 'Printer_Jams' is not a slug
hint: 1 to 80 characters of a-z, 0-9 and '-', not first or last, never two in a row" ]]
  run -2 --separate-stderr tier "${CAROL[@]}" kb new
  [[ "$stderr" == "tier: error: a new article needs --from ID, --title TITLE or --file F" ]]
  run -3 tier "${CAROL[@]}" kb new --from zzzzzzzz --no-edit
  run -2 tier "${CAROL[@]}" kb new --file x.md --no-edit
  run -2 tier "${CAROL[@]}" kb new --file x.md --from "$ID"
  run -2 tier kb
  [[ "$(commit_count)" == "$before" ]]
  [[ ! -e kb ]]
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

@test "kb edit, retire, list and show" {
  new_store
  publish wifi-drops "Wi-Fi drops every few minutes" '"network"' '"wifi"' "Renew the certificate."
  at 10:30
  publish vpn-809 "VPN error 809" '"network", "remote"' "" "Allow UDP 500 and 4500."
  run -0 --separate-stderr tier kb list
  [[ -z "$stderr" ]]
  expect_output <<'EOF'
SLUG        STATUS     UPDATED               CATEGORIES      TITLE
vpn-809     published  2026-11-23 10:30 UTC  network,remote  VPN error 809
wifi-drops  published  2026-11-23 10:00 UTC  network         Wi-Fi drops every few minutes
EOF
  run -0 tier kb show wifi-drops
  expect_output <<'EOF'
Wi-Fi drops every few minutes
slug        wifi-drops
status      published
categories  network
keywords    wifi
tickets     -
updated     2026-11-23 10:00 UTC

Renew the certificate.
EOF
  # An edit from a file; the same file again changes nothing.
  at 11:00
  article_file new.md "Wi-Fi drops every few minutes" '"network"' '"wifi", "eduroam"' "Renew the certificate." "" "Then forget the network."
  run -0 --separate-stderr tier "${CAROL[@]}" kb edit wifi-drops --file new.md
  [[ "$stderr" == "changed wifi-drops: Wi-Fi drops every few minutes" ]]
  local commits
  commits="$(commit_count)"
  at 11:30
  run -0 --separate-stderr tier "${CAROL[@]}" kb edit wifi-drops --file - <new.md
  [[ "$stderr" == "no change to wifi-drops" ]]
  [[ "$(commit_count)" == "$commits" ]]
  run -0 tier kb show wifi-drops --json
  expect_output <<'EOF'
{"body":"Renew the certificate.\n\nThen forget the network.\n","categories":["network"],"keywords":["wifi","eduroam"],"slug":"wifi-drops","status":"published","tickets":[],"title":"Wi-Fi drops every few minutes","updated":"2026-11-23T11:00:00Z","url":null}
EOF
  run -5 tier kb edit wifi-drops --file new.md
  run -2 tier "${CAROL[@]}" kb edit wifi-drops

  run -0 --separate-stderr tier "${CAROL[@]}" kb retire vpn-809
  [[ "$stderr" == "retired vpn-809: VPN error 809" ]]
  run -0 --separate-stderr tier "${CAROL[@]}" kb retire vpn-809
  [[ "$stderr" == "vpn-809 is already retired" ]]
  run -0 tier kb list --status published
  expect_output <<'EOF'
SLUG        STATUS     UPDATED               CATEGORIES  TITLE
wifi-drops  published  2026-11-23 11:00 UTC  network     Wi-Fi drops every few minutes
EOF
  run -0 tier kb list --status retired --json
  expect_output <<'EOF'
[{"categories":["network","remote"],"keywords":[],"slug":"vpn-809","status":"retired","tickets":[],"title":"VPN error 809","updated":"2026-11-23T11:30:00Z","url":null}]
EOF
  python3 "$BATS_TEST_DIRNAME/../validate_json.py" --items "$BATS_TEST_DIRNAME/../../schema/kb-article.schema.json" <<<"$output"
  run -0 tier kb show vpn-809 --json
  python3 "$BATS_TEST_DIRNAME/../validate_json.py" "$BATS_TEST_DIRNAME/../../schema/kb-article.schema.json" <<<"$output"
  run -3 --separate-stderr tier kb show nope
  [[ "$stderr" == "tier: error: no article 'nope' in the knowledge base
hint: see 'tier kb list'" ]]
  run -3 tier kb show ../config
  run -3 tier "${CAROL[@]}" kb retire nope
  # The history of an article is its commits.
  run -0 git log --format=%s -- kb/vpn-809.md
  expect_output <<'EOF'
kb-retire vpn-809: VPN error 809
kb-new vpn-809: VPN error 809
EOF
}

@test "kb list and build leave out a file that does not parse, with a warning; check reports it" {
  new_store
  publish wifi-drops "Wi-Fi drops" "" "" "Renew the certificate."
  mkdir -p kb && printf '+++\ntitle = 3\n+++\n' >kb/broken.md && commit_by_hand "a broken article"
  run -0 --separate-stderr tier kb list
  [[ "$stderr" == "tier: warning: kb/broken.md:2:9: 'title' must be a string" ]]
  [[ "$output" == *"wifi-drops  published"* && "$output" != *broken* ]]
  run -0 --separate-stderr tier kb build site
  [[ "$stderr" == "tier: warning: kb/broken.md:2:9: 'title' must be a string
built 1 article in 'site'" ]]
  run -6 --separate-stderr tier check
  expect_output <<'EOF'
kb/broken.md:2: 'title' must be a string
EOF
}

@test "kb build: the site of the published articles, rebuilt without what was retired" {
  new_store
  publish wifi-drops "Wi-Fi drops every few minutes" '"network"' '"wifi"' "Renew the certificate."
  publish vpn-809 "VPN error 809" '"network"' "" "Allow UDP 500 and 4500."
  publish printer-jams "Printer jams <b>on</b> tray 2" "" "" "Clean the rollers." "" \
    '<script>alert("RAW-HTML")</script>' "" '[bad](javascript:alert(1)) and [good](https://example.edu/help)'
  publish old-fax "The fax machine" '"legacy"' "" "Call the vendor."
  tier -q "${CAROL[@]}" kb retire old-fax
  run -0 --separate-stderr tier kb build site
  [[ -z "$output" ]]
  [[ "$stderr" == "built 3 articles in 'site'" ]]
  run -0 ls -A site
  expect_output <<'EOF'
.tier-kb-files
index.html
printer-jams.html
search-index.js
search.js
style.css
vpn-809.html
wifi-drops.html
EOF
  # The index by category, General last; nothing of the retired article.
  run -0 grep -o '<h2>[^<]*</h2>\|<li><a href="[^"]*">[^<]*' site/index.html
  expect_output <<'EOF'
<li><a href="#c-network">network
<li><a href="#c-general">General
<h2>network</h2>
<li><a href="vpn-809.html">VPN error 809
<li><a href="wifi-drops.html">Wi-Fi drops every few minutes
<h2>General</h2>
<li><a href="printer-jams.html">Printer jams &lt;b&gt;on&lt;/b&gt; tray 2
EOF
  ! grep -rqi 'fax\|legacy' site
  # Raw HTML is text; a javascript: link loses its URL; nothing comes from elsewhere.
  grep -qF '<p>&lt;script&gt;alert(&quot;RAW-HTML&quot;)&lt;/script&gt;</p>' site/printer-jams.html
  grep -qF '<a href="">bad</a> and <a href="https://example.edu/help">good</a>' site/printer-jams.html
  ! grep -q '<script>alert' site/*.html
  ! grep -qi 'javascript:' site/*.html site/search-index.js
  run -0 grep -ho '\(src\|href\)="[^"]*"' site/index.html
  expect_output <<'EOF'
href="data:,"
href="style.css"
href="index.html"
href="#c-network"
href="#c-general"
href="vpn-809.html"
href="wifi-drops.html"
href="printer-jams.html"
src="search-index.js"
src="search.js"
EOF
  # The same articles, the same bytes: nothing is written again.
  cp -a site before
  touch -d 2000-01-01 site/* site/.tier-kb-files
  run -0 --separate-stderr tier --json kb build site
  [[ "$output" == '{"articles":3,"dir":"site","files":7,"removed":0,"written":0}' ]]
  diff -r before site
  [[ -z "$(find site -type f -newermt 2001-01-01)" ]]
  # Rebuilt after a retirement: its page is gone; a file of one's own stays.
  echo mine >site/robots.txt
  tier -q "${CAROL[@]}" kb retire vpn-809
  run -0 --separate-stderr tier --json kb build site
  # index.html and search-index.js change; the pages and assets stay as they are.
  [[ "$output" == '{"articles":2,"dir":"site","files":6,"removed":1,"written":2}' ]]
  [[ ! -e site/vpn-809.html && -e site/wifi-drops.html && "$(cat site/robots.txt)" == mine ]]
  ! grep -q vpn site/index.html site/search-index.js
  run -2 --separate-stderr tier kb build site/robots.txt
  [[ "$stderr" == "tier: error: 'site/robots.txt' is not a directory
hint: name a directory for the site" ]]
}

@test "issue 16: nothing private reaches the site, whatever the tickets hold" {
  new_store
  local fields=(--asset PRIV-ASSET-7731 --location PRIV-ROOM-5521 --symptoms PRIV-SYMPTOM-9902 --tried PRIV-TRIED-1184
    --connection wired)
  # Published: a ticket with every kind of private text around its public text.
  at 10:00
  A="$(tier create --title "Yorvik Quarnstrom cannot reach the VPN" --email yorvik.quarnstrom@milne.example.edu \
    --name "Yorvik Quarnstrom" --category network -m "Yorvik here, yorvik.quarnstrom@milne.example.edu: PUBLIC-ASK error 809.")"
  at 10:01 && tier -q claim "$A"
  at 10:02 && tier -q comment "$A" --private -m "PRIV-NOTE-4410 the firewall of Yorvik's department"
  at 10:03 && tier -q escalate "$A" -m "PRIV-ESC-2208 needs the network team" "${fields[@]}"
  at 10:04 && tier -q --agent bob@example.edu claim "$A"
  at 10:05 && tier -q --agent bob@example.edu comment "$A" --private -m "PRIV-NOTE-6631 bob@example.edu opened UDP 500"
  at 10:06 && tier -q --agent bob@example.edu handback "$A" -m "PRIV-HB-3307 done on our side"
  at 10:07 && tier -q comment "$A" -m "PUBLIC-TRY Quarnstrom, Alice Adams here: try again? Or mail alice@example.edu."
  at 10:08 && tier -q --agent yorvik.quarnstrom@milne.example.edu comment "$A" -m "PUBLIC-REPLY works, Yorvik Q."
  at 10:09 && tier -q resolve "$A" -m "PUBLIC-FIX allow UDP 500 and 4500; carol@example.edu knows more."
  # Resolved but never published, and still open: none of it may show.
  B="$(tier create --title "UNPUB-TITLE-5150 printer" --email dana.ruiz@milne.example.edu --name "Dana Ruiz" \
    -m "UNPUB-TEXT-8808 jams")"
  tier -q claim "$B" && tier -q resolve "$B" -m "UNPUB-FIX-1212 cleaned"
  C="$(tier create --title "UNPUB-OPEN-4321 screen" --email lee@strand.example.edu -m "UNPUB-OPEN-TEXT flickers")"

  at 11:00
  tier -q "${CAROL[@]}" kb new --from "$A" --slug vpn-809 --no-edit
  run -0 tier kb build site

  # The public text is there, so the search below can find what it looks for...
  grep -q 'PUBLIC-FIX' site/vpn-809.html
  grep -q 'PUBLIC-TRY' site/vpn-809.html
  grep -q '"4500":' site/search-index.js
  # ...and nothing else is: no private note, template field, name, address or other ticket.
  local marker
  for marker in PRIV- UNPUB Yorvik Quarnstrom 'Alice Adams' @example @milne example.edu milne \
    "$A" "$B" "$C" "${A#T-}" "${B#T-}" "${C#T-}" bob carol dana; do
    if grep -rqiF -- "$marker" site; then
      echo "the site holds '$marker':" >&2
      grep -rniF -- "$marker" site >&2
      return 1
    fi
  done
  # Nor does the article's file in the store.
  ! git show HEAD:kb/vpn-809.md | grep -qiF -e PRIV- -e yorvik -e quarnstrom -e '@'
}

@test "the acknowledgement suggests up to three articles that match, with their links" {
  new_store
  sed -i 's|^# url = .*|url = "https://help.example.edu/kb/"|; s|^\[kb\]$|[kb]|' .tier/config.toml
  grep -qx 'url = "https://help.example.edu/kb/"' .tier/config.toml
  commit_by_hand "kb.url"
  publish wifi-drops "Wi-Fi drops every few minutes" '"network"' '"wifi", "wireless"' "Renew the certificate of the laptop."
  publish wifi-slow "Slow wireless in the library" '"network"' '"wifi"' "Move closer to an access point."
  publish wifi-guest "The guest wifi asks for a code" '"network"' '"wifi"' "Ask the front desk for a code."
  # Retired, it is never offered, however well it matches.
  publish wifi-old "Wifi drops in the library" '"network"' '"wifi", "wireless"' "My laptop loses the network."
  publish printer-jams "Printer jams on tray 2" '"printing"' "" "Clean the rollers."
  tier -q "${CAROL[@]}" kb retire wifi-old
  rm -rf .git/tier/outbox
  local id1 id2
  at 12:00
  id1="$(tier create --title "Wifi drops in the library" --email "$QUINN" --name "Quinn Zorblax" \
    -m "My laptop loses the wireless network.")"
  at 12:01
  id2="$(tier create --title "Screen flickers" --email "$QUINN" --name "Quinn Zorblax")"
  run -0 bodies_to "$QUINN"
  expect_output <<EOF
Hello Quinn Zorblax,

we have received your request "Wifi drops in the library". Its number is $id1.
Please keep [$id1] in the subject when you write to us about it.

You wrote:
My laptop loses the wireless network.

These articles of our knowledge base may already answer it:

  - Wi-Fi drops every few minutes
    https://help.example.edu/kb/wifi-drops.html
  - Slow wireless in the library
    https://help.example.edu/kb/wifi-slow.html
  - The guest wifi asks for a code
    https://help.example.edu/kb/wifi-guest.html

If one of them solves the problem, reply to this message to tell us so.

-- 
The help desk
----
Hello Quinn Zorblax,

we have received your request "Screen flickers". Its number is $id2.
Please keep [$id2] in the subject when you write to us about it.

-- 
The help desk
----
EOF
}

@test "resolve --article links the article in the public resolution; stats counts it" {
  new_store
  publish wifi-drops "Wi-Fi drops every few minutes" '"network"' "" "Renew the certificate."
  publish old-fax "The fax machine" "" "" "Call the vendor."
  tier -q "${CAROL[@]}" kb retire old-fax
  ID="$(tier create --title "Wi-Fi drops" --email "$QUINN")"
  tier -q claim "$ID"
  run -3 --separate-stderr tier resolve "$ID" --article nope
  [[ "$stderr" == "tier: error: no article 'nope' in the knowledge base
hint: see 'tier kb list'" ]]
  run -5 --separate-stderr tier resolve "$ID" --article old-fax
  [[ "$stderr" == "tier: error: refused by rule 'valid-values': the article 'old-fax' is retired
hint: answer with a published article ('tier kb list')" ]]
  # Without kb.url, the article's text is the answer.
  at 10:10
  run -0 --separate-stderr tier resolve "$ID" --article wifi-drops -m "This is a known fix:"
  [[ "$stderr" == "resolved $ID: Wi-Fi drops with the article wifi-drops" ]]
  run -0 tier log "$ID" --json
  python3 -c 'import json,sys; e = json.load(sys.stdin)[-1]; print(e["event"], e["article"]); print(e["text"])' <<<"$output" >got
  run -0 cat got
  expect_output <<'EOF'
resolve wifi-drops
This is a known fix:

Wi-Fi drops every few minutes

Renew the certificate.
EOF
  git show "HEAD:$(ticket_file "$ID")" | grep -qx 'article = "wifi-drops"'
  # With kb.url, its link.
  sed -i 's|^# url = .*|url = "https://help.example.edu/kb"|' .tier/config.toml && commit_by_hand "kb.url"
  at 10:20 && tier -q reopen "$ID" -m "Back again"
  at 10:30 && tier -q resolve "$ID" --article wifi-drops
  run -0 tier show "$ID" --as-requester --json
  python3 -c 'import json,sys; print(json.load(sys.stdin)["log"][-1]["text"])' <<<"$output" >got
  run -0 cat got
  expect_output <<'EOF'
The answer is in our knowledge base: "Wi-Fi drops every few minutes"
https://help.example.edu/kb/wifi-drops.html
EOF
  OTHER="$(tier create --title "Printer" --email "$QUINN")"
  tier -q claim "$OTHER" && tier -q resolve "$OTHER" -m "Cleaned"
  run -0 tier stats --json
  [[ "$output" == *'"resolved":2,"resolved_by_article":1,'* ]]
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
