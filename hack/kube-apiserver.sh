#!/usr/bin/env bash
# Builds kube-apiserver and etcd from their Go modules (no package ships them) and caches them.
#
#   hack/kube-apiserver.sh [--version v1.34.3] [--etcd-version v3.6.x] [--print-dir]
#
# The binaries land in ${KUBE_BIN_CACHE:-~/.cache/hypershift-java/kube}/<version>-etcd<version>-r<recipe>/
# as kube-apiserver and etcd, with BUILD-INFO. A change of this recipe bumps RECIPE, so a changed recipe
# rebuilds instead of reusing old binaries. Only the first run on a machine pays for the build (5-9 min on
# 2 cores with a cold Go cache); a concurrent caller waits on the cache's build lock (hack/lib/kube-build.sh,
# shared with hack/kube-node.sh). The last line printed is the directory; --print-dir prints it without
# building. The binaries are never committed. Needs Go >= the go line of k8s.io/kubernetes' go.mod (1.24 for
# v1.34). If the etcd build fails, Debian's etcd (3.4) is linked instead: a
# fallback only, since kube-apiserver 1.34 wants etcd >= 3.5 (a watch was seen to miss events on 3.4).
set -euo pipefail
# shellcheck source=lib/kube-build.sh
. "$(dirname "$0")/lib/kube-build.sh"

K8S_VERSION="${K8S_VERSION:-$KUBE_DEFAULT_VERSION}"
ETCD_VERSION="${ETCD_VERSION:-v3.6.5}"
# Bump when the build commands below change: the cache directory names it, so old binaries are not reused.
RECIPE=2
while [ $# -gt 0 ]; do
  case "$1" in
    --etcd-version) ETCD_VERSION="$2"; shift 2 ;;
    *) kube_build_flag "$@"; shift "$KUBE_SHIFT" ;;
  esac
done

log() { echo "kube-apiserver.sh: $*" >&2; }
OUT="$KUBE_CACHE_ROOT/$K8S_VERSION-etcd$ETCD_VERSION-r$RECIPE"
kube_build_enter "$OUT" kube-apiserver

build_apiserver() {
  local work; work="$(mktemp -d)"
  trap 'rm -rf "$work"' RETURN
  log "building kube-apiserver $K8S_VERSION (staging modules $(kube_staging_version)) in $work (first time only, ~5 min)"
  kube_build_module "$work" hypershift-java/kube-apiserver-build
  kube_build_cmd "$work" "$OUT" kube-apiserver
}

build_etcd() {
  local work; work="$(mktemp -d)"
  trap 'rm -rf "$work"' RETURN
  log "building etcd $ETCD_VERSION in $work (first time only, ~2 min)"
  cat > "$work/go.mod" <<MOD
module hypershift-java/etcd-build

go 1.24
MOD
  if (cd "$work" && GOFLAGS=-mod=mod go get "go.etcd.io/etcd/server/v3@$ETCD_VERSION" >&2 \
        && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w" -o "$OUT/etcd.tmp" go.etcd.io/etcd/server/v3 >&2); then
    mv "$OUT/etcd.tmp" "$OUT/etcd"
  elif command -v etcd >/dev/null 2>&1; then
    log "building etcd failed; falling back to Debian's etcd ($(command -v etcd))"
    ln -sf "$(command -v etcd)" "$OUT/etcd"
  else
    log "building etcd failed and no etcd is installed (apt-get install etcd-server)"; return 1
  fi
}

start=$(date +%s)
built=false
if [ ! -x "$OUT/kube-apiserver" ]; then build_apiserver; built=true; fi
if [ ! -x "$OUT/etcd" ]; then build_etcd; built=true; fi
if $built; then
  log "built in $(( $(date +%s) - start ))s"
  {
    echo "recipe=$RECIPE"
    echo "kubernetes=$K8S_VERSION"
    echo "etcd=$ETCD_VERSION ($(readlink -f "$OUT/etcd"))"
    echo "go=$(go env GOVERSION)"
    echo "built=$(date -u +%Y-%m-%dT%H:%M:%SZ) in $(( $(date +%s) - start ))s"
  } > "$OUT/BUILD-INFO"
else
  log "cached binaries reused from $OUT"
fi
"$OUT/kube-apiserver" --version >&2
echo "$OUT"
