# Shared by hack/kube-apiserver.sh and hack/kube-node.sh (source it; it runs nothing by itself): building
# k8s.io/kubernetes commands from the Go module proxy, and the build lock of the binary cache.
#
#   kube_build_lock CACHE_ROOT NAME     take an exclusive flock on CACHE_ROOT/.build.lock for the rest of the
#                                       calling script (fd 9), logging while another caller holds it
#   kube_build_module WORK MODULE       write WORK/go.mod: module MODULE requiring k8s.io/kubernetes@$K8S_VERSION
#                                       with every staging module pinned to its published v0.x version
#   kube_build_ldflags WORK             print the -ldflags that set the version variables (as upstream's
#                                       hack/lib/version.sh does), so --version and /version tell the truth
#   kube_build_cmd WORK OUT CMD         go get + go build k8s.io/kubernetes/cmd/CMD into OUT/CMD (atomically)
#   module_time WORK MODULE VERSION     the release time of MODULE@VERSION as the Go proxy records it
#
#   kube_build_flag "$@"                one flag both scripts take (--version V, --print-dir, -h), from their
#                                       argument loops; sets KUBE_SHIFT to the number of arguments it used
#   kube_build_enter OUT NAME           --print-dir: print OUT and exit; else make OUT and take the build lock
#
# The functions need K8S_VERSION set, and log() defined by the caller.

# The Kubernetes release both scripts build by default (K8S_VERSION or --version overrides it).
KUBE_DEFAULT_VERSION=v1.34.3

KUBE_CACHE_ROOT="${KUBE_BIN_CACHE:-$HOME/.cache/hypershift-java/kube}"
PRINT_ONLY=false

kube_build_flag() {
  case "$1" in
    --version) K8S_VERSION="$2"; KUBE_SHIFT=2 ;;
    --print-dir) PRINT_ONLY=true; KUBE_SHIFT=1 ;;
    # the header comment, up to the first line that is not one
    -h|--help) awk 'NR > 1 && !/^#/ {exit} NR > 1' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
}

kube_build_enter() {
  if $PRINT_ONLY; then echo "$1"; exit 0; fi
  mkdir -p "$1"
  # one build at a time per cache (a second caller waits, then finds the binaries built)
  kube_build_lock "$KUBE_CACHE_ROOT" "$2"
}

# The staging modules are published as v0.<minor>.<patch> for a v1.<minor>.<patch> release.
kube_staging_version() { echo "v0.${K8S_VERSION#v1.}"; }

kube_build_lock() {
  local root="$1" name="$2"
  mkdir -p "$root"
  exec 9>"$root/.build.lock"
  if ! flock -n 9; then
    log "another build holds $root/.build.lock; waiting for it (up to 60 min)"
    flock -w 3600 9 || { log "gave up waiting for $root/.build.lock"; return 1; }
  fi
  log "$name: build lock taken"
}

kube_build_module() {
  local work="$1" module="$2" gomod staging
  staging="$(kube_staging_version)"
  gomod="$(cd "$work" && GOFLAGS=-mod=mod go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)",/\1/p')"
  [ -f "$gomod" ] || { log "cannot download the go.mod of k8s.io/kubernetes@$K8S_VERSION"; return 1; }
  local goline; goline="$(grep -E '^go [0-9]' "$gomod" | head -1)"
  {
    echo "module $module"
    echo
    echo "$goline"
    echo
    echo "require k8s.io/kubernetes $K8S_VERSION"
    echo
    # upstream replaces every staging module with ./staging/src/...; pin each to its published version
    grep -E '^\s*k8s\.io/[^ ]+ => \./staging/src/' "$gomod" | awk -v v="$staging" '{print "replace " $1 " => " $1 " " v}'
  } > "$work/go.mod"
}

kube_build_ldflags() {
  # The build date is the module's release time: reproducible.
  local minor="${K8S_VERSION#v1.}"; minor="${minor%%.*}"
  local released; released="$(module_time "$1" k8s.io/kubernetes "$K8S_VERSION")"
  local ldflags="-s -w" pkg
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    ldflags+=" -X $pkg.gitTreeState=archive -X $pkg.buildDate=$released"
  done
  echo "$ldflags"
}

kube_build_cmd() {
  local work="$1" out="$2" cmd="$3" ldflags
  ldflags="$(kube_build_ldflags "$work")"
  (cd "$work" && GOFLAGS=-mod=mod go get "k8s.io/kubernetes/cmd/$cmd@$K8S_VERSION" >&2 \
     && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags "$ldflags" -o "$out/$cmd.tmp" "k8s.io/kubernetes/cmd/$cmd" >&2)
  mv "$out/$cmd.tmp" "$out/$cmd"
}

module_time() {
  local info
  info="$(cd "$1" && GOFLAGS=-mod=mod go mod download -json "$2@$3" 2>/dev/null | sed -n 's/.*"Info": "\(.*\)",/\1/p')"
  sed -n 's/.*"Time":"\([^"]*\)".*/\1/p' "$info" 2>/dev/null | grep . || echo 1970-01-01T00:00:00Z
}
