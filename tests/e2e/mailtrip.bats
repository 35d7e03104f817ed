#!/usr/bin/env bats
# A round trip through the mail: a requester's message goes in with `tier
# ingest`, the acknowledgement comes out in the outbox maildir, the
# requester answers it as a mail program would (its own headers, a quote,
# a signature), the agents answer with `tier comment`, and every message to
# the requester stays in one thread and carries no private note. The
# acknowledgement answers the requester's own message (In-Reply-To).

load helpers

MAIL="$BATS_TEST_DIRNAME/fixtures/mail"
DANA=dana.ruiz@milne.example.edu
# The Message-ID of fixtures/mail/new.eml.
ORIGINAL="<20261123095840.4711@milne.example.edu>"

at() { export TIER_NOW="2026-11-23T$1:00Z"; }

# The messages of a maildir (default: the store's outbox), one line each,
# in the order of their Date and then their recipients:
# `TO | SUBJECT | MESSAGE-ID | IN-REPLY-TO | REFERENCES`, the hash in a
# Message-ID shown as HASH.
mails() {
  python3 - "${1:-.git/tier/outbox}" <<'EOF' | sed -E 's/\.[0-9a-f]{8}\.(agents|requester)@/.HASH.\1@/g'
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

# The file in the maildir $1 of the one message whose Message-ID has
# ".EVENT." and ".requester@" in it ($2 the event).
to_requester() {
  local found
  found="$(grep -l "^Message-I[Dd]: <T-[0-9a-z]*\.[0-9]*\.$2\.[0-9a-f]*\.requester@" "$1"/new/*)" || return 1
  [[ "$(wc -l <<<"$found")" == 1 ]] || return 1
  echo "$found"
}

# The decoded body of the message in the file $1.
body_of() {
  python3 - "$1" <<'EOF'
import email, email.policy, sys
with open(sys.argv[1], "rb") as f:
    m = email.message_from_binary_file(f, policy=email.policy.default)
print(m.get_content(), end="")
EOF
}

# The requester's answer to the message in the file $1, as a mail program
# writes it: Subject "Re: " and the message's, In-Reply-To its Message-ID,
# References its References and its Message-ID, the new text $2, then an
# attribution line and the message's body quoted, then the signature $3.
# Sent at $4 (RFC 5322 date) with the Message-ID $5.
reply_to() {
  python3 - "$@" <<'EOF'
import email, email.policy, sys
from email.message import EmailMessage
path, text, signature, date, mid = sys.argv[1:6]
with open(path, "rb") as f:
    ack = email.message_from_binary_file(f, policy=email.policy.default)
m = EmailMessage()
m["From"] = "Dana Ruiz <Dana.Ruiz@milne.example.edu>"
m["To"] = str(ack["From"])
m["Subject"] = "Re: " + str(ack["Subject"])
m["Date"] = date
m["Message-ID"] = mid
m["In-Reply-To"] = str(ack["Message-ID"])
refs = str(ack["References"]) if ack["References"] else ""
m["References"] = (refs + " " if refs else "") + str(ack["Message-ID"])
quoted = "".join("> " + line if line.strip() else ">" + line
                 for line in ack.get_content().splitlines(keepends=True))
m.set_content(text + "\n\nOn " + str(ack["Date"]) + ", " + str(ack["From"]) + " wrote:\n" + quoted +
              "\n-- \n" + signature + "\n")
sys.stdout.buffer.write(m.as_bytes())
EOF
}

# The last log entry of the ticket $ID, as the file has it.
last_entry() {
  awk '/^\[\[log\]\]$/ { text = "" } { text = text $0 "\n" } END { printf "%s", text }' "$(ticket_file "$ID")"
}

@test "mail round trip: ingest, acknowledgement, reply, answer, resolve, reopen by mail" {
  new_store
  # 1. A new message from the requester: a ticket, the acknowledgement to
  # the requester and the intake group's notice.
  at 10:00
  run --separate-stderr -0 tier ingest <"$MAIL/new.eml"
  [[ -z "$stderr" ]]
  ID="$output"
  [[ "$ID" =~ ^T-[0-9a-z]{8}$ ]]
  local r="<$ID@example.edu>" m="$ID.17954" d="@example.edu>" title="Printer on floor 2 jams — again"
  run -0 mails
  expect_output <<EOF
Alice Adams <alice@example.edu>, Carol Chen <carol@example.edu> | [$ID] $title | $r | None | None
Dana Rúiz <$DANA> | [$ID] $title | <${m}28000000.create.HASH.requester$d | $ORIGINAL | $r $ORIGINAL
EOF
  ack="$(to_requester .git/tier/outbox create)"
  run -0 body_of "$ack"
  expect_output <<EOF
Hello Dana Rúiz,

we have received your request "$title". Its number is $ID.
Please keep [$ID] in the subject when you write to us about it.

You wrote:
Hello,

the printer on floor 2 (HP 4000, asset LT-20931) jams on every page – since this morning.

-- 
The help desk
EOF

  # 2. Alice claims it; the requester answers the acknowledgement: a public
  # comment with only the new text, and a notice to Alice alone.
  at 10:05 && tier -q claim "$ID"
  at 10:20
  reply_to "$ack" $'It is the printer by the stairs.\n\nIt still jams, on plain paper too.' \
    $'Dana Ruiz\nMilne Library, room 2.14' "Mon, 23 Nov 2026 10:20:00 +0000" \
    "<reply-1@milne.example.edu>" >reply1.eml
  run --separate-stderr -0 tier ingest <reply1.eml
  [[ "$output" == "$ID" && -z "$stderr" ]]
  got="$(last_entry)"
  expect_output got <<EOF
[[log]]
at = 2026-11-23T10:20:00Z
by = "$DANA"
event = "comment"
visibility = "public"
message_id = "reply-1@milne.example.edu"
text = """
It is the printer by the stairs.

It still jams, on plain paper too."""
EOF
  run -0 mails
  line="${lines[2]}" && expect_output line <<<"Carol Chen <carol@example.edu> | Re: [$ID] $title | <${m}28300000.claim.HASH.agents$d | $r | $r"
  line="${lines[3]}" && expect_output line <<<"Alice Adams <alice@example.edu> | Re: [$ID] $title | <${m}29200000.comment.HASH.agents$d | $r | $r"
  [[ "${#lines[@]}" == 4 ]]

  # 3. A private note, then a public answer: the requester's message threads
  # to the same root as the acknowledgement and has no private note.
  at 10:30 && tier -q comment "$ID" --private -m "PRIVATE: the fuser unit is on order."
  at 10:40 && tier -q comment "$ID" -m "We will replace the rollers this afternoon."
  run -0 mails
  [[ "${#lines[@]}" == 5 ]]
  line="${lines[4]}" && expect_output line <<<"Dana Rúiz <$DANA> | Re: [$ID] $title | <${m}30400000.comment.HASH.requester$d | $r | $r"
  answer="$(to_requester .git/tier/outbox comment)"
  run -0 body_of "$answer"
  expect_output <<EOF
Hello Dana Rúiz,

there is news about your request $ID, "$title":

We will replace the rollers this afternoon.

-- 
The help desk
EOF
  ! grep -rq PRIVATE .git/tier/outbox/new/
  # The raw headers: the acknowledgement answers the requester's message,
  # the answer the thread root.
  run -0 grep -h "^In-Reply-To: " "$ack" "$answer"
  expect_output <<<"In-Reply-To: $ORIGINAL"$'\n'"In-Reply-To: $r"

  # 4. Resolved; the requester answers the resolution: the ticket reopens
  # to Alice, with the answer as the public note, and Alice is told.
  at 11:00 && tier -q resolve "$ID" -m "Rollers replaced."
  resolution="$(to_requester .git/tier/outbox resolve)"
  at 11:30
  reply_to "$resolution" "Sorry, it jams again." "Dana" "Mon, 23 Nov 2026 11:30:00 +0000" \
    "<reply-2@milne.example.edu>" >reply2.eml
  # This one comes through a maildir, with the acknowledgement bounced back
  # into it as well: that is the desk's own machine mail, and left alone.
  mkdir -p inbox/new
  cp reply2.eml inbox/new/1795433400.M2P1.host
  cp "$ack" inbox/new/1795433401.M3P1.host
  run --separate-stderr -0 tier ingest --maildir inbox
  [[ "$output" == "$ID" ]]
  expect_stderr <<<"ignored '1795433401.M3P1.host': it is an automatic message (Auto-Submitted: auto-generated)"
  [[ -z "$(ls inbox/new)" ]]
  [[ "$(ls inbox/cur)" == $'1795433400.M2P1.host:2,S\n1795433401.M3P1.host:2,S' ]]
  got="$(ticket_fields "$ID" status assignee owner)"
  expect_output got <<<$'status=open\nassignee=alice@example.edu\nowner=alice@example.edu'
  run -0 tier show "$ID" --json
  got="$(python3 -c '
import json, sys
for e in json.loads(sys.argv[1])["log"]:
    print(e["at"], e["by"], e["event"], e.get("visibility"), repr(e.get("text", "")))
' "$output")"
  expect_output got <<EOF
2026-11-23T10:00:00Z $DANA create public 'Hello,\n\nthe printer on floor 2 (HP 4000, asset LT-20931) jams on every page – since this morning.'
2026-11-23T10:05:00Z alice@example.edu claim None ''
2026-11-23T10:20:00Z $DANA comment public 'It is the printer by the stairs.\n\nIt still jams, on plain paper too.'
2026-11-23T10:30:00Z alice@example.edu comment private 'PRIVATE: the fuser unit is on order.'
2026-11-23T10:40:00Z alice@example.edu comment public 'We will replace the rollers this afternoon.'
2026-11-23T11:00:00Z alice@example.edu resolve public 'Rollers replaced.'
2026-11-23T11:30:00Z $DANA reopen public 'Sorry, it jams again.'
EOF
  run -0 mails
  [[ "${#lines[@]}" == 7 ]]
  line="${lines[5]}" && expect_output line <<<"Dana Rúiz <$DANA> | Re: [$ID] $title | <${m}31600000.resolve.HASH.requester$d | $r | $r"
  line="${lines[6]}" && expect_output line <<<"Alice Adams <alice@example.edu> | Re: [$ID] $title | <${m}33400000.reopen.HASH.agents$d | $r | $r"
  [[ -z "$(ls .git/tier/outbox/tmp)" ]]
  tier -q check
  # The create entry keeps the original's id, in the file and in --json.
  [[ "$(grep -c '^message_id = "20261123095840.4711@milne.example.edu"$' "$(ticket_file "$ID")")" == 1 ]]
  run -0 tier show "$ID" --json
  python3 "$BATS_TEST_DIRNAME/../validate_json.py" "$BATS_TEST_DIRNAME/../../schema/ticket.schema.json" <<<"$output"
}

@test "mail round trip with notify.where = server: the server's post-receive sends the acknowledgement once" {
  new_hooked_team
  (
    cd a &&
      sed -i 's/^where = "client".*/where = "server"/' .tier/config.toml &&
      git -c user.email=it-admin@example.edu -c user.name="IT Admin" commit -q -am "notify from the server" &&
      git push -q origin main
  )
  # The message goes in in a clone with sync.auto: the ticket is pushed,
  # and the server mails the acknowledgement and the group's notice.
  at 10:00
  run --separate-stderr -0 tier -C a ingest <"$MAIL/new.eml"
  [[ -z "$stderr" ]]
  ID="$output"
  [[ "$ID" =~ ^T-[0-9a-z]{8}$ ]]
  [[ "$(git -C server.git log -1 --format='%ae|%s' main)" == "$DANA|create $ID: Printer on floor 2 jams — again" ]]
  [[ ! -e a/.git/tier/outbox ]]
  local r="<$ID@example.edu>" m="$ID.17954" d="@example.edu>" title="Printer on floor 2 jams — again"
  run -0 mails server.git/tier/outbox
  expect_output <<EOF
Alice Adams <alice@example.edu>, Carol Chen <carol@example.edu> | [$ID] $title | $r | None | None
Dana Rúiz <$DANA> | [$ID] $title | <${m}28000000.create.HASH.requester$d | $ORIGINAL | $r $ORIGINAL
EOF
  # The whole history pushed again, and a retry: nothing is sent twice.
  local first
  first="$(git -C server.git rev-list --max-parents=0 main)"
  echo "$first $(git -C server.git rev-parse main) refs/heads/main" |
    GIT_DIR="$BATS_TEST_TMPDIR/server.git" tier hook post-receive
  tier -C server.git notify --retry
  run -0 mails server.git/tier/outbox
  [[ "${#lines[@]}" == 2 ]]
  [[ "$(ls server.git/tier/outbox/new | wc -l)" == 2 ]]

  # Carol claims it in b; the requester's answer to the acknowledgement,
  # ingested in b, is pushed and Carol alone is told, by the server.
  at 10:05 && tier -C b -q --agent carol@example.edu claim "$ID"
  at 10:20
  reply_to "$(to_requester server.git/tier/outbox create)" "It is the printer by the stairs." "Dana" \
    "Mon, 23 Nov 2026 10:20:00 +0000" "<reply-1@milne.example.edu>" >reply1.eml
  run --separate-stderr -0 tier -C b ingest <reply1.eml
  [[ "$output" == "$ID" && -z "$stderr" ]]
  [[ "$(git -C server.git log -1 --format='%ae|%s' main)" == "$DANA|comment $ID: Printer on floor 2 jams — again" ]]
  [[ ! -e b/.git/tier/outbox ]]
  run -0 mails server.git/tier/outbox
  [[ "${#lines[@]}" == 4 ]]
  line="${lines[2]}" && expect_output line <<<"Alice Adams <alice@example.edu> | Re: [$ID] $title | <${m}28300000.claim.HASH.agents$d | $r | $r"
  line="${lines[3]}" && expect_output line <<<"Carol Chen <carol@example.edu> | Re: [$ID] $title | <${m}29200000.comment.HASH.agents$d | $r | $r"
}

# A message from Dana to the desk: subject $1, text $2, Message-ID $3,
# In-Reply-To $4 (may be empty) and each further argument a file attached.
dana_writes() {
  python3 - "$@" <<'EOF'
import mimetypes, os, sys
from email.message import EmailMessage
subject, text, mid, reply_to = sys.argv[1:5]
m = EmailMessage()
m["From"] = "Dana Ruiz <dana.ruiz@milne.example.edu>"
m["To"] = "helpdesk@example.edu"
m["Subject"] = subject
m["Date"] = "Mon, 23 Nov 2026 11:00:00 +0000"
m["Message-ID"] = mid
if reply_to:
    m["In-Reply-To"] = reply_to
    m["References"] = reply_to
m.set_content(text + "\n")
for path in sys.argv[5:]:
    kind = (mimetypes.guess_type(path)[0] or "application/octet-stream").split("/")
    with open(path, "rb") as f:
        m.add_attachment(f.read(), maintype=kind[0], subtype=kind[1], filename=os.path.basename(path))
sys.stdout.buffer.write(m.as_bytes())
EOF
}

# Every message of the outbox parses without a defect in Python's email
# package; prints, for each, its file and the names of its attachments.
attachments_sent() {
  python3 - .git/tier/outbox/new <<'EOF'
import email, email.policy, os, sys
for name in sorted(os.listdir(sys.argv[1])):
    with open(os.path.join(sys.argv[1], name), "rb") as f:
        m = email.message_from_binary_file(f, policy=email.policy.default)
    bad = list(m.defects) + [d for part in m.walk() for d in part.defects]
    if bad:
        sys.exit(name + ": " + repr(bad))
    print(name, *[p.get_filename() for p in m.iter_attachments()])
EOF
}

@test "mail: a reply without the tag is threaded by its headers, and a message ingested twice counts once" {
  new_store
  at 10:00
  ID="$(tier ingest <"$MAIL/new.eml")"
  ack="$(to_requester .git/tier/outbox create)"
  # The mail program dropped the tag; In-Reply-To still names the desk's message.
  at 10:20
  reply_to "$ack" "The printer by the stairs." "Dana" "Mon, 23 Nov 2026 10:20:00 +0000" "<r1@milne.example.edu>" |
    sed "s/^Subject: Re: \[$ID\] /Subject: Re: /" >r1.eml
  ! grep -q "\[$ID\]" r1.eml
  run -0 tier ingest <r1.eml
  [[ "$output" == "$ID" ]]
  [[ "$(entry_count "$ID" comment)" == 1 ]]
  # Only the requester's own first message is named: that is enough too.
  dana_writes "More" "It jams on recycled paper." "<r2@milne.example.edu>" "$ORIGINAL" >r2.eml
  run -0 tier ingest <r2.eml
  [[ "$output" == "$ID" ]]
  [[ "$(entry_count "$ID" comment)" == 2 ]]
  # The same messages again (a fetcher's retry): nothing changes, exit 0.
  local commits
  commits="$(commit_count)"
  for f in r1.eml r2.eml "$MAIL/new.eml"; do
    run --separate-stderr -0 tier ingest --json <"$f"
    [[ "$(python3 -c 'import json,sys; j=json.loads(sys.argv[1]); print(j["action"], j["ticket"]["id"])' "$output")" == "duplicate $ID" ]]
  done
  [[ "$(commit_count)" == "$commits" ]]
  [[ "$(tier list --format ids | wc -l)" == 1 ]]
  attachments_sent >/dev/null
}

@test "mail: a screenshot goes in and a public file comes out, byte for byte; a private note's never" {
  new_store
  head -c 3000 /dev/urandom >shot.png
  printf 'step 1\nstep 2\n' >steps.txt
  printf 'root password: hunter2\n' >secret.txt
  at 10:00
  dana_writes "Screen goes black" "See the screenshot." "<s1@milne.example.edu>" "" shot.png >s1.eml
  ID="$(tier ingest <s1.eml)"
  run -0 tier show "$ID"
  [[ "$output" == *"[attachment] shot.png  image/png, 2.9 KiB"* ]]
  run -0 tier attachment "$ID" shot.png -o got.png
  cmp shot.png got.png
  at 10:05 && tier -q claim "$ID"
  at 10:10 && tier -q comment "$ID" -m "Please follow these steps." --attach steps.txt
  at 10:15 && tier -q comment "$ID" --private -m "The admin password" --attach secret.txt
  # The requester's copy of the public comment carries the file.
  sent="$(to_requester .git/tier/outbox comment)"
  python3 - "$sent" steps.txt <<'EOF'
import email, email.policy, sys
with open(sys.argv[1], "rb") as f:
    m = email.message_from_binary_file(f, policy=email.policy.default)
files = {p.get_filename(): p.get_content() for p in m.iter_attachments()}
with open(sys.argv[2], "rb") as f:
    want = f.read()
assert list(files) == ["steps.txt"], files
assert (files["steps.txt"].encode() if isinstance(files["steps.txt"], str) else files["steps.txt"]) == want
EOF
  run -0 attachments_sent
  [[ "$output" == *" steps.txt"* ]]
  [[ "$output" != *"secret.txt"* ]]
  ! grep -rq "hunter2" .git/tier/outbox
}

@test "mail: the resolution invites a rating; a reply with a number records it, and a later one replaces it" {
  new_store
  at 10:00
  ID="$(tier ingest <"$MAIL/new.eml")"
  at 10:05 && tier -q claim "$ID"
  at 10:10 && tier -q resolve "$ID" -m "New fuser unit."
  sent="$(to_requester .git/tier/outbox resolve)"
  run -0 body_of "$sent"
  [[ "$output" == *"Reply with a number from 1 (poor) to 5 (excellent)"* ]]
  at 10:30
  reply_to "$sent" "4" "Dana" "Mon, 23 Nov 2026 10:30:00 +0000" "<rate-1@milne.example.edu>" >rate1.eml
  run -0 tier ingest --json <rate1.eml
  [[ "$(python3 -c 'import json,sys; j=json.loads(sys.argv[1]); print(j["action"], j["ticket"]["status"], j["ticket"]["csat"])' "$output")" == "rated resolved 4" ]]
  # It jams again: a reply with words reopens; the next resolution's rating counts.
  at 11:00
  dana_writes "Re: [$ID] Printer" "It jams again, sorry." "<again@milne.example.edu>" "" >again.eml
  run -0 tier ingest --json <again.eml
  [[ "$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["action"])' "$output")" == reopened ]]
  at 11:10 && tier -q resolve "$ID" -m "Replaced the rollers."
  at 11:30
  dana_writes "Re: [$ID] 2" "" "<rate-2@milne.example.edu>" "" >rate2.eml
  run -0 tier ingest <rate2.eml
  run -0 tier show "$ID" --json
  [[ "$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["csat"])' "$output")" == 2 ]]
  [[ "$(entry_count "$ID" rate)" == 2 ]]
}

@test "mail: refused mail is moved out of new/ and reported once across two cron runs, answered once a day" {
  new_store
  sed -i 's/^# refusal_reply = false/refusal_reply = true/' .tier/config.toml
  git commit -qam "Answer refused mail"
  mkdir -p inbox/new
  cp "$MAIL/free-mail.eml" inbox/new/1
  at 10:00
  run --separate-stderr -5 tier -q ingest --maildir inbox
  [[ -z "$output" ]]
  [[ "$stderr" == "tier: error: 1: refused by rule 'employer-email': "* ]]
  [[ "$(wc -l <<<"$stderr")" == 1 ]]
  [[ -f inbox/refused/1 && -z "$(ls inbox/new)" ]]
  run --separate-stderr -0 tier -q ingest --maildir inbox
  [[ -z "$output" && -z "$stderr" ]]
  # One polite answer, automatic, to the sender; the same sender an hour later gets none.
  run -0 attachments_sent
  [[ "$(wc -l <<<"$output")" == 1 ]]
  answer=".git/tier/outbox/new/$(ls .git/tier/outbox/new)"
  grep -q "^Auto-Submitted: auto-replied" "$answer"
  run -0 body_of "$answer"
  [[ "$output" == *"free-mail domain"* ]]
  cp "$MAIL/free-mail.eml" inbox/new/2
  sed -i 's/^Message-I[Dd]: .*/Message-ID: <second@gmail.com>/' inbox/new/2
  at 11:00
  run -5 tier -q ingest --maildir inbox
  [[ "$(ls .git/tier/outbox/new | wc -l)" == 1 ]]
}

@test "mail: a hung sendmail is stopped at [limits] timeout and its message kept for retry" {
  new_store
  cat >"$BATS_TEST_TMPDIR/hungmail" <<'EOF'
#!/bin/sh
cat >/dev/null
exec sleep 600
EOF
  chmod +x "$BATS_TEST_TMPDIR/hungmail"
  sed -i -e "s|^# sendmail = .*|sendmail = \"'$BATS_TEST_TMPDIR/hungmail'\"|" -e 's/^timeout = .*/timeout = "1s"/' \
    .tier/config.toml
  git commit -qam "A sendmail that hangs"
  at 10:00
  SECONDS=0
  run --separate-stderr -0 tier create --title "Printer jams" --email "$DANA"
  (( SECONDS < 30 ))
  [[ "$stderr" == *"notifications wait in the queue ('$BATS_TEST_TMPDIR/hungmail' ran longer than 1s and was stopped)"* ]]
  [[ "$(find .git/tier/notify/queue -maxdepth 1 -type f | wc -l)" == 2 ]]
  [[ -z "$(find .git/tier/notify/sending -type f 2>/dev/null)" ]]
  ! pgrep -f "sleep 600"
  sed -i "s|^sendmail = .*|# sendmail = none|" .tier/config.toml
  git commit -qam "Back to the maildir"
  run -0 tier -q notify --retry
  [[ -z "$output" ]]
  [[ "$(ls .git/tier/outbox/new | wc -l)" == 2 ]]
}

@test "mail: the gateway: mail in through a server that knows its pushers, notifications out from the server" {
  cd "$BATS_TEST_TMPDIR"
  new_hooked_team
  # Every push names its pusher; the cron clone's account may push what
  # requesters wrote; the server sends the mail.
  sed -i -e 's/^pusher_env = ""/pusher_env = "TIER_PUSHER"/' -e 's/^require_pusher = false/require_pusher = true/' \
    -e 's/^gateways = \[\]/gateways = ["helpdesk@example.edu"]/' -e 's/^where = "client".*/where = "server"/' \
    a/.tier/config.toml
  git -C a add .tier/config.toml
  git -C a -c user.email=it-admin@example.edu commit -q -m "the mail gateway"
  TIER_PUSHER=it-admin@example.edu git -C a push -q origin main
  unset TIER_AGENT
  git config --global --unset user.email || true
  at 10:00
  # b is the cron clone; its pushes are the gateway's.
  TIER_PUSHER=helpdesk@example.edu run --separate-stderr -0 tier -C b ingest <"$MAIL/new.eml"
  ID="$output"
  [[ "$ID" =~ ^T-[0-9a-z]{8}$ ]]
  [[ "$(git -C server.git rev-parse main)" == "$(git -C b rev-parse HEAD)" ]]
  # The server's post-receive sent the acknowledgement, and nothing came from the clone.
  [[ ! -e b/.git/tier/outbox ]]
  ack="$(to_requester server.git/tier/outbox create)"
  run -0 body_of "$ack"
  [[ "$output" == "Hello Dana Rúiz,"* ]]
  # An agent answers; the requester's reply comes back through the gateway.
  at 10:05
  TIER_PUSHER=alice@example.edu tier -C a -q --agent alice@example.edu claim "$ID"
  at 10:10
  TIER_PUSHER=alice@example.edu tier -C a -q --agent alice@example.edu comment "$ID" -m "Which floor?"
  asked="$(to_requester server.git/tier/outbox comment)"
  at 10:20
  reply_to "$asked" "The second." "Dana" "Mon, 23 Nov 2026 10:20:00 +0000" "<g1@milne.example.edu>" >g1.eml
  TIER_PUSHER=helpdesk@example.edu run -0 tier -C b ingest <g1.eml
  [[ "$output" == "$ID" ]]
  git -C server.git show "main:$(ticket_file "$ID")" | grep -q '^message_id = "g1@milne.example.edu"$'
  grep -l "^To: Alice Adams <alice@example.edu>" server.git/tier/outbox/new/* | xargs grep -l "The second." >/dev/null
  # Pushed by anyone else, the requester's mail is refused, and the clone is not jammed.
  dana_writes "Re: [$ID] Printer" "Also the third floor." "<g2@milne.example.edu>" "" >g2.eml
  TIER_PUSHER=bob@example.edu run --separate-stderr -7 tier -C b ingest <g2.eml
  [[ "$stderr" == *"refused by rule 'pusher'"* ]]
  TIER_PUSHER=helpdesk@example.edu run -0 tier -C b ingest <g2.eml
  [[ "$output" == "$ID" ]]
}
