#!/usr/bin/env bash
# Installs the Debian packages the tests use: a real OCI registry (docker-registry, distribution v2), skopeo to push
# and mirror, htpasswd (apache2-utils) for bcrypt auth, jq for hack/mirror.sh, etcd as a fallback for the API server
# tests, and docker.io (dockerd; hack/dockerd.sh starts it) for the container image tests; containerd, runc, the CNI
# plugins, iptables, iproute2 and gcc for the throwaway cluster (hack/cluster.sh, hack/kube-node.sh), debootstrap for
# its node image (hack/node-image.sh); busybox-static for the tiny images that the Pod-level e2e runs as a release's
# components.
# Skips apt-get when everything is present already.
set -euo pipefail
PACKAGES=(docker-registry skopeo apache2-utils etcd-server openssl curl jq docker.io
  containerd runc containernetworking-plugins iptables iproute2 gcc libc6-dev debootstrap busybox-static)
COMMANDS=(docker-registry skopeo htpasswd etcd openssl curl jq dockerd
  containerd runc /usr/lib/cni/bridge iptables ip gcc debootstrap busybox)
missing=false
for c in "${COMMANDS[@]}"; do command -v "$c" >/dev/null 2>&1 || missing=true; done
if ! $missing; then
  echo "install-packages: all present" >&2
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null
echo "install-packages: installed ${PACKAGES[*]}" >&2
