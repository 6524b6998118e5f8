#!/usr/bin/env bash
# The newcomer's demo on the embedded examples: the image registry overrides that the hypershift-operator builds from
# an oc-mirror-style ICSP and an IDMS, in each output format, and where a release lookup would go.
set -euo pipefail
cd "$(dirname "$0")/.."
HO=(java -jar hypershift-operator/target/hypershift-operator.jar)
echo "== OPENSHIFT_IMG_OVERRIDES built from examples/ (ICSP + IDMS)"
env_value="$("${HO[@]}" overrides from-manifests examples/)"
echo "$env_value"
echo
echo "== the same as JSON (sources sorted, mirrors in priority order)"
"${HO[@]}" overrides from-manifests --output json examples/
echo
image="quay.io/openshift-release-dev/ocp-v4.0-art-dev@sha256:$(printf '0%.0s' $(seq 64))"
echo "== where a pull of $image goes, in order"
"${HO[@]}" overrides resolve --overrides "$env_value" "$image"
