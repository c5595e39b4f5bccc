#!/usr/bin/env bash
# Fresh-clone check: the README's quick start as a new user would run it, from a private folder.
#
# For root, and for a non-root user (a throwaway one made here when run as root; else yourself):
#   git clone <this repo's committed HEAD> into a new `mktemp -d` folder (mode 0700)
#   npm ci                  (runs the approved install scripts, and `prepare` = build)
#   npm start               -> /health/ready = 200
#   kill -9 the app, npm start again -> 200 (restart after a crash), then SIGTERM -> exit 0
#   npx jest test/test-database.e2e-spec.ts   (the embedded test database, from there)
# TESTS="<jest files>" runs those specs instead; FULL=1 runs the whole `npm test` in each clone.
#
# Everything made here is removed on exit, whatever happens: the clones, the throwaway user,
# the processes started (postmasters are found by their `-D <our folder>`, never by name), and
# what the runs left under /var/lib/bazaar (where root's embedded clusters go when DATA_DIR is
# private), unless it was there before.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
BASE=/var/lib/bazaar
START=$SECONDS
WORK="$(mktemp -d)"
LOG="$WORK/log"
THROWAWAY=""
NODEDIR=""
OURS=("$WORK") # folders whose postmasters and clusters are ours to remove
had_base=false
[ -e "$BASE" ] && had_base=true
had_pg=false
[ -e "$BASE/postgresql" ] && had_pg=true

say() { printf '[fresh-clone %4ss] %s\n' "$((SECONDS - START))" "$*"; }

ours() {
  local path=$1 dir
  for dir in "${OURS[@]}"; do case "$path" in "$dir"/*) return 0 ;; esac; done
  return 1
}

# Pids of postmasters running on a cluster in one of our folders, or relocated for one of them.
our_postmasters() {
  local pid bin flag dir rest
  ps -eo pid=,args= | while read -r pid bin flag dir rest; do
    [ "$flag" = -D ] || continue
    if ours "$dir" || { [ -f "$(dirname "$dir")/data-dir" ] && ours "$(cat "$(dirname "$dir")/data-dir")"; }; then
      echo "$pid"
    fi
  done
}

stop_pid() {
  local pid=$1 i
  kill -INT "$pid" 2>/dev/null || return 0
  for i in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
  local status=$? pid home
  set +e
  for pid in $(jobs -p); do kill -KILL "$pid" 2>/dev/null; done
  for pid in $(our_postmasters); do stop_pid "$pid"; done
  for home in "$BASE"/clusters/*/; do
    [ -f "$home/data-dir" ] && ours "$(cat "$home/data-dir")" && rm -rf "$home"
  done
  if [ -n "$THROWAWAY" ]; then
    say "removing user $THROWAWAY"
    for pid in $(ps -u "$THROWAWAY" -o pid= 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
    userdel -r "$THROWAWAY" 2>/dev/null
  fi
  say "removing the clones"
  rm -rf "${OURS[@]}"
  $had_pg || rm -rf "$BASE/postgresql"
  $had_base || rm -rf "$BASE"
  say "cleaned up (exit $status)"
  exit "$status"
}
trap cleanup EXIT

free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }

# Runs a command line in `dir` as `user`, with TMPDIR in our folders (so whatever the tests leave is ours).
as_user() {
  local user=$1 dir=$2 cmd=$3
  if [ "$user" = "$(id -un)" ]; then
    (cd "$dir" && TMPDIR="$TMP_OF_USER" bash -c "$cmd")
  else
    local home
    home="$(getent passwd "$user" | cut -d: -f6)"
    runuser -u "$user" -- env -i HOME="$home" PATH="$PATH" LANG="${LANG:-C.UTF-8}" CI="${CI:-}" \
      TMPDIR="$TMP_OF_USER" npm_config_cache="$home/.npm" ${NODEDIR:+npm_config_nodedir="$NODEDIR"} \
      bash -c "cd '$dir' && $cmd"
  fi
}

# `npm start` in the background; sets NPM_PID, and APP_PID (the app's own pid, from its log) once ready.
start_app() {
  local user=$1 dir=$2 port=$3 i
  : >"$LOG"
  as_user "$user" "$dir" "PORT=$port HOST=127.0.0.1 exec npm start" >>"$LOG" 2>&1 &
  NPM_PID=$!
  for i in $(seq 1 900); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready")" = 200 ]; then
      APP_PID="$(grep -o '"pid":[0-9]*' "$LOG" | head -1 | cut -d: -f2)"
      return 0
    fi
    kill -0 "$NPM_PID" 2>/dev/null || { say "npm start exited before /health/ready was 200:"; tail -20 "$LOG"; return 1; }
    sleep 0.2
  done
  say "/health/ready was not 200 after 180 s:"
  tail -20 "$LOG"
  return 1
}

check() {
  local user=$1 t0=$SECONDS parent
  if [ "$user" = root ]; then
    parent="$(mktemp -d "$WORK/root-XXXXXX")"
    # Root's temp dirs where any user can traverse, as /tmp (the clone itself stays private).
    TMP_OF_USER="$WORK/tmp"
    mkdir -m 1777 "$TMP_OF_USER"
  else
    parent="$(runuser -u "$user" -- mktemp -d)"
    OURS+=("$parent")
    chown -R "$user:" "$SOURCE" # git refuses to read a repository another user owns
    TMP_OF_USER="$parent/tmp"
    runuser -u "$user" -- mkdir "$TMP_OF_USER"
  fi
  local dir="$parent/bazaar"
  say "$user: git clone into $parent (mode $(stat -c %a "$parent"))"
  as_user "$user" "$parent" "git clone --quiet --no-local '$SOURCE' '$dir'"
  say "$user: npm ci"
  as_user "$user" "$dir" 'npm ci --no-audit --no-fund --prefer-offline' >"$LOG" 2>&1 || { tail -30 "$LOG"; return 1; }

  say "$user: npm start"
  start_app "$user" "$dir" "$(free_port)"
  grep -o 'embedded PostgreSQL running[^"]*' "$LOG" | sed "s/^/[fresh-clone] $user: /"
  say "$user: ready (app pid $APP_PID); kill -9 it, then npm start again"
  kill -KILL "$APP_PID"
  wait "$NPM_PID" 2>/dev/null || true
  start_app "$user" "$dir" "$(free_port)"
  grep -q 'stopped the embedded PostgreSQL' "$LOG" || { say "the restart did not stop the orphan:"; tail -20 "$LOG"; return 1; }
  say "$user: ready again after the crash; SIGTERM"
  kill -TERM "$APP_PID"
  wait "$NPM_PID" || { say "npm start did not exit 0 on SIGTERM:"; tail -20 "$LOG"; return 1; }
  grep -q 'stopped cleanly' "$LOG" || { say "no clean stop:"; tail -20 "$LOG"; return 1; }

  local tests="npx jest ${TESTS:-test/test-database.e2e-spec.ts}"
  [ "${FULL:-}" = 1 ] && tests='npm test'
  say "$user: $tests"
  as_user "$user" "$dir" "$tests" >"$LOG" 2>&1 || { tail -60 "$LOG"; return 1; }
  grep -E '^Tests:' "$LOG" | sed "s/^/[fresh-clone] $user: /"
  say "$user: passed in $((SECONDS - t0)) s"
}

if [ -n "$(git -C "$REPO" status --porcelain --untracked-files=no)" ]; then
  say "note: uncommitted changes are not checked (this clones HEAD $(git -C "$REPO" rev-parse --short HEAD))"
fi
# A bare copy of HEAD that any user can clone (the repo itself may sit in a private folder).
chmod 0711 "$WORK"
SOURCE="$WORK/source.git"
git clone --quiet --bare --no-local "$REPO" "$SOURCE"
chmod -R a+rX "$SOURCE"

if [ "$(id -u)" = 0 ]; then
  check root
  THROWAWAY="bzcheck$$"
  useradd --create-home --shell /bin/bash "$THROWAWAY"
  # Its own npm cache, seeded from root's, so `npm ci` needs no downloads.
  home="$(getent passwd "$THROWAWAY" | cut -d: -f6)"
  # Where this machine's npm finds Node's headers for native builds (argon2), when it is set.
  NODEDIR="$(npm config get nodedir 2>/dev/null)"
  case "$NODEDIR" in undefined | null) NODEDIR="" ;; esac
  root_cache="$(npm config get cache)"
  if [ -d "$root_cache/_cacache" ]; then
    mkdir -p "$home/.npm" && cp -a "$root_cache/_cacache" "$home/.npm/" && chown -R "$THROWAWAY:" "$home/.npm"
  fi
  check "$THROWAWAY"
else
  check "$(id -un)"
fi
say "fresh-clone check passed in $((SECONDS - START)) s"
