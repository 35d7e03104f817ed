#!/usr/bin/env bats
# Attachments: files an agent attaches to a comment or a note, stored once
# in the store (attachments/XX/ID, named by their content), carried by sync,
# listed by show, written out by `tier attachment`, and checked by the
# server like everything else.

load helpers

one_ticket() {
  TIER_NOW=2026-11-23T10:00:00Z tier -C a create --title "Printer jams" --email dana.ruiz@milne.example.edu
}

setup() {
  tier_setup
  new_hooked_team_cached one_ticket
  ID="$(cat prepared)"
  FILE="$(ticket_file "$ID")"
  export TIER_NOW=2026-11-23T10:00:00Z
  head -c 3000 /dev/urandom >shot.png
  printf 'line one\nline two\n' >event.log
}

@test "a note with two files: stored once each, listed, written out byte for byte, shared" {
  run -0 --separate-stderr tier -C a comment "$ID" --private -m "See the screen" --attach shot.png --attach event.log
  local id
  id="$(git hash-object shot.png)"
  [[ "$(git -C a show "HEAD:attachments/${id:0:2}/$id" | cmp - shot.png && echo same)" == same ]]
  run -0 git -C a show "HEAD:$FILE"
  [[ "$output" == *"attachments = [{ name = \"shot.png\", type = \"image/png\", size = 3000, id = \"$id\" }, { name = \"event.log\", type = \"text/plain\", size = 18, id = \"$(git hash-object event.log)\" }]"* ]]
  run -0 tier -C a show "$ID"
  [[ "$output" == *"    [attachment] shot.png  image/png, 2.9 KiB"* ]]
  [[ "$output" == *"    [attachment] event.log  text/plain, 18 bytes"* ]]
  # The server took it; b gets it with a sync and writes it out.
  [[ "$(git -C server.git rev-parse main)" == "$(git -C a rev-parse HEAD)" ]]
  tier -C b sync
  mkdir out
  run -0 tier -C b attachment "$ID" -o out
  expect_output <<'EOF2'
out/shot.png
out/event.log
EOF2
  cmp out/shot.png shot.png
  cmp out/event.log event.log
  run -0 tier -C b attachment "$ID" event.log -o -
  [[ "$output" == $'line one\nline two' ]]
  run -4 --separate-stderr tier -C b attachment "$ID" shot.png -o out/shot.png
  [[ "$stderr" == "tier: error: 'out/shot.png' exists"* ]]
  run -3 --separate-stderr tier -C b attachment "$ID" nothing.txt
  [[ "$stderr" == "tier: error: '$ID' has no attachment 'nothing.txt'" ]]
  # The same file attached again is stored once.
  tier -C a comment "$ID" --private -m "Again" --attach shot.png
  [[ "$(git -C a ls-tree -r --name-only HEAD attachments | wc -l)" == 2 ]]
}

@test "an attachment over [limits] attachment is refused, unread" {
  sed -i 's/^attachment = "10M"/attachment = "1K"/' a/.tier/config.toml
  git -C a add .tier/config.toml
  git -C a -c user.email=it-admin@example.edu commit -q -m "small attachments"
  git -C a push -q origin main
  local head
  head="$(git -C a rev-parse HEAD)"
  run -5 --separate-stderr tier -C a comment "$ID" --private -m "big" --attach shot.png
  [[ "$stderr" == "tier: error: refused by rule 'valid-values': the attachment 'shot.png' is 3000 bytes, over the limit of 1024"* ]]
  [[ "$(git -C a rev-parse HEAD)" == "$head" ]]
}

@test "a raw push of a file no entry names, or of an entry naming a missing file: refused by rule attachment" {
  local server_before id
  server_before="$(git -C server.git rev-parse main)"
  id="$(git hash-object shot.png)"
  mkdir -p "a/attachments/${id:0:2}"
  cp shot.png "a/attachments/${id:0:2}/$id"
  git -C a add -A
  git -C a commit -q --no-verify -m "a stray file"
  run --separate-stderr git -C a push --no-verify origin main
  [[ "$status" != 0 ]]
  [[ "$stderr" == *"attachments/${id:0:2}/$id: refused by rule 'attachment': no new entry of the commit names the attachment '$id'"* ]]
  [[ "$(git -C server.git rev-parse main)" == "$server_before" ]]
  # The same file under another name than its content's id.
  git -C a reset -q --hard origin/main
  mkdir -p a/attachments/ab
  cp shot.png a/attachments/ab/abababababababababababababababababababab
  git -C a add -A
  git -C a commit -q --no-verify -m "a misnamed file"
  run --separate-stderr git -C a push --no-verify origin main
  [[ "$stderr" == *"refused by rule 'id-path': an attachment's file is named by its content's id"* ]]
  [[ "$(git -C server.git rev-parse main)" == "$server_before" ]]
}
