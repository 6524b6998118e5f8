# The one-node cluster's processes, shared by hack/cluster.sh (on the host, in a network namespace of its own)
# and hack/node/node-entrypoint.sh (in the node image, for testcontainers' K3sContainer). Source it; it runs
# nothing by itself. See docs/throwaway-cluster.md.
#
# The caller sets:
#   S            the node's state directory (pki/, logs/, etcd/, kubelet/, containerd/, cni/, *.pid)
#   NODE_IP      the address the API server and kubelet advertise; NODE_NAME the node's name
#   CP_BIN       the directory of kube-apiserver and etcd (hack/kube-apiserver.sh)
#   NODE_BIN     the directory of kubelet, kube-controller-manager, kube-scheduler, kube-proxy, kubectl
#                (hack/kube-node.sh)
#   IMAGE_DIR    the directory of pause.tar and coredns.tar (optional; default NODE_BIN, as hack/kube-node.sh
#                leaves them)
#   NODE_DIR     the directory of the config templates (hack/node/)
#   RUNC         the runc wrapper containerd runs (a copy of hack/node/runc-nosysres)
#   CGROUP_ROOT  the kubelet's cgroup root, made in every cgroup v1 hierarchy and removed by node_stop
#   NODE_RUN     an array: the command prefix that puts a process in the node's network namespace (may be empty)
#   EXTRA_SANS   optional extra subjectAltNames of the API server certificate (IP:x or DNS:y, comma-separated)
# and defines log().
COREDNS_IP=10.96.0.10
node_images() { echo "${IMAGE_DIR:-$NODE_BIN}"; }
SERVICE_CIDR=10.96.0.0/12

node_kubectl() { "$NODE_BIN/kubectl" --kubeconfig "$S/pki/admin.kubeconfig" "$@"; }
node_ctr() { ctr -a "$S/containerd/containerd.sock" -n k8s.io "$@"; }
node_elapsed() { echo "$(( ($(date +%s%N) - T0) / 1000000 ))ms"; }

# A CA and the serving and client certificates (valid 30 days), and one kubeconfig per client.
node_certs() {
  local p="$S/pki" name
  [ -s "$p/admin.kubeconfig" ] && return 0
  mkdir -p "$p"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$p/ca.key" -out "$p/ca.crt" -days 30 -subj "/CN=hypershift-java-node-ca" 2>/dev/null
  sign() { # name subject [subjectAltNames]
    openssl req -newkey rsa:2048 -nodes -keyout "$p/$1.key" -out "$p/$1.csr" -subj "$2" 2>/dev/null
    if [ -n "${3:-}" ]; then printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth,clientAuth\n' "$3" > "$p/$1.ext"
    else printf 'extendedKeyUsage=clientAuth\n' > "$p/$1.ext"; fi
    openssl x509 -req -in "$p/$1.csr" -CA "$p/ca.crt" -CAkey "$p/ca.key" -CAcreateserial -out "$p/$1.crt" -days 30 \
      -extfile "$p/$1.ext" 2>/dev/null
    rm -f "$p/$1.csr" "$p/$1.ext"
  }
  sign apiserver /CN=kube-apiserver "IP:$NODE_IP,IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local${EXTRA_SANS:+,$EXTRA_SANS}"
  sign admin "/O=system:masters/CN=hypershift-java-admin"
  sign kubelet "/O=system:nodes/CN=system:node:$NODE_NAME"
  sign apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client"
  sign kube-proxy /CN=system:kube-proxy
  openssl genrsa -out "$p/sa.key" 2048 2>/dev/null
  openssl rsa -in "$p/sa.key" -pubout -out "$p/sa.pub" 2>/dev/null
  for name in kubelet kube-proxy admin; do
    cat > "$p/$name.kubeconfig" <<KC
apiVersion: v1
kind: Config
clusters:
- cluster: {certificate-authority: $p/ca.crt, server: "https://$NODE_IP:6443"}
  name: hypershift-java
users:
- name: $name
  user: {client-certificate: $p/$name.crt, client-key: $p/$name.key}
contexts:
- context: {cluster: hypershift-java, user: $name}
  name: hypershift-java
current-context: hypershift-java
KC
  done
}

# The config templates with their @PLACEHOLDERS@ filled in, into $S.
node_render() {
  mkdir -p "$S/cni/net.d" "$S/logs" "$S/etcd" "$S/kubelet" "$S/podlogs" "$S/containerd/certs.d"
  local f subst="s#@STATE@#$S#g; s#@NODE_IP@#$NODE_IP#g; s#@NODE_NAME@#$NODE_NAME#g; s#@RUNC@#$RUNC#g; s#@CGROUP_ROOT@#$CGROUP_ROOT#g"
  for f in containerd-config.toml kubelet-config.yaml kube-proxy-config.yaml; do sed "$subst" "$NODE_DIR/$f" > "$S/$f"; done
  sed "$subst" "$NODE_DIR/10-hypershift-java.conflist" > "$S/cni/net.d/10-hypershift-java.conflist"
  if [ -s "$(node_images)/coredns.tar" ]; then echo "clusterDNS: [$COREDNS_IP]" >> "$S/kubelet-config.yaml"; fi
}

# node_bg NAME COMMAND...: start a component in the background, its log in $S/logs, its pid in $S/NAME.pid.
node_bg() {
  local name="$1"; shift
  "${NODE_RUN[@]}" "$@" </dev/null >"$S/logs/$name.log" 2>&1 &
  echo $! > "$S/$name.pid"
  log "started $name (pid $!)"
}

# The kubelet's cgroup root in every cgroup v1 hierarchy (cgroupfs driver), cpuset seeded from the parent.
node_cgroup_root() {
  local d
  for d in /sys/fs/cgroup/*/; do
    case "$d" in */unified/) continue ;; esac
    mkdir -p "$d${CGROUP_ROOT#/}"
  done
  if [ -d "/sys/fs/cgroup/cpuset$CGROUP_ROOT" ]; then
    cat /sys/fs/cgroup/cpuset/cpuset.cpus > "/sys/fs/cgroup/cpuset$CGROUP_ROOT/cpuset.cpus"
    cat /sys/fs/cgroup/cpuset/cpuset.mems > "/sys/fs/cgroup/cpuset$CGROUP_ROOT/cpuset.mems"
  fi
}

# Remove the empty cgroup directories under the cgroup roots named by $@ (deepest first; a cgroup that still has
# a process is not empty and stays).
node_cgroup_cleanup() {
  local root d
  for root in "$@"; do
    for d in /sys/fs/cgroup/*/"${root#/}"; do
      [ -d "$d" ] && find "$d" -depth -type d -exec rmdir {} \; 2>/dev/null
    done
  done
  return 0
}

# The kubelet sets vm.overcommit_memory=1, kernel.panic=10, kernel.panic_on_oops=1 at start; these are not
# namespaced, so they change the (shared) host. Saved before the kubelet starts, restored once the node is Ready
# and again by node_stop.
# Two nodes starting at once (two test runs, a node container beside the process cluster) would save each other's
# changed values and leave the host changed, so the window from the save to the restore is held under one lock per
# machine, in $NODE_HOST_LOCK_DIR (a host directory: K3sCluster bind-mounts it into the node container at the same
# path). The values saved under the lock are also written there; a node killed inside the window leaves them, and
# the next node puts them back before it saves.
HOST_SYSCTLS=(vm.overcommit_memory kernel.panic kernel.panic_on_oops)
NODE_HOST_LOCK_DIR="${NODE_HOST_LOCK_DIR:-/run/lock/hypershift-java-node}"
SYSCTL_LOCK_HELD=false
node_save_sysctls() {
  [ -s "$S/host-sysctls" ] && return 0
  if mkdir -p "$NODE_HOST_LOCK_DIR" 2>/dev/null && exec 9>"$NODE_HOST_LOCK_DIR/sysctls.lock"; then
    if flock -w 180 9; then
      SYSCTL_LOCK_HELD=true
    else
      log "WARNING: another node held $NODE_HOST_LOCK_DIR/sysctls.lock for 180 s; saving the host sysctls without it"
    fi
    if $SYSCTL_LOCK_HELD && [ -s "$NODE_HOST_LOCK_DIR/sysctls" ]; then
      # shellcheck disable=SC2046
      sysctl -qw $(cat "$NODE_HOST_LOCK_DIR/sysctls") \
        && log "host sysctls left changed by a node that was killed put back: $(tr '\n' ' ' < "$NODE_HOST_LOCK_DIR/sysctls")"
    fi
  else
    log "WARNING: no lock directory $NODE_HOST_LOCK_DIR; saving the host sysctls without the machine-wide lock"
  fi
  sysctl "${HOST_SYSCTLS[@]}" | tr -d ' ' > "$S/host-sysctls"
  if $SYSCTL_LOCK_HELD; then cp "$S/host-sysctls" "$NODE_HOST_LOCK_DIR/sysctls"; fi
  return 0
}
node_restore_sysctls() {
  [ -s "$S/host-sysctls" ] || return 0
  # shellcheck disable=SC2046
  sysctl -qw $(cat "$S/host-sysctls") && log "host sysctls restored: $(tr '\n' ' ' < "$S/host-sysctls")"
  if $SYSCTL_LOCK_HELD; then
    rm -f "$NODE_HOST_LOCK_DIR/sysctls"
    flock -u 9 && exec 9>&-
    SYSCTL_LOCK_HELD=false
  fi
  return 0
}

node_start_control_plane() {
  node_bg etcd "$CP_BIN/etcd" --data-dir "$S/etcd" --listen-client-urls http://127.0.0.1:2379 \
    --advertise-client-urls http://127.0.0.1:2379 --listen-peer-urls http://127.0.0.1:2380 \
    --initial-advertise-peer-urls http://127.0.0.1:2380 --initial-cluster default=http://127.0.0.1:2380 \
    --quota-backend-bytes 2147483648
  local p="$S/pki"
  node_bg kube-apiserver "$CP_BIN/kube-apiserver" --etcd-servers=http://127.0.0.1:2379 --bind-address=0.0.0.0 \
    --secure-port=6443 --advertise-address="$NODE_IP" --tls-cert-file="$p/apiserver.crt" \
    --tls-private-key-file="$p/apiserver.key" --client-ca-file="$p/ca.crt" \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local --service-account-key-file="$p/sa.pub" \
    --service-account-signing-key-file="$p/sa.key" --service-cluster-ip-range="$SERVICE_CIDR" \
    --authorization-mode=Node,RBAC --kubelet-client-certificate="$p/apiserver-kubelet-client.crt" \
    --kubelet-client-key="$p/apiserver-kubelet-client.key" --enable-admission-plugins=NodeRestriction,OwnerReferencesPermissionEnforcement \
    --allow-privileged=true --kubelet-preferred-address-types=InternalIP
}

# containerd with its own config and socket, then the image tars imported (nothing can be pulled).
node_start_containerd() {
  node_bg containerd containerd --config "$S/containerd-config.toml"
  local i
  for i in $(seq 1 80); do node_ctr version >/dev/null 2>&1 && break; [ "$i" = 80 ] && { log "containerd did not answer in 20 s"; return 1; }; sleep 0.25; done
  node_import "$(node_images)/pause.tar" "$(node_images)/coredns.tar" "$@"
}
node_import() {
  local t
  for t in "$@"; do [ -s "$t" ] && node_ctr images import "$t" >/dev/null && log "imported $t"; done
  return 0
}

node_wait_apiserver() {
  local i
  for i in $(seq 1 240); do node_kubectl get --raw /readyz >/dev/null 2>&1 && { log "apiserver ready after $(node_elapsed)"; return 0; }; sleep 0.25; done
  log "apiserver not ready in 60 s; see $S/logs/kube-apiserver.log"; return 1
}

node_start_controllers() {
  local kc="$S/pki/admin.kubeconfig" p="$S/pki"
  node_bg kube-controller-manager "$NODE_BIN/kube-controller-manager" --kubeconfig="$kc" \
    --authentication-kubeconfig="$kc" --authorization-kubeconfig="$kc" --bind-address=127.0.0.1 --leader-elect=false \
    --root-ca-file="$p/ca.crt" --service-account-private-key-file="$p/sa.key" --cluster-signing-cert-file="$p/ca.crt" \
    --cluster-signing-key-file="$p/ca.key" --use-service-account-credentials=false --cluster-name=hypershift-java \
    --concurrent-gc-syncs=5
  node_bg kube-scheduler "$NODE_BIN/kube-scheduler" --kubeconfig="$kc" --authentication-kubeconfig="$kc" \
    --authorization-kubeconfig="$kc" --leader-elect=false --bind-address=127.0.0.1
}

node_start_kubelet() {
  node_save_sysctls
  node_bg kubelet "$NODE_BIN/kubelet" --config="$S/kubelet-config.yaml" --kubeconfig="$S/pki/kubelet.kubeconfig" \
    --root-dir="$S/kubelet" --hostname-override="$NODE_NAME" --node-ip="$NODE_IP" --cert-dir="$S/kubelet/pki"
  node_bg kube-proxy "$NODE_BIN/kube-proxy" --config="$S/kube-proxy-config.yaml"
}

node_wait_ready() {
  local i
  for i in $(seq 1 480); do
    if [ "$(node_kubectl get node "$NODE_NAME" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)" = True ]; then
      log "node $NODE_NAME Ready after $(node_elapsed)"
      node_restore_sysctls
      return 0
    fi
    sleep 0.25
  done
  node_restore_sysctls
  log "node $NODE_NAME not Ready in 120 s; see $S/logs/kubelet.log"; return 1
}

# node_start IMAGE_TAR...: every component in order (the extra image tars imported before the kubelet starts),
# until the node is Ready and CoreDNS is deployed.
node_start() {
  node_start_control_plane
  node_start_containerd "$@"
  node_wait_apiserver
  node_start_controllers
  node_cgroup_root
  node_start_kubelet
  node_wait_ready
  node_dns
}

# CoreDNS as kube-dns (hack/node/coredns.yaml), when hack/kube-node.sh built it.
node_dns() {
  [ -s "$(node_images)/coredns.tar" ] || { log "no CoreDNS image: the cluster has no DNS"; return 0; }
  local image; image="$(tar -xOf "$(node_images)/coredns.tar" manifest.json | sed 's/.*"RepoTags":\["\([^"]*\)".*/\1/')"
  sed "s#@COREDNS_IMAGE@#$image#" "$NODE_DIR/coredns.yaml" | node_kubectl apply -f - >/dev/null
  log "CoreDNS ($image) deployed as kube-system/kube-dns at $COREDNS_IP"
}

# Stops everything in an order that does not hang: kube-proxy, kubelet, scheduler, controller-manager, apiserver,
# etcd (the apiserver hangs ~60 s when etcd goes first); then the pod tasks, containerd, its shims (by pid), the
# pods' network namespaces and mounts under $S, and the kubelet's empty cgroups. Restores the host sysctls.
node_stop() {
  local c pid
  for c in kube-proxy kubelet kube-scheduler kube-controller-manager; do node_stop_pid "$c"; done
  # the apiserver sometimes hangs for good after "Shutting down" (etcd still up): give it 10 s, not 20
  node_stop_pid kube-apiserver 20
  node_stop_pid etcd
  if [ -S "$S/containerd/containerd.sock" ] && [ -f "$S/containerd.pid" ]; then
    local podns id
    podns="$(for id in $(node_ctr containers ls -q 2>/dev/null); do
      node_ctr containers info "$id" 2>/dev/null | jq -r '.Spec.linux.namespaces[]? | select(.type=="network") | .path // empty'
    done | sort -u)"
    for id in $(node_ctr tasks ls -q 2>/dev/null); do node_ctr tasks kill -s KILL "$id" >/dev/null 2>&1 || true; done
    sleep 1
    for id in $(node_ctr tasks ls -q 2>/dev/null); do node_ctr tasks delete -f "$id" >/dev/null 2>&1 || true; done
  fi
  node_stop_pid containerd
  # shims of this containerd only: their command line names its socket
  for pid in $(ps -eo pid=,args= | awk -v a="$S/containerd/containerd.sock" '$2 ~ /containerd-shim-runc-v2$/ && index($0, a) {print $1}'); do
    kill -9 "$pid" 2>/dev/null && log "killed shim $pid"
  done
  awk -v n="$S/" 'index($2, n) == 1 {print $2}' /proc/mounts | sort -r | while read -r m; do umount -l "$m" && log "unmounted $m"; done
  for f in ${podns:-}; do
    case "$f" in /var/run/netns/*|/run/netns/*) umount "$f" 2>/dev/null; rm -f "$f" && log "removed pod netns $f" ;; esac
  done
  node_cgroup_cleanup "$CGROUP_ROOT"
  node_restore_sysctls
  rm -f "$S/host-sysctls"
}

# node_stop_pid NAME [HALF_SECONDS]: SIGTERM, up to 20 s (40 half seconds), then SIGKILL.
node_stop_pid() {
  local pid; pid="$(cat "$S/$1.pid" 2>/dev/null)" || return 0
  rm -f "$S/$1.pid"
  # a stale pid file (a reboot) may name another process now
  tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$1" || return 0
  kill "$pid" 2>/dev/null || return 0
  local i
  for i in $(seq 1 "${2:-40}"); do kill -0 "$pid" 2>/dev/null || { log "stopped $1"; return 0; }; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null; log "killed $1 (pid $pid)"
}
