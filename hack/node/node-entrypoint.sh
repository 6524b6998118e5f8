#!/bin/bash
# The entrypoint of the node image (hack/node-image.sh): the whole one-node cluster of hack/cluster.sh as
# processes in one privileged container, behind the k3s container contract that testcontainers' K3sContainer
# relies on. It is upstream Kubernetes, not k3s:
#   - accepts `server [--tls-san=NAME]... [other k3s flags, ignored]` (`agent` is refused);
#   - writes /etc/rancher/k3s/k3s.yaml as k3s does (certificates inline, context `default`, server
#     https://127.0.0.1:6443), the API server certificate naming every --tls-san;
#   - logs `Node controller sync successful` once the node is Ready (K3sContainer waits for that line);
#   - imports pause and CoreDNS (/opt/hypershift-java/images) and /images/*.tar (bind-mount more there) into
#     containerd before the kubelet starts; CoreDNS runs as kube-system/kube-dns at 10.96.0.10.
# State lives in /var/lib/hypershift-java-node, a volume: containerd's overlayfs snapshots cannot live on the
# container's own overlay root ("invalid argument"). On SIGTERM (docker stop) it stops the node cleanly and
# removes its cgroups; after SIGKILL (docker kill, testcontainers) the next node container removes the empty
# cgroup directories left on the host. Like the process cluster it saves and restores the host's
# vm.overcommit_memory, kernel.panic and kernel.panic_on_oops around the kubelet's start.
set -euo pipefail
H=/opt/hypershift-java
S="${NODE_STATE:-/var/lib/hypershift-java-node}"
CP_BIN="$H/bin"
NODE_BIN="$H/bin"
NODE_DIR="$H/node"
IMAGE_DIR="$H/images"
RUNC="$H/node/runc-nosysres"
NODE_RUN=()
log() { echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) hypershift-java-node: $*"; }
# shellcheck source=node-lib.sh
. "$NODE_DIR/node-lib.sh"

case "${1:-server}" in
  server) [ $# -gt 0 ] && shift ;;
  *) log "only 'server' is supported, not '$1'"; exit 2 ;;
esac
EXTRA_SANS=""
for a in "$@"; do
  case "$a" in
    --tls-san=*) san="${a#--tls-san=}"
      case "$san" in *[!0-9.]*) EXTRA_SANS+="${EXTRA_SANS:+,}DNS:$san" ;; *) EXTRA_SANS+="${EXTRA_SANS:+,}IP:$san" ;; esac ;;
    *) log "ignoring k3s flag $a" ;;
  esac
done
T0=$(date +%s%N)
NODE_IP="$(ip -4 -o addr show eth0 2>/dev/null | awk '{print $4}' | cut -d/ -f1 | head -n 1)"
[ -n "$NODE_IP" ] || NODE_IP="$(hostname -i | awk '{print $1}')"
NODE_NAME="$(hostname | tr '[:upper:]' '[:lower:]')"
CGROUP_ROOT="/hypershift-java-node-$NODE_NAME"
log "node $NODE_NAME at $NODE_IP (Kubernetes $("$NODE_BIN/kubelet" --version | awk '{print $2}'), API server SANs: ${EXTRA_SANS:-none extra})"

# empty cgroup roots of node containers that were killed (a live node's cgroups hold processes and stay)
node_cgroup_cleanup $(cd /sys/fs/cgroup/memory && ls -d hypershift-java-node-* 2>/dev/null || true)
node_certs
node_render
sysctl -qw net.ipv4.ip_forward=1 net.bridge.bridge-nf-call-iptables=1 || log "could not set the forwarding sysctls"
ip link add hsj-svc type bridge && ip link set hsj-svc up && ip route add "$SERVICE_CIDR" dev hsj-svc

stopping=false
shutdown() { $stopping && return; stopping=true; log "stopping"; node_stop >/dev/null 2>&1 || true; log "stopped"; exit "${1:-0}"; }
trap 'shutdown 0' TERM INT

node_start /images/*.tar

mkdir -p /etc/rancher/k3s
b64() { base64 -w0 < "$1"; }
cat > /etc/rancher/k3s/k3s.yaml.tmp <<KC
apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: $(b64 "$S/pki/ca.crt")
    server: https://127.0.0.1:6443
  name: default
contexts:
- context:
    cluster: default
    user: default
  name: default
current-context: default
preferences: {}
users:
- name: default
  user:
    client-certificate-data: $(b64 "$S/pki/admin.crt")
    client-key-data: $(b64 "$S/pki/admin.key")
KC
chmod 600 /etc/rancher/k3s/k3s.yaml.tmp
mv /etc/rancher/k3s/k3s.yaml.tmp /etc/rancher/k3s/k3s.yaml
log "ready after $(node_elapsed)"
log "Node controller sync successful"

# Runs until a component dies (then stops the rest and fails) or docker stops the container.
set +e
wait -n
log "a component exited; logs in $S/logs"
shutdown 1
