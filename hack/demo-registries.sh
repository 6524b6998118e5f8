#!/usr/bin/env bash
# A disconnected setup you can touch, on loopback: a source registry (TLS and htpasswd auth) holding a small synthetic
# OpenShift release, mirrored with hack/mirror.sh (as oc-mirror would) to a mirror registry (TLS).
#
#   hack/demo-registries.sh start   # start both registries, push the release to the source, mirror it, print next steps
#   hack/demo-registries.sh stop    # stop both registries (their state stays; `start` again begins afresh)
#
# Everything is under _output/demo-registries/: the registries (source/, mirror/, one CA in ca/), the release as an
# OCI layout (release-oci/), the source's credentials (auth.json, also the pull secret), and hack/mirror.sh's
# ICSP and IDMS (mirror-policies/). The registries listen on 127.0.0.1 only, ports DEMO_SOURCE_PORT (default 5001)
# and DEMO_MIRROR_PORT (default 5002). Needs docker-registry, skopeo, jq, openssl, htpasswd, curl
# (hack/install-packages.sh).
#
# The release is built the way the tests' ReleaseFixture builds one: each component image is one small layer, and the
# release image's top layer holds release-manifests/image-references (an ImageStream naming every component by digest
# on the source) and release-manifests/release-metadata, with the label io.openshift.release.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '2,17p' "$0" >&2; exit 2; }
die() { echo "demo-registries: $*" >&2; exit 1; }

STATE=_output/demo-registries
SOURCE_PORT=${DEMO_SOURCE_PORT:-5001}
MIRROR_PORT=${DEMO_MIRROR_PORT:-5002}
SOURCE=127.0.0.1:$SOURCE_PORT
MIRROR=127.0.0.1:$MIRROR_PORT
VERSION=4.16.3
COMPONENTS=(cluster-version-operator hypershift kube-apiserver machine-config-operator)
RELEASE_REPO=openshift-release-dev/ocp-release
COMPONENT_REPO=openshift-release-dev/ocp-v4.0-art-dev
USER_PASS=demo:demo-password   # a throwaway credential for a registry on 127.0.0.1

registry() {   # start|stop NAME [PORT OPTIONS...]
  local cmd=$1 name=$2; shift 2
  hack/local-registry.sh "$cmd" "$name" "$@" --dir "$PWD/$STATE/$name"
}

stop_all() {
  local name
  for name in source mirror; do
    if [ -s "$STATE/$name/pid" ]; then registry stop "$name" >&2; fi
  done
}

# ---- a tiny OCI image layout, written with sha256sum, tar and jq (deterministic: same content, same digests)
LAYOUT=$STATE/release-oci
REFS=()

blob() {   # MEDIA_TYPE FILE → prints a descriptor {mediaType, digest, size}
  local hex size
  hex=$(sha256sum "$2" | cut -d' ' -f1)
  size=$(stat -c %s "$2")
  cp "$2" "$LAYOUT/blobs/sha256/$hex"
  jq -cn --arg m "$1" --arg d "sha256:$hex" --argjson s "$size" '{mediaType: $m, digest: $d, size: $s}'
}

layer() {   # DIR → writes DIR.tar.gz, prints "DESCRIPTOR DIFF_ID"
  local top
  top=$(ls -A "$1")   # member names without a leading ./, as in a real release
  # shellcheck disable=SC2086
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=ustar -C "$1" -cf "$1.tar" $top
  gzip -n -c "$1.tar" > "$1.tar.gz"
  echo "$(blob application/vnd.oci.image.layer.v1.tar+gzip "$1.tar.gz") sha256:$(sha256sum "$1.tar" | cut -d' ' -f1)"
}

image() {   # LABELS_JSON LAYER_DIR... → prints the manifest's descriptor
  local labels=$1 dir layers=() diff_ids=() out diff
  shift
  for dir in "$@"; do
    read -r out diff <<<"$(layer "$dir")"
    layers+=("$out"); diff_ids+=("$diff")
  done
  jq -cn --argjson l "$labels" --args '{architecture: "amd64", os: "linux", config: {Labels: $l},
      rootfs: {type: "layers", diff_ids: $ARGS.positional}}' "${diff_ids[@]}" > "$LAYOUT/tmp/config.json"
  local config
  config=$(blob application/vnd.oci.image.config.v1+json "$LAYOUT/tmp/config.json")
  printf '%s\n' "${layers[@]}" | jq -cs --argjson c "$config" '{schemaVersion: 2,
      mediaType: "application/vnd.oci.image.manifest.v1+json", config: $c, layers: .}' > "$LAYOUT/tmp/manifest.json"
  blob application/vnd.oci.image.manifest.v1+json "$LAYOUT/tmp/manifest.json"
}

tag() {   # REF DESCRIPTOR: name it in index.json, so that skopeo finds oci:LAYOUT:REF
  REFS+=("$(jq -c --arg r "$1" '. + {annotations: {"org.opencontainers.image.ref.name": $r}}' <<<"$2")")
  printf '%s\n' "${REFS[@]}" | jq -s '{schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json",
      manifests: .}' > "$LAYOUT/index.json"
}

build_release() {   # → the component pull specs (on the source) in $LAYOUT/tmp/components.json
  rm -rf "$LAYOUT"
  mkdir -p "$LAYOUT/blobs/sha256" "$LAYOUT/tmp"
  echo '{"imageLayoutVersion":"1.0.0"}' > "$LAYOUT/oci-layout"
  local name d refs='{}'
  for name in "${COMPONENTS[@]}"; do
    mkdir -p "$LAYOUT/tmp/$name/usr/share/$name"
    echo "$name of release $VERSION" > "$LAYOUT/tmp/$name/usr/share/$name/id"
    d=$(image "$(jq -cn --arg n "$name" '{"io.openshift.build.component": $n}')" "$LAYOUT/tmp/$name")
    tag "$name" "$d"
    refs=$(jq -c --arg n "$name" --arg s "$SOURCE/$COMPONENT_REPO@$(jq -r .digest <<<"$d")" '. + {($n): $s}' <<<"$refs")
  done
  echo "$refs" > "$LAYOUT/tmp/components.json"
  mkdir -p "$LAYOUT/tmp/base/usr/bin" "$LAYOUT/tmp/manifests/release-manifests"
  echo "cvo amd64" > "$LAYOUT/tmp/base/usr/bin/cluster-version-operator"
  jq --arg v "$VERSION" '{kind: "ImageStream", apiVersion: "image.openshift.io/v1", metadata: {name: $v},
      spec: {tags: [to_entries[] | {name: .key, from: {kind: "DockerImage", name: .value}}]}}' <<<"$refs" \
    > "$LAYOUT/tmp/manifests/release-manifests/image-references"
  jq -n --arg v "$VERSION" '{kind: "cincinnati-metadata-v0", version: $v, metadata: {}}' \
    > "$LAYOUT/tmp/manifests/release-manifests/release-metadata"
  tag release "$(image "$(jq -cn --arg v "$VERSION" '{"io.openshift.release": $v, arch: "amd64"}')" \
    "$LAYOUT/tmp/base" "$LAYOUT/tmp/manifests")"
}

push() {   # REF REPO:TAG → the source
  skopeo copy --quiet --retry-times 2 --dest-cert-dir="$STATE/source/certs.d" --dest-authfile="$STATE/auth.json" \
    "oci:$LAYOUT:$1" "docker://$SOURCE/$2" >/dev/null || die "push of $1 to $SOURCE/$2 failed"
}

start() {
  for c in docker-registry skopeo jq openssl htpasswd curl sha256sum; do
    command -v $c >/dev/null || die "$c is required (hack/install-packages.sh)"
  done
  for name in source mirror; do
    if [ -s "$STATE/$name/pid" ] && kill -0 "$(cat "$STATE/$name/pid")" 2>/dev/null; then
      die "$name is running already: hack/demo-registries.sh stop first"
    fi
  done
  rm -rf "$STATE"
  mkdir -p "$STATE"
  trap 'echo "demo-registries: failed; stopping the registries" >&2; stop_all' EXIT
  local ca=$PWD/$STATE/ca
  printf '%s' "$USER_PASS" > "$STATE/user-pass"
  registry start source "$SOURCE_PORT" --tls --ca-dir "$ca" --auth-file "$STATE/user-pass" > "$STATE/source.env"
  registry start mirror "$MIRROR_PORT" --tls --ca-dir "$ca" > "$STATE/mirror.env"
  rm -f "$STATE/user-pass"
  jq -n --arg h "$SOURCE" --arg a "$(printf '%s' "$USER_PASS" | base64 -w0)" '{auths: {($h): {auth: $a}}}' \
    > "$STATE/auth.json"
  chmod 600 "$STATE/auth.json"
  echo "demo-registries: source https://$SOURCE (user ${USER_PASS%%:*}), mirror https://$MIRROR, CA $STATE/ca/ca.crt" >&2

  build_release
  local name
  for name in "${COMPONENTS[@]}"; do push "$name" "$COMPONENT_REPO:$name"; done
  local release=$SOURCE/$RELEASE_REPO:$VERSION-x86_64
  push release "$RELEASE_REPO:$VERSION-x86_64"
  echo "demo-registries: pushed $release (${#COMPONENTS[@]} components) to the source" >&2

  hack/mirror.sh --release "$release" --to "$MIRROR" --output "$STATE/mirror-policies" \
    --src-cert-dir="$STATE/source/certs.d" --src-authfile="$STATE/auth.json" --dest-cert-dir="$STATE/mirror/certs.d"
  trap - EXIT

  cat <<EOF

The release is on both registries. Look it up through the mirror with the source stopped, as in an air gap:

  HO="java -jar hypershift-operator/target/hypershift-operator.jar"
  hack/local-registry.sh stop source --dir $PWD/$STATE/source
  \$HO release-info --image $release \\
      --mirror-config $STATE/mirror-policies/idms-oc-mirror.yaml --ca-file $STATE/ca/ca.crt
  \$HO overrides resolve --mirror-config $STATE/mirror-policies/idms-oc-mirror.yaml $release
  \$HO mirror-policy lint $STATE/mirror-policies/

With the source running, --pull-secret $STATE/auth.json lets a lookup fall back to it.
Stop both registries: hack/demo-registries.sh stop
EOF
}

case ${1:-} in
  start) start ;;
  stop) stop_all ;;
  *) usage ;;
esac
