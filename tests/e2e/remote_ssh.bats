#!/usr/bin/env bats
# The shared-store story over ssh: a real sshd on loopback, its git user
# running git-shell, each agent's key naming the agent (GL_USER, the
# server's pusher_env). Two clones sync, a claim race has one winner, a
# forged plain push and an entry in another agent's name are refused, and a
# key the server does not know is a refused push (servers.bash, remote.bash).

load helpers
load servers
load remote

setup_file() {
  start_ssh_server
}

teardown_file() {
  stop_server
}

setup() {
  servers_setup
  remote_team
}

@test "ssh: a ticket created in a reaches b by tier sync, b's note reaches a; the server equals both" {
  case_two_clones_sync
}

@test "ssh: two clones claim one ticket at once: one wins, the other exits 4 naming the winner" {
  case_claim_race
}

@test "ssh: a forged plain git push is refused by rule replay, the server's main unchanged" {
  case_forged_push
}

@test "ssh: an entry in another agent's name is refused by rule pusher; with that agent's key it is accepted" {
  case_entry_in_another_name
}

@test "ssh: a key the server does not know: tier claim exits 7, nothing claimed, the commit kept aside" {
  case_refused_login
}
