#!/usr/bin/env bats
# The shared-store story over smart http: a real apache2 on loopback with
# git-http-backend behind basic auth, one user and password an agent, the
# login in REMOTE_USER (the server's pusher_env). Two clones sync, a claim
# race has one winner, a forged plain push and an entry in another agent's
# name are refused, and a wrong password is a refused push (servers.bash,
# remote.bash).

load helpers
load servers
load remote

setup_file() {
  start_http_server
}

teardown_file() {
  stop_server
}

setup() {
  servers_setup
  remote_team
}

@test "http: a ticket created in a reaches b by tier sync, b's note reaches a; the server equals both" {
  case_two_clones_sync
}

@test "http: two clones claim one ticket at once: one wins, the other exits 4 naming the winner" {
  case_claim_race
}

@test "http: a forged plain git push is refused by rule replay, the server's main unchanged" {
  case_forged_push
}

@test "http: an entry in another agent's name is refused by rule pusher; with that agent's password it is accepted" {
  case_entry_in_another_name
}

@test "http: a wrong password: tier claim exits 7, nothing claimed, the commit kept aside" {
  case_refused_login
}
