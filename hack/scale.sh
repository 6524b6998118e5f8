#!/usr/bin/env bash
# The scale harness and the control-plane fault runs of BENCHMARKS.md, one command each (issue 15).
#
#   hack/scale.sh [N ...]          the scale run for each N (default: 0 100 1000): N HostedClusters on the real
#                                  kube-apiserver, the hypershift-operator as its own process with the image's JVM
#                                  flags, IDMS edits; writes e2e/target/scale/scale-<N>.md
#   hack/scale.sh faults [N]       the control-plane faults (kube-apiserver and etcd restarts, kill -9, leader
#                                  failover) with N HostedClusters (default 100); writes
#                                  e2e/target/faults/control-plane-faults-<N>.md
#
# Environment: EDITS (IDMS edits per scale run; default 10, 5 at N >= 1000), SKIP_BUILD=1 (reuse the jars and image
# tars already built). It builds what it needs first (the image tars included: their JVM flags are what runs).
# CI runs the small versions (N = 10) inside ./mvnw verify.
set -euo pipefail
cd "$(dirname "$0")/.."

build() {
  if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    echo "== building the modules and the image tars (SKIP_BUILD=1 skips this)"
    ./mvnw -B -q install -DskipTests
  fi
}

run_test() {
  ./mvnw -B -pl e2e test -Dsurefire.failIfNoSpecifiedTests=false "$@"
}

if [[ "${1:-}" == faults ]]; then
  n="${2:-100}"
  build
  echo "== control-plane faults with $n HostedClusters"
  run_test -Dtest=ControlPlaneFaultsTest -De2e.faults.n="$n"
  cat "e2e/target/faults/control-plane-faults-$n.md"
  exit 0
fi

sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(0 100 1000)
build
for n in "${sizes[@]}"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "hack/scale.sh: N must be a number, got '$n'" >&2; exit 2; }
  echo "== scale run with $n HostedClusters"
  args=(-Dtest=ScaleTest -De2e.scale.n="$n")
  [[ -z "${EDITS:-}" ]] || args+=(-De2e.scale.edits="$EDITS")
  run_test "${args[@]}"
done
for n in "${sizes[@]}"; do
  cat "e2e/target/scale/scale-$n.md"
done
