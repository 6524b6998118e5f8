#!/usr/bin/env bash
# Mirrors an OpenShift release image and all of its component images to another registry, the way oc-mirror does,
# and writes the mirror policies a cluster needs to use the copy.
#
#   hack/mirror.sh [--release SRC_PULL_SPEC] [--image SRC_REF]... --to DEST_REGISTRY[/PREFIX] --output DIR
#                  [--src-cert-dir D | --src-tls-verify=false] [--src-authfile F]
#                  [--dest-cert-dir D | --dest-tls-verify=false] [--dest-authfile F] [--arch amd64]
#
# Each image keeps its repository path under DEST (quay.io/openshift-release-dev/ocp-release →
# DEST/openshift-release-dev/ocp-release), and is copied with `skopeo copy --all --preserve-digests`, so every digest in
# the release's image-references is valid on the mirror. Writes to DIR:
#   imageContentSourcePolicy.yaml  oc-mirror v1 shape: ICSP "release-0", one repositoryDigestMirrors entry per source
#                                  repository
#   idms-oc-mirror.yaml            oc-mirror v2 shape: IDMS "idms-release-0", one imageDigestMirrors entry per source
#                                  namespace (the repository path without its last component)
#   itms-oc-mirror.yaml            oc-mirror v2 shape, only when an --image was given by tag (as oc-mirror v2 writes it
#                                  when at least one image was mirrored by tag): ITMS "itms-generic-0", one
#                                  imageTagMirrors entry per source namespace of those images
# Each --image (an additionalImages entry) is copied as it is named, keeping its tag; one given by digest only adds
# its namespace to the ICSP/IDMS. At least one of --release and --image is needed.
# Credentials come only from authfiles (docker config.json), never from arguments. Needs skopeo, jq and tar.
set -euo pipefail

usage() { sed -n '2,21p' "$0" >&2; exit 2; }
die() { echo "mirror: $*" >&2; exit 1; }

release="" dest="" out="" arch=amd64
src_flags=() dest_flags=() images=()
while [ $# -gt 0 ]; do
  case $1 in
    --release) release=${2:?}; shift ;;
    --image) images+=("${2:?}"); shift ;;
    --to) dest=${2%/}; shift ;;
    --output) out=${2:?}; shift ;;
    --arch) arch=${2:?}; shift ;;
    --src-cert-dir|--src-authfile|--dest-cert-dir|--dest-authfile)
      flag=$1; val=${2:?$1 needs a value}; shift
      case $flag in --src-*) src_flags+=("$flag=$val") ;; *) dest_flags+=("$flag=$val") ;; esac ;;
    --src-cert-dir=*|--src-authfile=*|--src-tls-verify=*) src_flags+=("$1") ;;
    --dest-cert-dir=*|--dest-authfile=*|--dest-tls-verify=*) dest_flags+=("$1") ;;
    -h|--help) usage ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
  shift
done
{ [ -n "$release" ] || [ ${#images[@]} -gt 0 ]; } && [ -n "$dest" ] && [ -n "$out" ] || usage
for c in skopeo jq tar; do command -v $c >/dev/null || die "$c is required (hack/install-packages.sh)"; done

# host/path[:tag][@digest] → path (without host, tag and digest)
repo_path() { local r=${1%%@*}; r=${r#*/}; [[ $r == *:* ]] && r=${r%:*}; echo "$r"; }
repo_of() { local r=${1%%@*}; local last=${r##*/}; [[ $last == *:* ]] && r=${r%:*}; echo "$r"; }
tag_of() { local r=${1%%@*}; local last=${r##*/}; [[ $last == *:* ]] && echo "${last##*:}" || true; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

copy() {   # SRC DST
  skopeo copy --quiet --all --preserve-digests --retry-times 2 "${src_flags[@]}" "${dest_flags[@]}" \
    "docker://$1" "docker://$2" >/dev/null || die "copy $1 → $2 failed"
}

declare -A sources=() tag_sources=()
inspect_flags=("${src_flags[@]/--src-/--}")   # skopeo inspect spells them without src-
if [ -n "$release" ]; then
  # 1. the release manifest for ARCH, then its image-references from the layers (top layer first)
  raw=$(skopeo inspect --raw --retry-times 2 "${inspect_flags[@]}" "docker://$release") || die "cannot read $release"
  ref="docker://$release"
  if [ "$(jq -r '.manifests != null' <<<"$raw")" = true ]; then
    d=$(jq -r --arg a "$arch" '[.manifests[] | select(.platform.os == "linux" and .platform.architecture == $a)][0].digest // empty' <<<"$raw")
    [ -n "$d" ] || die "$release has no linux/$arch manifest"
    ref="docker://$(repo_of "$release")@$d"
  fi
  skopeo copy --quiet --retry-times 2 "${src_flags[@]}" "$ref" "dir:$work/release" >/dev/null
  found=""
  for layer in $(jq -r '.layers | reverse | .[].digest | sub("sha256:"; "")' "$work/release/manifest.json"); do
    if tar -xOf "$work/release/$layer" release-manifests/image-references > "$work/image-references" 2>/dev/null; then
      found=$layer; break
    fi
  done
  [ -n "$found" ] || die "$release is not a release image: no release-manifests/image-references"
  version=$(tar -xOf "$work/release/$found" release-manifests/release-metadata 2>/dev/null | jq -r '.version // empty' || true)
  tag=$(tag_of "$release")
  [ -n "$tag" ] || tag=${version:-release}

  # 2. components (by digest; tagged <release tag>-<name> on the mirror so they are easy to find), then the release
  count=0
  while read -r name spec; do
    [ -n "$name" ] || continue
    copy "$spec" "$dest/$(repo_path "$spec"):$tag-$name"
    sources[$(repo_of "$spec")]=1
    count=$((count + 1))
  done < <(jq -r '.spec.tags[] | "\(.name) \(.from.name)"' "$work/image-references")
  copy "$release" "$dest/$(repo_path "$release"):$tag"
  sources[$(repo_of "$release")]=1
  echo "mirror: copied $release and $count components to $dest" >&2
fi

# 2b. the additional images, each as it is named: a tag stays a tag (and needs an ITMS), a digest a digest
for image in ${images[@]+"${images[@]}"}; do
  if [[ $image == *@* ]]; then
    copy "$image" "$dest/$(repo_path "$image")@${image#*@}"
    sources[$(repo_of "$image")]=1
  else
    t=$(tag_of "$image")
    [ -n "$t" ] || die "--image $image: give a tag or a digest"
    copy "$image" "$dest/$(repo_path "$image"):$t"
    tag_sources[$(repo_of "$image")]=1
  fi
done
[ ${#images[@]} -eq 0 ] || echo "mirror: copied ${#images[@]} additional image(s) to $dest" >&2

# 3. the policies
mkdir -p "$out"
mapfile -t repos < <(printf '%s\n' "${!sources[@]}" | sed '/^$/d' | sort)
dest_of() { echo "$dest/${1#*/}"; }   # host/path → DEST/path
mirror_set() {   # KIND NAME FIELD NAMESPACE...: an IDMS or ITMS, one entry per source namespace, as oc-mirror v2 writes it
  local kind=$1 name=$2 field=$3 ns; shift 3
  echo "apiVersion: config.openshift.io/v1"
  echo "kind: $kind"
  echo "metadata:"
  echo "  name: $name"
  echo "spec:"
  echo "  $field:"
  for ns in "$@"; do
    echo "  - mirrors:"
    if [[ $ns == */* ]]; then echo "    - $(dest_of "$ns")"; else echo "    - $dest"; fi
    echo "    source: $ns"
  done
  echo "status: {}"
}
written=()
if [ ${#repos[@]} -gt 0 ]; then
  {
    echo "---"
    echo "apiVersion: operator.openshift.io/v1alpha1"
    echo "kind: ImageContentSourcePolicy"
    echo "metadata:"
    echo "  name: release-0"
    echo "spec:"
    echo "  repositoryDigestMirrors:"
    for r in "${repos[@]}"; do
      echo "  - mirrors:"
      echo "    - $(dest_of "$r")"
      echo "    source: $r"
    done
  } > "$out/imageContentSourcePolicy.yaml"
  mapfile -t namespaces < <(for r in "${repos[@]}"; do echo "${r%/*}"; done | sort -u)
  mirror_set ImageDigestMirrorSet idms-release-0 imageDigestMirrors "${namespaces[@]}" > "$out/idms-oc-mirror.yaml"
  written+=("$out/imageContentSourcePolicy.yaml" "$out/idms-oc-mirror.yaml")
fi
mapfile -t tag_namespaces < <(for r in "${!tag_sources[@]}"; do echo "${r%/*}"; done | sed '/^$/d' | sort -u)
if [ ${#tag_namespaces[@]} -gt 0 ]; then
  mirror_set ImageTagMirrorSet itms-generic-0 imageTagMirrors "${tag_namespaces[@]}" > "$out/itms-oc-mirror.yaml"
  written+=("$out/itms-oc-mirror.yaml")
fi
echo "mirror: wrote ${written[*]}" >&2
