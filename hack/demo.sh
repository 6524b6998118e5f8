#!/usr/bin/env bash
# The newcomer's demo on the embedded examples: what the hypershift-operator would create for
# examples/hostedcluster.yaml on a management cluster holding an oc-mirror-style ICSP and an IDMS (examples/), offline,
# and the ignition-server's --registry-overrides followed by its tuples, as the design note says to check it.
# The full render stays in _output/demo/render.yaml.
set -euo pipefail
cd "$(dirname "$0")/.."
HO=(java -jar hypershift-operator/target/hypershift-operator.jar)
mkdir -p _output/demo
out=_output/demo/render.yaml
echo "== render examples/hostedcluster.yaml against examples/ (ICSP + IDMS), offline (--release-image-info)"
"${HO[@]}" render --hosted-cluster examples/hostedcluster.yaml --management-manifests examples/ \
  --pull-secret examples/pull-secret.json --release-image-info examples/release-info.json 2>/dev/null > "$out"
grep -E '^kind:' "$out" | sort | uniq -c
echo
echo "== the ignition-server Deployment: --registry-overrides followed by the source=mirror tuples"
python3 - "$out" <<'PY' 2>/dev/null || sed -n '/--registry-overrides$/{n;p}' "$out"
import sys
docs = open(sys.argv[1]).read().split("\n---\n")
for d in docs:
    if "kind: Deployment" in d and "name: ignition-server\n" in d:
        lines = d.splitlines()
        i = [k for k, l in enumerate(lines) if l.strip() == "- --registry-overrides"][0]
        value = lines[i + 1].strip()[2:].strip('"')
        print("--registry-overrides")
        for t in value.split(","):
            print("  " + t)
PY
echo
echo "== the control-plane-operator's RO flag: the value \"=\" is an empty source=target list (no RO; the mirrors are in the env)"
grep -E -- '- --registry-overrides=' "$out" | sed 's/^ *- /  /'
echo
image="quay.io/openshift-release-dev/ocp-v4.0-art-dev@sha256:$(printf '0%.0s' $(seq 64))"
env_value="$("${HO[@]}" overrides from-manifests examples/ 2>/dev/null)"
echo "== where a pull of $image goes, in order"
"${HO[@]}" overrides resolve --overrides "$env_value" "$image"
echo
echo "== every object of the render: $out"
