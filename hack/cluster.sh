#!/usr/bin/env bash
# A throwaway one-node Kubernetes cluster whose Pods really run, as processes on this machine, offline: upstream
# Kubernetes (hack/kube-apiserver.sh, hack/kube-node.sh) with Debian's containerd, runc and CNI plugins, in a
# network namespace of its own. See docs/throwaway-cluster.md.
#
#   hack/cluster.sh up              # builds missing binaries, starts the cluster, waits until the node is Ready;
#                                   # the last line printed is the path of an admin kubeconfig
#   hack/cluster.sh status          # exit 0 and the kubeconfig path if it runs, 1 if not
#   hack/cluster.sh import TAR...   # imports image tars into the node's containerd (nothing can be pulled)
#   hack/cluster.sh down [--wipe]   # stops everything and leaves nothing behind; --wipe also deletes the state
#
# State (certificates, etcd data, logs/, pid files) lives in ${CLUSTER_HOME:-$PWD/_output/cluster}. Needs root,
# containerd, runc, containernetworking-plugins, iproute2, jq, openssl (hack/install-packages.sh), Go and gcc.
# IMAGES="a.tar b.tar" imports more image tars at `up`.
#
# Network: netns hypershift-java, veth hsj-host 10.201.0.1 (host) <-> hsj-node 10.201.0.2 (node), no default route;
# Pods 10.200.0.0/24 on the CNI bridge cni-hsj; Services 10.96.0.0/12 (kube-proxy iptables, inside the netns only;
# the host's iptables are never touched); kube-dns at 10.96.0.10 when CoreDNS was built. The API server listens
# on https://10.201.0.2:6443, reachable from the host. Pods reach the host as 10.201.0.1.
#
# The kubelet sets vm.overcommit_memory, kernel.panic and kernel.panic_on_oops on the host at start: they are
# saved before it starts and restored once the node is Ready, and again by `down`. Its cgroups live under
# /sys/fs/cgroup/<controller>/hypershift-java-node, which `down` removes.
set -euo pipefail
HACK="$(cd "$(dirname "$0")" && pwd)"
CLUSTER_HOME="${CLUSTER_HOME:-$PWD/_output/cluster}"
S="$CLUSTER_HOME/node"
NETNS=hypershift-java
VETH_HOST=hsj-host
VETH_NODE=hsj-node
HOST_IP=10.201.0.1
NODE_IP=10.201.0.2
NODE_NAME=hypershift-java-node
CGROUP_ROOT=/hypershift-java-node
NODE_DIR="$HACK/node"
RUNC="$CLUSTER_HOME/runc-nosysres"
NODE_RUN=(nsenter "--net=/run/netns/$NETNS")
KUBECONFIG_FILE="$CLUSTER_HOME/kubeconfig"
log() { echo "cluster.sh: $*" >&2; }
# shellcheck source=node/node-lib.sh
. "$NODE_DIR/node-lib.sh"
inns() { "${NODE_RUN[@]}" "$@"; }
running() { [ -f "$S/kube-apiserver.pid" ] && kill -0 "$(cat "$S/kube-apiserver.pid")" 2>/dev/null; }

cmd_up() {
  [ "$(id -u)" -eq 0 ] || { log "needs root"; exit 1; }
  if running; then log "already up"; echo "$KUBECONFIG_FILE"; return 0; fi
  local c
  for c in containerd ctr runc nsenter ip jq openssl sysctl; do
    command -v "$c" >/dev/null || { log "missing $c (hack/install-packages.sh)"; exit 1; }
  done
  [ -x /usr/lib/cni/bridge ] || { log "missing /usr/lib/cni/bridge (apt-get install containernetworking-plugins)"; exit 1; }
  if ip netns list | awk -v n="$NETNS" '$1 == n {f=1} END {exit !f}'; then log "leftovers of an earlier run: cleaning up first"; cmd_down >/dev/null; fi
  CP_BIN="$("$HACK/kube-apiserver.sh" | tail -n 1)"
  NODE_BIN="$("$HACK/kube-node.sh" | tail -n 1)"
  trap 'rc=$?; if [ $rc -ne 0 ]; then log "up failed (exit $rc), logs in $S/logs; stopping what it started"; cmd_down >/dev/null 2>&1 || true; fi' EXIT
  T0=$(date +%s%N)
  mkdir -p "$CLUSTER_HOME"
  install -m 755 "$NODE_DIR/runc-nosysres" "$RUNC"
  node_certs
  node_render

  # `ip netns add` makes /run/netns a mount point when it is none; `down` undoes that (when no netns is left)
  mountpoint -q /run/netns || touch "$S/run-netns-mounted-by-us"
  ip netns add "$NETNS"
  ip link add "$VETH_HOST" type veth peer name "$VETH_NODE"
  ip link set "$VETH_NODE" netns "$NETNS"
  ip addr add "$HOST_IP/24" dev "$VETH_HOST"
  ip link set "$VETH_HOST" up
  inns ip addr add "$NODE_IP/24" dev "$VETH_NODE"
  inns ip link set "$VETH_NODE" up
  inns ip link set lo up
  inns sysctl -qw net.ipv4.ip_forward=1 net.bridge.bridge-nf-call-iptables=1
  # Service IPs need a route for connections made in the node namespace to reach kube-proxy's OUTPUT DNAT:
  # an empty bridge (this kernel has no dummy driver); nothing else is routed, there is no default route.
  inns ip link add hsj-svc type bridge
  inns ip link set hsj-svc up
  inns ip route add "$SERVICE_CIDR" dev hsj-svc

  # shellcheck disable=SC2086
  node_start ${IMAGES:-}
  cp "$S/pki/admin.kubeconfig" "$KUBECONFIG_FILE"
  trap - EXIT
  log "up in $(node_elapsed): kubectl --kubeconfig $KUBECONFIG_FILE (kubectl is $NODE_BIN/kubectl)"
  echo "$KUBECONFIG_FILE"
}

cmd_down() {
  set +e
  node_stop
  ip netns del "$NETNS" 2>/dev/null && log "removed netns $NETNS"
  ip link del "$VETH_HOST" 2>/dev/null
  if [ -f "$S/run-netns-mounted-by-us" ] && [ -z "$(ls -A /run/netns 2>/dev/null)" ]; then
    umount /run/netns && log "unmounted /run/netns (made by ip netns add)"
  fi
  rm -f "$S/run-netns-mounted-by-us"
  rm -f "$KUBECONFIG_FILE"
  if [ "${1:-}" = --wipe ]; then rm -rf "$S" "$RUNC" && log "wiped $S"; fi
  set -e
}

cmd_status() {
  if ! running; then echo "down"; return 1; fi
  echo "up: $NODE_NAME at https://$NODE_IP:6443 (state $CLUSTER_HOME)"
  local f pid
  for f in "$S"/*.pid; do
    pid="$(cat "$f")"
    printf '  %-24s pid %-7s rss %s MiB\n' "$(basename "$f" .pid)" "$pid" "$(( $(ps -o rss= -p "$pid" 2>/dev/null || echo 0) / 1024 ))"
  done
  echo "$KUBECONFIG_FILE"
}

case "${1:-}" in
  up) cmd_up ;;
  down) shift; cmd_down "$@" ;;
  status) cmd_status ;;
  import) shift; running || { log "not up"; exit 1; }; node_import "$@" ;;
  -h|--help) sed -n '2,23p' "$0" ;;
  *) sed -n '2,23p' "$0" >&2; exit 2 ;;
esac
