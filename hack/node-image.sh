#!/usr/bin/env bash
# Builds the node image, offline: the one-node cluster of hack/cluster.sh in one container that testcontainers'
# K3sContainer starts in place of rancher/k3s (k3s itself cannot be had here). Upstream Kubernetes, not k3s; see
# hack/node/node-entrypoint.sh for the contract it keeps and docs/throwaway-cluster.md for how to start it.
#
#   hack/node-image.sh [--force] [--rootfs-only] [--print-tag]
#
# Tag: hypershift-java/kube-node:<kubernetes version>-r<recipe> (the last line printed). Skipped when that tag
# exists with the same inputs (label hypershift-java.inputs: a hash of hack/node/ and the binaries); --force
# rebuilds. Layers:
#   - a Debian bookworm root file system from `debootstrap --variant=minbase` with containerd, runc, iptables,
#     CNI plugins, jq, openssl, iproute2, procps, bc, util-linux; built once and cached as
#     ${KUBE_BIN_CACHE:-~/.cache/hypershift-java/kube}/rootfs-bookworm-r<recipe>.tar (needs the Debian mirror
#     and debootstrap, which this script installs with apt when missing; --rootfs-only builds just that);
#   - /opt/hypershift-java/bin: kube-apiserver, etcd (hack/kube-apiserver.sh), kubelet, kube-controller-manager,
#     kube-scheduler, kube-proxy, kubectl (hack/kube-node.sh); images/: pause.tar and coredns.tar;
#     node/: hack/node/ (entrypoint, node-lib.sh, config templates, runc-nosysres, coredns.yaml);
# then `docker import` with VOLUME /var/lib/hypershift-java-node and ENTRYPOINT the node entrypoint.
# Needs root and a Docker engine; running the image needs an engine whose default runtime is the runc wrapper
# (hack/dockerd.sh start does that), since the node runs privileged and this machine lacks CAP_SYS_RESOURCE.
set -euo pipefail
HACK="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib/kube-build.sh
. "$HACK/lib/kube-build.sh"
K8S_VERSION="${K8S_VERSION:-$KUBE_DEFAULT_VERSION}"
# Bump when the image layout below changes; ROOTFS_RECIPE when the debootstrap command changes.
RECIPE=2
ROOTFS_RECIPE=1
SUITE=bookworm
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
PACKAGES=containerd,runc,iptables,containernetworking-plugins,jq,openssl,iproute2,procps,bc,util-linux
TAG="hypershift-java/kube-node:$K8S_VERSION-r$RECIPE"
STATE_VOLUME=/var/lib/hypershift-java-node
FORCE=false
ROOTFS_ONLY=false
while [ $# -gt 0 ]; do
  case "$1" in
    --force) FORCE=true; shift ;;
    --rootfs-only) ROOTFS_ONLY=true; shift ;;
    --print-tag) echo "$TAG"; exit 0 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
log() { echo "node-image.sh: $*" >&2; }
[ "$(id -u)" -eq 0 ] || { log "needs root (debootstrap, docker import)"; exit 1; }
CACHE_ROOT="$KUBE_CACHE_ROOT"
ROOTFS="$CACHE_ROOT/rootfs-$SUITE-r$ROOTFS_RECIPE.tar"
# The Debian root file system, once per cache (in a subshell: the build lock is released when it is done, before
# the binary builds, which take the same lock).
build_rootfs() (
  kube_build_lock "$CACHE_ROOT" node-image
  [ -s "$ROOTFS" ] && exit 0
  command -v debootstrap >/dev/null || { log "installing debootstrap"; apt-get install -y -qq --no-install-recommends debootstrap >/dev/null; }
  log "debootstrap --variant=minbase $SUITE (first time only, ~1 min)"
  local s dir; s=$(date +%s)
  dir="$(mktemp -d "$CACHE_ROOT/rootfs.XXXXXX")"
  trap 'rm -rf "$dir"' EXIT
  debootstrap --variant=minbase --include="$PACKAGES" "$SUITE" "$dir" "$MIRROR" >&2
  rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/* "$dir"/var/log/*.log
  tar -C "$dir" --numeric-owner -cf "$ROOTFS.tmp" .
  mv "$ROOTFS.tmp" "$ROOTFS"
  log "root file system cached as $ROOTFS ($(du -h "$ROOTFS" | cut -f1)) in $(( $(date +%s) - s ))s"
)

if $ROOTFS_ONLY; then build_rootfs; echo "$ROOTFS"; exit 0; fi
timeout 10 docker version >/dev/null 2>&1 || { log "no Docker engine answers (hack/dockerd.sh start)"; exit 1; }
CP_BIN="$(K8S_VERSION="$K8S_VERSION" "$HACK/kube-apiserver.sh" | tail -n 1)"
NODE_BIN="$(K8S_VERSION="$K8S_VERSION" "$HACK/kube-node.sh" | tail -n 1)"
inputs="$( (cd "$HACK" && sha256sum node/* node-image.sh; sha256sum "$CP_BIN"/kube-apiserver "$CP_BIN"/etcd "$NODE_BIN"/*) \
  | awk '{print $1}' | sha256sum | cut -c1-16)"
if ! $FORCE && [ "$(docker image inspect -f '{{index .Config.Labels "hypershift-java.inputs"}}' "$TAG" 2>/dev/null)" = "$inputs" ]; then
  log "up to date: $TAG"
  echo "$TAG"
  exit 0
fi

build_rootfs
start=$(date +%s)
work="$(mktemp -d "$CACHE_ROOT/node-image.XXXXXX")"
trap 'rm -rf "$work"' EXIT
log "building $TAG"
tar -C "$work" --numeric-owner -xf "$ROOTFS"
opt="$work/opt/hypershift-java"
mkdir -p "$opt/bin" "$opt/images" "$opt/node" "$work/images" "$work$STATE_VOLUME"
cp "$CP_BIN/kube-apiserver" "$CP_BIN/etcd" "$opt/bin/"
for b in kubelet kube-controller-manager kube-scheduler kube-proxy kubectl; do cp "$NODE_BIN/$b" "$opt/bin/"; done
for t in pause.tar coredns.tar; do [ -s "$NODE_BIN/$t" ] && cp "$NODE_BIN/$t" "$opt/images/"; done
cp "$HACK"/node/* "$opt/node/"
chmod 755 "$opt/node/node-entrypoint.sh" "$opt/node/runc-nosysres"
tar -C "$work" --numeric-owner --exclude=./proc/* --exclude=./sys/* -c . \
  | docker import \
      --change "VOLUME [\"$STATE_VOLUME\"]" \
      --change 'ENTRYPOINT ["/opt/hypershift-java/node/node-entrypoint.sh"]' \
      --change 'CMD ["server"]' \
      --change 'ENV PATH=/opt/hypershift-java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change "LABEL hypershift-java.inputs=$inputs" \
      --change "LABEL org.opencontainers.image.description=\"upstream Kubernetes $K8S_VERSION one-node cluster behind the k3s container contract (not k3s)\"" \
      - "$TAG" >&2
log "built $TAG ($(docker image inspect -f '{{.Size}}' "$TAG" | awk '{printf "%d MB", $1/1000000}')) in $(( $(date +%s) - start ))s"
echo "$TAG"
