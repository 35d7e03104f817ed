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
