#!/usr/bin/env bash
# Starts or stops a Docker engine for the image tests, where no systemd runs (CI, this project's machines).
#
#   hack/dockerd.sh start   # exit 0 once `docker version` answers (an engine already running is reused)
#   hack/dockerd.sh stop    # stops only an engine this script started
#
# Needs root and Debian's docker.io (hack/install-packages.sh installs it). Nothing is ever pulled: the tests load
# image tars. The engine's log and pid file live in ${DOCKERD_STATE:-/tmp/hypershift-java-dockerd}.
# Its default runtime is hypershift-runc, a copy of hack/node/runc-nosysres in that directory: this machine's
# capability bounding set lacks CAP_SYS_RESOURCE, so a privileged container (the node image of
# hack/node-image.sh, K3sContainer) fails with plain runc. A reused engine without that default runtime is
# warned about: it runs ordinary containers, but not the node image.
set -euo pipefail
STATE="${DOCKERD_STATE:-/tmp/hypershift-java-dockerd}"
PIDFILE="$STATE/dockerd.pid"
log() { echo "dockerd.sh: $*" >&2; }
answers() { timeout 10 docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }
RUNTIME=hypershift-runc
WRAPPER="$STATE/runc-nosysres"

case "${1:-}" in
  start)
    if answers; then
      runtime="$(timeout 10 docker info --format '{{.DefaultRuntime}}' 2>/dev/null || true)"
      log "a Docker engine already answers (default runtime ${runtime:-unknown})"
      [ "$runtime" = "$RUNTIME" ] || log "WARNING: its default runtime is not $RUNTIME: privileged containers (the node image) will fail with 'unable to apply caps'; restart it with --add-runtime $RUNTIME=<hack/node/runc-nosysres> --default-runtime $RUNTIME"
      exit 0
    fi
    command -v dockerd >/dev/null || { log "no dockerd (apt-get install docker.io)"; exit 1; }
    [ "$(id -u)" -eq 0 ] || { log "dockerd needs root"; exit 1; }
    mkdir -p "$STATE"
    install -m 755 "$(dirname "$0")/node/runc-nosysres" "$WRAPPER"
    dockerd --add-runtime "$RUNTIME=$WRAPPER" --default-runtime "$RUNTIME" </dev/null >"$STATE/dockerd.log" 2>&1 &
    echo $! >"$PIDFILE"
    for _ in $(seq 1 60); do
      if answers; then log "started (pid $(cat "$PIDFILE"), log $STATE/dockerd.log)"; exit 0; fi
      kill -0 "$(cat "$PIDFILE")" 2>/dev/null || break
      sleep 0.5
    done
    log "dockerd did not answer within 30 s; last lines of its log:"; tail -n 15 "$STATE/dockerd.log" >&2 || true
    "$0" stop || true
    exit 1
    ;;
  stop)
    [ -f "$PIDFILE" ] || exit 0
    pid="$(cat "$PIDFILE")"
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
      log "stopped (pid $pid)"
    fi
    rm -f "$PIDFILE"
    ;;
  *) sed -n '2,12p' "$0"; exit 2 ;;
esac
