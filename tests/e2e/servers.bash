# Real git servers on loopback, for the end-to-end tests of a shared store
# (`load helpers`, then `load servers`). Each file starts one server in its
# setup_file and stops it in its teardown_file, on 127.0.0.1 and a free port:
#
#   start_ssh_server    an sshd of its own (config, host key, pid file,
#                       authorized_keys under a directory of the file's);
#                       the git user `tier-git` has git-shell as its login
#                       shell, and the key that logs in names the agent:
#                       its authorized_keys line sets GL_USER.
#   start_http_server   apache2 of its own (config, pid file, logs, modules
#                       by full path) with git-http-backend behind basic
#                       auth, one user and password an agent: apache puts
#                       the user in REMOTE_USER.
#
# Either way the git server runs git, and so `tier hook pre-receive`, as a
# user of its own (tier-git, or apache's www-data): each test's bare
# repository is owned by that user, and the server side lives under a
# directory of the file's in /tmp, mode 755 (bats' own are 700), with a copy
# of the tier binary and of the leak suppressions there. Both servers need
# root (a system user, apache's switch to www-data); as another user every
# test is skipped, saying why.
#
# remote_team then gives each test the team of helpers.bash's
# new_hooked_team, talking to that server: a (alice) and b (carol), each
# clone with its agent's key or password, a ticket $ID created by alice,
# and server.pusher_env set by the admin to the server's variable.

# The agents the servers know: a's and b's.
SERVER_AGENTS=(alice@example.edu carol@example.edu)

# A free TCP port on 127.0.0.1 (the kernel's choice; a server that then
# cannot bind it is started again on another).
free_port() {
  python3 -c '
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
'
}

# Sets up the server side shared by both kinds: $SERVERS_DIR with the tier
# binary the hooks run ($SERVER_TIER), the repositories' directory, and
# the sanitizers' options for the hooks ($SERVER_SANITIZER_ENV, NAME=VALUE
# words). Skips the file's tests unless run as root.
servers_prepare() {
  SERVERS_SKIP=""
  if [[ "$(id -u)" != 0 ]]; then
    export SERVERS_SKIP="the git servers need root (a system user for sshd, apache's switch to www-data)"
    return 0
  fi
  SERVERS_DIR="$(mktemp -d /tmp/tier-e2e-servers.XXXXXX)" || return 1
  export SERVERS_DIR
  chmod 755 "$SERVERS_DIR"
  mkdir -p "$SERVERS_DIR/bin" "$SERVERS_DIR/repos" "$SERVERS_DIR/run" || return 1
  # The server's users may not reach the build tree (a checkout under /root).
  cp "$TIER_BIN" "$SERVERS_DIR/bin/tier" && chmod 755 "$SERVERS_DIR/bin/tier" || return 1
  export SERVER_TIER="$SERVERS_DIR/bin/tier"
  cp "$BATS_TEST_DIRNAME/lsan.supp" "$SERVERS_DIR/lsan.supp" && chmod 644 "$SERVERS_DIR/lsan.supp" || return 1
  # The hooks of a sanitizer build abort on a leak as the commands do, with
  # the same suppressions: the servers hand these to them.
  SERVER_SANITIZER_ENV="LSAN_OPTIONS=suppressions=$SERVERS_DIR/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
  [[ -z "${ASAN_OPTIONS:-}" ]] || SERVER_SANITIZER_ENV+=" ASAN_OPTIONS=$ASAN_OPTIONS"
  [[ -z "${UBSAN_OPTIONS:-}" ]] || SERVER_SANITIZER_ENV+=" UBSAN_OPTIONS=$UBSAN_OPTIONS"
  export SERVER_SANITIZER_ENV
}

# Starts "$@" in the background, its output to $log, and waits until it is
# ready: its pid file ($pidfile) written and $port accepting connections.
# Sets $SERVER_PID. Fails if it exits first (the port taken) or takes more
# than 10 seconds.
start_daemon() {
  local log="$1" pidfile="$2" port="$3"
  shift 3
  rm -f "$pidfile"
  # Not on bats' descriptors: bats waits for every holder of fd 3.
  "$@" >>"$log" 2>&1 </dev/null 3>&- &
  SERVER_PID=$!
  local tries=0
  while ((tries++ < 200)); do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      wait "$SERVER_PID" 2>/dev/null
      SERVER_PID=""
      return 1
    fi
    if [[ -s "$pidfile" ]] && (: <>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      return 0
    fi
    sleep 0.05
  done
  echo "'$1' is not ready after 10 seconds:" >&2
  cat "$log" >&2
  stop_daemon "$SERVER_PID"
  SERVER_PID=""
  return 1
}

# Stops a server started by start_daemon: TERM, then KILL after 5 seconds.
stop_daemon() {
  local pid="$1" tries=0
  [[ -n "$pid" ]] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null && ((tries++ < 100)); do sleep 0.05; done
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  return 0
}

# Starts the server with start_<kind>_once on a free port, trying again on
# another when the port was taken between free_port and the server's bind.
start_on_free_port() {
  local kind="$1" attempt
  for ((attempt = 1; attempt <= 5; attempt++)); do
    SERVER_PORT="$(free_port)" || return 1
    if "start_${kind}_once"; then
      export SERVER_PORT SERVER_PID
      return 0
    fi
  done
  echo "cannot start the $kind server; its log:" >&2
  cat "$SERVERS_DIR/$kind.log" >&2
  return 1
}

# ---- ssh

SSH_GIT_USER=tier-git

# The git user of the ssh server: git-shell as its login shell, and no
# password. Without PAM, sshd refuses a locked account ('!' in shadow);
# '*' is an account without a password, not a locked one.
ensure_ssh_git_user() {
  if ! getent passwd "$SSH_GIT_USER" >/dev/null; then
    useradd --system --user-group --home-dir "/var/lib/$SSH_GIT_USER" --shell /usr/bin/git-shell "$SSH_GIT_USER" ||
      return 1
  fi
  install -d -o "$SSH_GIT_USER" -g "$SSH_GIT_USER" -m 755 "/var/lib/$SSH_GIT_USER" &&
    usermod -p '*' "$SSH_GIT_USER"
}

start_ssh_once() {
  local dir="$SERVERS_DIR/ssh"
  cat >"$dir/sshd_config" <<EOF
ListenAddress 127.0.0.1
Port $SERVER_PORT
HostKey $dir/host_ed25519
PidFile $dir/sshd.pid
AuthorizedKeysFile $dir/authorized_keys
AllowUsers $SSH_GIT_USER
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PermitRootLogin no
PermitUserEnvironment GL_USER
# Without the post-quantum exchange a login costs a third less.
KexAlgorithms curve25519-sha256
SetEnv $SERVER_SANITIZER_ENV
LogLevel VERBOSE
EOF
  echo "[127.0.0.1]:$SERVER_PORT $(cat "$dir/host_ed25519.pub")" >"$dir/known_hosts"
  start_daemon "$SERVERS_DIR/ssh.log" "$dir/sshd.pid" "$SERVER_PORT" /usr/sbin/sshd -D -e -f "$dir/sshd_config"
}

# Starts the ssh server; for setup_file. The key of each agent in
# $SERVERS_DIR/ssh/keys/<agent>, and one the server does not know in
# $SERVERS_DIR/ssh/keys/stranger.
start_ssh_server() {
  servers_prepare || return 1
  [[ -z "$SERVERS_SKIP" ]] || return 0
  export SERVER_KIND=ssh SERVER_USER="$SSH_GIT_USER" SERVER_PUSHER_ENV=GL_USER
  ensure_ssh_git_user || return 1
  local dir="$SERVERS_DIR/ssh" agent
  mkdir -p "$dir/keys" /run/sshd && chmod 700 "$dir/keys" || return 1
  ssh-keygen -q -t ed25519 -N '' -C "tier e2e host" -f "$dir/host_ed25519" || return 1
  : >"$dir/authorized_keys"
  for agent in "${SERVER_AGENTS[@]}" stranger; do
    ssh-keygen -q -t ed25519 -N '' -C "$agent" -f "$dir/keys/$agent" || return 1
    # The key names its user, as gitolite and GitLab do: git-shell runs with
    # GL_USER set to the user name ("alice"), which [server.pushers] maps to
    # the agent.
    [[ "$agent" == stranger ]] ||
      echo "restrict,environment=\"GL_USER=${agent%%@*}\" $(cat "$dir/keys/$agent.pub")" >>"$dir/authorized_keys"
  done
  start_on_free_port ssh
}

# Points a clone at the test's repository over ssh, with the key of $2
# (an agent, or stranger).
ssh_connect_clone() {
  local clone="$1" key="$SERVERS_DIR/ssh/keys/$2"
  git -C "$clone" remote set-url origin "ssh://$SSH_GIT_USER@127.0.0.1:$SERVER_PORT$SERVER_REPO" &&
    git -C "$clone" config core.sshCommand "ssh -F /dev/null -i $key -o IdentitiesOnly=yes -o BatchMode=yes \
-o UserKnownHostsFile=$SERVERS_DIR/ssh/known_hosts -o StrictHostKeyChecking=yes -o LogLevel=ERROR"
}

# ---- http

HTTP_USER=www-data

# An agent's password on the http server.
http_password() {
  echo "secret-of-${1%%@*}"
}

start_http_once() {
  local dir="$SERVERS_DIR/http" modules=/usr/lib/apache2/modules name
  {
    cat <<EOF
ServerRoot $dir
ServerName 127.0.0.1
Listen 127.0.0.1:$SERVER_PORT
PidFile $dir/httpd.pid
ErrorLog $dir/error.log
LogLevel warn
DefaultRuntimeDir $SERVERS_DIR/run
Mutex file:$SERVERS_DIR/run default
User $HTTP_USER
Group $HTTP_USER
EOF
    for name in mpm_prefork authz_core authn_core authn_file auth_basic authz_user alias env cgi; do
      echo "LoadModule ${name}_module $modules/mod_$name.so"
    done
    cat <<EOF
StartServers 2
MinSpareServers 2
MaxSpareServers 4
MaxRequestWorkers 8
DocumentRoot $dir/empty
SetEnv GIT_PROJECT_ROOT $SERVERS_DIR/repos
SetEnv GIT_HTTP_EXPORT_ALL 1
EOF
    local pair
    for pair in $SERVER_SANITIZER_ENV; do
      echo "SetEnv ${pair%%=*} ${pair#*=}"
    done
    cat <<EOF
ScriptAlias /git/ /usr/lib/git-core/git-http-backend/
<Location /git/>
  AuthType Basic
  AuthName "tier"
  AuthBasicProvider file
  AuthUserFile $dir/htpasswd
  Require valid-user
</Location>
EOF
  } >"$dir/apache2.conf"
  # In a session of its own: on its way out apache signals its whole
  # process group, which would otherwise be bats and whatever runs it.
  start_daemon "$SERVERS_DIR/http.log" "$dir/httpd.pid" "$SERVER_PORT" \
    setsid /usr/sbin/apache2 -f "$dir/apache2.conf" -DFOREGROUND
}

# Starts the http server; for setup_file.
start_http_server() {
  servers_prepare || return 1
  [[ -z "$SERVERS_SKIP" ]] || return 0
  export SERVER_KIND=http SERVER_USER="$HTTP_USER" SERVER_PUSHER_ENV=REMOTE_USER
  local dir="$SERVERS_DIR/http" agent
  mkdir -p "$dir/empty" || return 1
  : >"$dir/htpasswd"
  for agent in "${SERVER_AGENTS[@]}"; do
    htpasswd -b -m "$dir/htpasswd" "$agent" "$(http_password "$agent")" 2>/dev/null || return 1
  done
  chmod 644 "$dir/htpasswd"
  start_on_free_port http
}

# Points a clone at the test's repository over http, logging in as $2 with
# password $3 (by default the agent's own). The password comes from a
# credential helper; git never prompts (GIT_TERMINAL_PROMPT=0).
http_connect_clone() {
  local clone="$1" agent="$2" password="${3:-$(http_password "$2")}"
  git -C "$clone" remote set-url origin "http://127.0.0.1:$SERVER_PORT/git/${SERVER_REPO##*/}" &&
    git -C "$clone" config credential.helper \
      "!f() { test \"\$1\" = get && printf 'username=%s\\npassword=%s\\n' '$agent' '$password'; }; f"
}

# ---- both

# Points a clone at the test's repository with the credential of agent $2
# (its key, or its password).
connect_clone() {
  "${SERVER_KIND}_connect_clone" "$1" "$2"
}

# Gives a clone a credential the server refuses: a key it does not know,
# or alice's name with a wrong password.
connect_clone_refused() {
  case "$SERVER_KIND" in
  ssh) ssh_connect_clone "$1" stranger ;;
  http) http_connect_clone "$1" alice@example.edu not-her-password ;;
  esac
}

# Stops the file's server and removes its directory; for teardown_file.
stop_server() {
  stop_daemon "${SERVER_PID:-}"
  if [[ -n "${SERVERS_DIR:-}" && -d "$SERVERS_DIR" ]]; then
    rm -rf "$SERVERS_DIR"
  fi
}

# The isolation of tier_setup, plus what the servers' clients need: no
# prompt for a password, no ssh or askpass program from the environment,
# and the agent of each clone from its git config (a is alice, b carol).
servers_setup() {
  [[ -z "${SERVERS_SKIP:-}" ]] || skip "$SERVERS_SKIP"
  tier_setup || return 1
  export GIT_TERMINAL_PROMPT=0
  unset TIER_AGENT GIT_SSH GIT_SSH_COMMAND GIT_SSH_VARIANT GIT_ASKPASS SSH_ASKPASS
}

# The story every test starts from, made once per file over plain paths
# (new_hooked_team_cached): the clones' agents in their git config, a
# ticket created by alice, and the admin's commit that names the server's
# pusher variable. Prints the ticket's id.
remote_story() {
  git -C a config user.name "Alice Adams" && git -C a config user.email alice@example.edu || return 1
  git -C b config user.name "Carol Chen" && git -C b config user.email carol@example.edu || return 1
  local id
  id="$(tier -C a create --title "Printer jams" --email dana.ruiz@milne.example.edu)" || return 1
  sed -i "s/^pusher_env = \"\"/pusher_env = \"$SERVER_PUSHER_ENV\"/" a/.tier/config.toml
  # Over ssh the server names users, not addresses: each maps to its agent.
  if [[ "$SERVER_KIND" == ssh ]]; then
    local agent
    for agent in "${SERVER_AGENTS[@]}"; do
      sed -i "/^\[server.pushers\]/a ${agent%%@*} = \"$agent\"" a/.tier/config.toml
    done
  fi
  git -C a add .tier/config.toml &&
    git -C a -c user.name="IT Admin" -c user.email=it-admin@example.edu commit -q -m "the server knows its pusher" &&
    git -C a push -q origin main || return 1
  tier -C b -q sync || return 1
  echo "$id"
}

# The team of a test, served by the file's server: server.git (a link to
# the repository the server serves, owned by the server's user, its hooks
# running $SERVER_TIER), a and b with their agents' credentials. Sets $ID
# (alice's ticket), $FILE (its path) and $SERVER_REPO.
remote_team() {
  new_hooked_team_cached remote_story || return 1
  ID="$(cat prepared)"
  FILE="$(ticket_file "$ID")"
  SERVER_REPO="$SERVERS_DIR/repos/t$BATS_TEST_NUMBER.git"
  rm -rf "$SERVER_REPO"
  mv "$BATS_TEST_TMPDIR/server.git" "$SERVER_REPO" && ln -s "$SERVER_REPO" "$BATS_TEST_TMPDIR/server.git" || return 1
  "$SERVER_TIER" -C "$SERVER_REPO" -q hooks install --server || return 1
  chown -R "$SERVER_USER:$SERVER_USER" "$SERVER_REPO" || return 1
  # The tests look at the server's repository as root: git and libgit2
  # trust another user's repository only when named (libgit2 1.5 takes no '*').
  git config --global --add safe.directory "$SERVER_REPO" || return 1
  connect_clone a alice@example.edu && connect_clone b carol@example.edu
}

# The server's main.
server_main() {
  git -C "$BATS_TEST_TMPDIR/server.git" rev-parse main
}

# Fails unless a, b and the server have the same commit on main.
expect_all_same() {
  local server
  server="$(server_main)" || return 1
  [[ "$(git -C "$BATS_TEST_TMPDIR/a" rev-parse HEAD)" == "$server" ]] &&
    [[ "$(git -C "$BATS_TEST_TMPDIR/b" rev-parse HEAD)" == "$server" ]]
}

# Now, as a log entry's time, with milliseconds (never before tier's own
# entries of the same second).
now_stamp() {
  date -u +%Y-%m-%dT%H:%M:%S.%3NZ
}

# The agents whose claims count (not void) in the server's copy of a
# ticket, one a line.
server_claims() {
  git -C "$BATS_TEST_TMPDIR/server.git" show "main:$(ticket_file "$1")" | awk '
    /^\[\[log\]\]$/ { if (claim && !void) print by; claim = 0; void = 0; by = ""; next }
    /^event = "claim"$/ { claim = 1 }
    /^void = / { void = 1 }
    /^by = / { by = $3 }
    END { if (claim && !void) print by }'
}
