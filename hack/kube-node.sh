#!/usr/bin/env bash
# Builds the node side of the throwaway cluster (docs/throwaway-cluster.md) from Go modules and caches it:
# kubelet, kube-controller-manager, kube-scheduler, kube-proxy and kubectl from the same k8s.io/kubernetes release
# and the same wrapper go.mod and version ldflags as hack/kube-apiserver.sh (hack/lib/kube-build.sh); pause; CoreDNS.
#
#   hack/kube-node.sh [--version v1.34.3] [--coredns-version v1.15.0] [--no-coredns] [--print-dir]
#
# Everything lands in ${KUBE_BIN_CACHE:-~/.cache/hypershift-java/kube}/node-<version>-coredns<version>-r<recipe>/
# with BUILD-INFO (one line per binary with its build time):
#   kubelet kube-controller-manager kube-scheduler kube-proxy kubectl
#   pause, pause.tar      upstream's build/pause/linux/pause.c (from the k8s.io/kubernetes module) built with
#                         gcc -static, and the image registry.k8s.io/pause:3.10.1 (the kubelet's sandbox image):
#                         a `docker save` tar of that one file, for `ctr -n k8s.io images import`
#   coredns, coredns.tar  github.com/coredns/coredns (its own wrapper go.mod; it needs Go >= 1.26) and the image
#                         registry.k8s.io/coredns/coredns:<version>. --no-coredns skips it; a failed CoreDNS build
#                         is logged and leaves the cluster without DNS, it does not fail the script.
# A change of the recipe bumps RECIPE. Only the first run on a machine pays for the build (~6 min, CoreDNS ~10 more, on 2 cores
# after hack/kube-apiserver.sh has warmed the Go build cache, more from cold); the cache's build lock makes a
# concurrent caller wait. The last line printed is the directory; --print-dir prints it without building.
# Needs Go and gcc (hack/install-packages.sh). The binaries are never committed.
set -euo pipefail
HACK="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib/kube-build.sh
. "$HACK/lib/kube-build.sh"
# shellcheck source=lib/image-tar.sh
. "$HACK/lib/image-tar.sh"

K8S_VERSION="${K8S_VERSION:-$KUBE_DEFAULT_VERSION}"
COREDNS_VERSION="${COREDNS_VERSION:-v1.15.0}"
WITH_COREDNS=true
# Bump when the build commands below change: the cache directory names it, so old binaries are not reused.
RECIPE=1
PAUSE_IMAGE=registry.k8s.io/pause:3.10.1
while [ $# -gt 0 ]; do
  case "$1" in
    --coredns-version) COREDNS_VERSION="$2"; shift 2 ;;
    --no-coredns) WITH_COREDNS=false; shift ;;
    *) kube_build_flag "$@"; shift "$KUBE_SHIFT" ;;
  esac
done

log() { echo "kube-node.sh: $*" >&2; }
OUT="$KUBE_CACHE_ROOT/node-$K8S_VERSION-coredns$COREDNS_VERSION-r$RECIPE"
kube_build_enter "$OUT" kube-node

# The commands, cheapest first, with the minutes each took on 2 cores after the kube-apiserver build.
COMMANDS=(kube-scheduler:1 kube-proxy:1 kubectl:2 kube-controller-manager:2 kubelet:1)
INFO="$OUT/BUILD-INFO"
record() { sed -i "/^$1=/d" "$INFO" 2>/dev/null || true; echo "$1=$2" >> "$INFO"; }

build_commands() {
  local work; work="$(mktemp -d)"
  trap 'rm -rf "$work"' RETURN
  kube_build_module "$work" hypershift-java/kube-node-build
  local entry cmd s
  for entry in "${COMMANDS[@]}"; do
    cmd="${entry%%:*}"
    [ -x "$OUT/$cmd" ] && continue
    log "building $cmd $K8S_VERSION ... (first time only, ~${entry#*:} min)"
    s=$(date +%s)
    kube_build_cmd "$work" "$OUT" "$cmd"
    record "$cmd" "$K8S_VERSION built in $(( $(date +%s) - s ))s"
  done
}

build_pause() {
  local src="$(go env GOMODCACHE)/k8s.io/kubernetes@$K8S_VERSION/build/pause/linux/pause.c"
  if [ ! -f "$src" ]; then
    (cd "$(mktemp -d)" && GOFLAGS=-mod=mod go mod download "k8s.io/kubernetes@$K8S_VERSION")
  fi
  local root; root="$(mktemp -d)"
  trap 'rm -rf "$root"' RETURN
  # upstream's Makefile: -Os -Wall -Werror -static, with the version the binary prints for -v
  gcc -Os -Wall -Werror -static -DVERSION="v3.10.1-hypershift-java" -o "$OUT/pause.tmp" "$src"
  strip "$OUT/pause.tmp" && mv "$OUT/pause.tmp" "$OUT/pause"
  cp "$OUT/pause" "$root/pause"
  image_tar "$root" "$PAUSE_IMAGE" "$OUT/pause.tar" '["/pause"]' 65535:65535
  record pause "$PAUSE_IMAGE from $src (gcc $(gcc -dumpversion))"
}

build_coredns() {
  local work; work="$(mktemp -d)"
  trap 'rm -rf "$work"' RETURN
  log "building coredns $COREDNS_VERSION ... (first time only, ~10 min)"
  local s; s=$(date +%s)
  printf 'module hypershift-java/coredns-build\n\ngo 1.26\n' > "$work/go.mod"
  if (cd "$work" && GOFLAGS=-mod=mod go get "github.com/coredns/coredns@$COREDNS_VERSION" >&2 \
        && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath \
             -ldflags "-s -w -X github.com/coredns/coredns/coremain.GitCommit=$COREDNS_VERSION" \
             -o "$OUT/coredns.tmp" github.com/coredns/coredns >&2); then
    mv "$OUT/coredns.tmp" "$OUT/coredns"
    record coredns "$COREDNS_VERSION built in $(( $(date +%s) - s ))s"
  else
    log "building coredns $COREDNS_VERSION failed: the cluster will have no DNS (see the go output above)"
    return 0
  fi
  mkdir -p "$work/root" && cp "$OUT/coredns" "$work/root/coredns"
  image_tar "$work/root" "registry.k8s.io/coredns/coredns:$COREDNS_VERSION" "$OUT/coredns.tar" '["/coredns"]'
}

start=$(date +%s)
built=false
for entry in "${COMMANDS[@]}"; do [ -x "$OUT/${entry%%:*}" ] || { build_commands; built=true; break; }; done
if [ ! -s "$OUT/pause.tar" ]; then build_pause; built=true; fi
if $WITH_COREDNS && [ ! -s "$OUT/coredns.tar" ]; then build_coredns; built=true; fi
if $built; then
  log "built in $(( $(date +%s) - start ))s"
  record recipe "$RECIPE"
  record go "$(go env GOVERSION)"
  record built "$(date -u +%Y-%m-%dT%H:%M:%SZ) in $(( $(date +%s) - start ))s"
else
  log "cached binaries reused from $OUT"
fi
"$OUT/kubelet" --version >&2
echo "$OUT"
