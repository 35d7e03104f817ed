#!/usr/bin/env bats
# Notifications: each change mails the people it concerns, as RFC 5322
# messages in the maildir or through sendmail; a message to the requester
# never carries a private note; every message of a ticket threads to one
# root; a failed delivery waits in the queue without undoing the change;
# with notify.where = "server" the server's post-receive sends, once.

load helpers

DANA=dana.ruiz@milne.example.edu

# The messages of a maildir (default: the store's outbox), one line each,
# in the order of their Date and then their recipients:
# `TO | SUBJECT | MESSAGE-ID | IN-REPLY-TO | REFERENCES`.
mails() {
  python3 - "${1:-.git/tier/outbox}" <<'EOF'
import email, email.policy, os, sys
rows = []
d = os.path.join(sys.argv[1], "new")
for name in os.listdir(d) if os.path.isdir(d) else []:
    with open(os.path.join(d, name), "rb") as f:
        m = email.message_from_binary_file(f, policy=email.policy.default)
    rows.append((email.utils.parsedate_to_datetime(m["Date"]), str(m["To"]), str(m["Subject"]),
                 str(m["Message-ID"]), str(m["In-Reply-To"]), str(m["References"])))
for r in sorted(rows):
    print(" | ".join(r[1:]))
EOF
}

# The decoded bodies of the maildir's messages to $1.
bodies_to() {
  python3 - "$1" "${2:-.git/tier/outbox}" <<'EOF'
import email, email.policy, os, sys
d = os.path.join(sys.argv[2], "new")
for name in sorted(os.listdir(d)):
    with open(os.path.join(d, name), "rb") as f:
        m = email.message_from_binary_file(f, policy=email.policy.default)
    if sys.argv[1] in str(m["To"]):
        assert m.get_content_type() == "text/plain" and m.get_content_charset() == "utf-8"
        assert m["Content-Transfer-Encoding"] in ("7bit", "quoted-printable")
        print(m.get_content())
EOF
}

# Commits a change to .tier/config.toml by hand: sed expressions in $@.
configure() {
  sed -i "$@" .tier/config.toml && git commit -q -am "configure notifications"
}

at() { export TIER_NOW="2026-11-23T$1:00Z"; }

escalate_args=(--asset LT-20931 --location "Milne 2.14" --symptoms "Flickers" --tried "New cable"
  --connection wired)

@test "each event of the workflow mails the right people, threaded on one root" {
  new_store
  at 10:00
  ID="$(tier create --title "Screen flickers" --email "$DANA" --name "Dana Ruiz" -m "It flickers, ça clignote.")"
  at 10:01 && tier -q claim "$ID"
  at 10:02 && tier -q escalate "$ID" -m "PRIVATE-ESC one" "${escalate_args[@]}"
  at 10:03 && tier -q --agent bob@example.edu claim "$ID"
  at 10:04 && tier -q --agent bob@example.edu comment "$ID" --private -m "PRIVATE-NOTE by bob"
  at 10:05 && tier -q --agent bob@example.edu handback "$ID" -m "PRIVATE-HB one"
  at 10:06 && tier -q comment "$ID" --private -m "PRIVATE-NOTE by alice"
  at 10:07 && tier -q comment "$ID" -m "PUBLIC-1: we are on it."
  at 10:08 && tier -q escalate "$ID" -m "PRIVATE-ESC two"
  at 10:09 && tier -q --agent bob@example.edu handback "$ID" -m "PRIVATE-HB two"
  at 10:10 && tier -q resolve "$ID" -m "PUBLIC-FIX: a new monitor, grüße."
  at 10:11 && tier -q close "$ID"
  run -0 mails
  local r="<$ID@example.edu>" m="$ID.17954" d="@example.edu>"
  # The ids carry the entry's time, event, a hash and the audience; the
  # hashes are checked for shape only.
  output="$(sed -E 's/\.[0-9a-f]{8}\.(agents|requester)@/.HASH.\1@/' <<<"$output")"
  expect_output <<EOF
Carol Chen <carol@example.edu> | [$ID] Screen flickers | $r | None | None
Dana Ruiz <$DANA> | [$ID] Screen flickers | <${m}28000000.create.HASH.requester$d | $r | $r
Carol Chen <carol@example.edu> | Re: [$ID] Screen flickers | <${m}28060000.claim.HASH.agents$d | $r | $r
Bob Brown <bob@example.edu>, Erin Evans <erin@example.edu> | Re: [$ID] Screen flickers | <${m}28120000.escalate.HASH.agents$d | $r | $r
Erin Evans <erin@example.edu> | Re: [$ID] Screen flickers | <${m}28180000.claim.HASH.agents$d | $r | $r
Alice Adams <alice@example.edu> | Re: [$ID] Screen flickers | <${m}28240000.comment.HASH.agents$d | $r | $r
Alice Adams <alice@example.edu> | Re: [$ID] Screen flickers | <${m}28300000.handback.HASH.agents$d | $r | $r
Dana Ruiz <$DANA> | Re: [$ID] Screen flickers | <${m}28420000.comment.HASH.requester$d | $r | $r
Bob Brown <bob@example.edu> | Re: [$ID] Screen flickers | <${m}28480000.escalate.HASH.agents$d | $r | $r
Alice Adams <alice@example.edu> | Re: [$ID] Screen flickers | <${m}28540000.handback.HASH.agents$d | $r | $r
Dana Ruiz <$DANA> | Re: [$ID] Screen flickers | <${m}28600000.resolve.HASH.requester$d | $r | $r
EOF
  # The requester reads the public text, UTF-8 intact, and no private note.
  run -0 bodies_to "$DANA"
  [[ "$output" == *"It flickers, ça clignote."* ]]
  [[ "$output" == *"PUBLIC-1: we are on it."* ]]
  [[ "$output" == *"PUBLIC-FIX: a new monitor, grüße."* ]]
  [[ "$output" == *"Its number is $ID."* ]]
  [[ "$output" != *PRIVATE* ]]
  [[ "$output" != *cx-tier2* && "$output" != *service-desk* && "$output" != *"@example.edu"* ]]
  [[ "$output" != *LT-20931* ]]
  # The agents read the private notes meant for them.
  run -0 bodies_to bob@example.edu
  [[ "$output" == *"PRIVATE-ESC one"* && "$output" == *"PRIVATE-ESC two"* && "$output" == *"LT-20931"* ]]
  run -0 bodies_to alice@example.edu
  [[ "$output" == *"PRIVATE-NOTE by bob"* && "$output" == *"PRIVATE-HB two"* ]]
  # Every message is in the outbox's new/, nothing is left in tmp/ or queued.
  [[ -z "$(ls .git/tier/outbox/tmp)" ]]
  [[ ! -d .git/tier/notify/queue ]] || [[ -z "$(find .git/tier/notify/queue -type f)" ]]
  run -0 tier notify
  [[ -z "$output" ]]
}

@test "with its creator alone in the group, a new ticket mails only the acknowledgement" {
  new_store
  configure 's/^members = \["alice@example.edu", "carol@example.edu"\]/members = ["alice@example.edu"]/;
             s/^leads = \["carol@example.edu"\]/leads = []/'
  at 10:00
  ID="$(tier create --title "Printer jams" --email "$DANA")"
  run -0 mails
  output="$(sed -E 's/\.[0-9a-f]{8}\.(agents|requester)@/.HASH.\1@/' <<<"$output")"
  expect_output <<EOF
$DANA | [$ID] Printer jams | <$ID.1795428000000.create.HASH.requester@example.edu> | <$ID@example.edu> | <$ID@example.edu>
EOF
  run -0 bodies_to "$DANA"
  [[ "$output" == "Hello,"* ]]
}

@test "a failing sendmail leaves the change committed and the message queued; --retry sends it once" {
  new_store
  cat >"$BATS_TEST_TMPDIR/failmail" <<'EOF'
#!/bin/sh
cat >/dev/null
echo "relay unreachable" >&2
exit 75
EOF
  cat >"$BATS_TEST_TMPDIR/goodmail" <<EOF
#!/bin/sh
{ echo "argv: \$*"; echo "to: \$TIER_NOTIFY_TO"; cat; echo "."; } >>"$BATS_TEST_TMPDIR/sent.txt"
EOF
  chmod +x "$BATS_TEST_TMPDIR/failmail" "$BATS_TEST_TMPDIR/goodmail"
  configure "s|^# sendmail = .*|sendmail = \"'$BATS_TEST_TMPDIR/failmail' -t -oi\"|"
  at 10:00
  ID="$(tier create -q --title "Printer jams" --email "$DANA" 2>/dev/null)"
  local commits
  commits="$(commit_count)"
  at 10:01
  run -0 --separate-stderr tier comment "$ID" -m "Toner is on its way."
  expect_stderr <<EOF
tier: warning: 3 notifications wait in the queue ('$BATS_TEST_TMPDIR/failmail' exited with 75: relay unreachable); 'tier notify --retry' sends them
comment added to $ID
EOF
  [[ "$(commit_count)" == $((commits + 1)) ]]
  [[ "$(entry_count "$ID" comment)" == 1 ]]
  [[ ! -e .git/tier/outbox ]]
  run -0 tier notify
  output="$(sed -E 's/^20[0-9][0-9]-[0-9-]+ [0-9:]+ UTC/TIME                /' <<<"$output" | sort)"
  expect_output <<EOF
QUEUED                TO                           SUBJECT
TIME                  carol@example.edu            [$ID] Printer jams
TIME                  $DANA  Re: [$ID] Printer jams
TIME                  $DANA  [$ID] Printer jams
EOF
  run -0 tier notify --json
  [[ "$(python3 -c 'import json,sys; print(len(json.loads(sys.argv[1])))' "$output")" == 3 ]]
  # Still failing: exit 7, everything still waits.
  run -7 --separate-stderr tier notify --retry
  [[ "$stderr" == "tier: error: 3 notifications still wait in the queue: '$BATS_TEST_TMPDIR/failmail' exited with 75: relay unreachable"* ]]
  [[ "$(find .git/tier/notify/queue -maxdepth 1 -type f | wc -l)" == 3 ]]
  configure "s|failmail|goodmail|"
  run -0 --separate-stderr tier notify --retry
  expect_stderr <<<"sent 3 notifications"
  [[ -z "$(find .git/tier/notify/queue -maxdepth 1 -type f)" ]]
  [[ "$(grep -c '^argv: -t -oi$' "$BATS_TEST_TMPDIR/sent.txt")" == 3 ]]
  grep -q "^to: $DANA\$" "$BATS_TEST_TMPDIR/sent.txt"
  grep -q "^Toner is on its way.\$" "$BATS_TEST_TMPDIR/sent.txt"
  # Nothing is sent twice: not by another retry, not by the same entry again.
  run -0 tier notify --retry
  [[ "$(grep -c '^argv:' "$BATS_TEST_TMPDIR/sent.txt")" == 3 ]]
  at 10:02
  run -0 tier -q comment "$ID" --private -m "Ordered from the usual supplier."
  [[ "$(grep -c '^argv:' "$BATS_TEST_TMPDIR/sent.txt")" == 3 ]]
}

@test "notify.where = server: the client sends nothing, post-receive sends once" {
  new_hooked_team
  (
    cd a &&
      sed -i 's/^where = "client".*/where = "server"/' .tier/config.toml &&
      git -c user.email=it-admin@example.edu -c user.name="IT Admin" commit -q -am "notify from the server" &&
      git push -q origin main
  )
  at 10:00
  ID="$(tier -C a create --title "Printer jams" --email "$DANA")"
  at 10:01
  tier -C a -q claim "$ID"
  at 10:02
  tier -C a -q comment "$ID" -m "On it."
  [[ ! -e a/.git/tier/outbox ]]
  run -0 mails server.git/tier/outbox
  [[ "${#lines[@]}" == 4 ]]
  [[ "${lines[0]}" == "Carol Chen <carol@example.edu> | [$ID] Printer jams | <$ID@example.edu> | None | None" ]]
  [[ "${lines[1]}" == "$DANA | [$ID] Printer jams | <$ID."*".create."*".requester@example.edu> | <$ID@example.edu> | <$ID@example.edu>" ]]
  [[ "${lines[2]}" == "Carol Chen <carol@example.edu> | Re: [$ID] Printer jams | <$ID."*".claim."*".agents@example.edu> | "* ]]
  [[ "${lines[3]}" == "$DANA | Re: [$ID] Printer jams | <$ID."*".comment."*".requester@example.edu> | "* ]]
  # The same push delivered again, and a retry, send nothing twice.
  local first
  first="$(git -C server.git rev-list --max-parents=0 main)"
  echo "$first $(git -C server.git rev-parse main) refs/heads/main" |
    GIT_DIR="$BATS_TEST_TMPDIR/server.git" tier hook post-receive
  tier -C server.git notify --retry
  run -0 mails server.git/tier/outbox
  [[ "${#lines[@]}" == 4 ]]
  # A second clone's change, merged and pushed, sends only its own news.
  at 10:03
  tier -C b -q --agent carol@example.edu comment "$ID" --private -m "Toner sensor again."
  run -0 mails server.git/tier/outbox
  [[ "${#lines[@]}" == 5 ]]
  [[ "${lines[4]}" == "Alice Adams <alice@example.edu> | Re: [$ID] Printer jams | "* ]]
  [[ "$(bodies_to alice@example.edu server.git/tier/outbox)" == *"Toner sensor again."* ]]
}
