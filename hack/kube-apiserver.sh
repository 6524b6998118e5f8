#!/usr/bin/env bash
# Builds kube-apiserver and etcd from their Go modules (no package ships them) and caches them.
#
#   hack/kube-apiserver.sh [--version v1.34.3] [--etcd-version v3.6.x] [--print-dir]
#
# The binaries land in ${KUBE_BIN_CACHE:-~/.cache/hypershift-java/kube}/<version>-etcd<version>-r<recipe>/
# as kube-apiserver and etcd, with BUILD-INFO. A change of this recipe bumps RECIPE, so a changed recipe
# rebuilds instead of reusing old binaries. Only the first run on a machine pays for the build (5-9 min on
# 2 cores with a cold Go cache). The last line printed is the directory that holds them; --print-dir
# prints it without building. The binaries are never committed. Needs Go >= the go line of
# k8s.io/kubernetes' go.mod (1.24 for v1.34). If the etcd build fails, Debian's etcd (3.4) is linked instead: a
# fallback only, since kube-apiserver 1.34 wants etcd >= 3.5 (a watch was seen to miss events on 3.4).
set -euo pipefail

K8S_VERSION="${K8S_VERSION:-v1.34.3}"
ETCD_VERSION="${ETCD_VERSION:-v3.6.5}"
# Bump when the build commands below change: the cache directory names it, so old binaries are not reused.
RECIPE=2
PRINT_ONLY=false
while [ $# -gt 0 ]; do
  case "$1" in
    --version) K8S_VERSION="$2"; shift 2 ;;
    --etcd-version) ETCD_VERSION="$2"; shift 2 ;;
    --print-dir) PRINT_ONLY=true; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

CACHE_ROOT="${KUBE_BIN_CACHE:-$HOME/.cache/hypershift-java/kube}"
OUT="$CACHE_ROOT/$K8S_VERSION-etcd$ETCD_VERSION-r$RECIPE"
if $PRINT_ONLY; then echo "$OUT"; exit 0; fi
mkdir -p "$OUT"
log() { echo "kube-apiserver.sh: $*" >&2; }

# The staging modules are published as v0.<minor>.<patch> for a v1.<minor>.<patch> release.
STAGING_VERSION="v0.${K8S_VERSION#v1.}"

build_apiserver() {
  local work; work="$(mktemp -d)"
  trap 'rm -rf "$work"' RETURN
  log "building kube-apiserver $K8S_VERSION (staging modules $STAGING_VERSION) in $work"
  local gomod
  gomod="$(cd "$work" && GOFLAGS=-mod=mod go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)",/\1/p')"
  [ -f "$gomod" ] || { log "cannot download the go.mod of k8s.io/kubernetes@$K8S_VERSION"; return 1; }
  local goline; goline="$(grep -E '^go [0-9]' "$gomod" | head -1)"
  {
    echo "module hypershift-java/kube-apiserver-build"
    echo
    echo "$goline"
    echo
    echo "require k8s.io/kubernetes $K8S_VERSION"
    echo
    # upstream replaces every staging module with ./staging/src/...; pin each to its published version
    grep -E '^\s*k8s\.io/[^ ]+ => \./staging/src/' "$gomod" | awk -v v="$STAGING_VERSION" '{print "replace " $1 " => " $1 " " v}'
  } > "$work/go.mod"
  # The version variables that upstream's hack/lib/version.sh sets, so --version and /version tell the truth
  # (a plain go build says v0.0.0-master). The build date is the module's release time: reproducible.
  local minor="${K8S_VERSION#v1.}"; minor="${minor%%.*}"
  local released; released="$(module_time "$work" k8s.io/kubernetes "$K8S_VERSION")"
  local ldflags="-s -w" pkg
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    ldflags+=" -X $pkg.gitTreeState=archive -X $pkg.buildDate=$released"
  done
  (cd "$work" && GOFLAGS=-mod=mod go get "k8s.io/kubernetes/cmd/kube-apiserver@$K8S_VERSION" >&2 \
     && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags "$ldflags" -o "$OUT/kube-apiserver.tmp" k8s.io/kubernetes/cmd/kube-apiserver >&2)
  mv "$OUT/kube-apiserver.tmp" "$OUT/kube-apiserver"
}

# The release time of module $2@$3, as the Go proxy records it (RFC 3339), or 1970 when unknown; $1 is a
# directory with a go.mod to run go in.
module_time() {
  local info
  info="$(cd "$1" && GOFLAGS=-mod=mod go mod download -json "$2@$3" 2>/dev/null | sed -n 's/.*"Info": "\(.*\)",/\1/p')"
  sed -n 's/.*"Time":"\([^"]*\)".*/\1/p' "$info" 2>/dev/null | grep . || echo 1970-01-01T00:00:00Z
}

build_etcd() {
  local work; work="$(mktemp -d)"
  trap 'rm -rf "$work"' RETURN
  log "building etcd $ETCD_VERSION in $work"
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
