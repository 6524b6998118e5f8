# Shared by hack/kube-node.sh (pause, CoreDNS) and the smoke checks in docs/throwaway-cluster.md (source it): a
# one-layer image tar in the `docker save` layout, which both `ctr -n k8s.io images import` and Docker 20.10's
# `docker load` accept (Docker 20.10 refuses OCI tars).
#
#   image_tar ROOT TAG OUTPUT ENTRYPOINT_JSON [USER]
#
# ROOT is the directory that becomes the image's file system (owned by root, epoch mtimes: reproducible), TAG
# a full reference (registry.k8s.io/pause:3.10.1), ENTRYPOINT_JSON a JSON array (["/pause"]).
image_tar() {
  local root="$1" tag="$2" output="$3" entrypoint="$4" user="${5:-0:0}" dir layer config
  dir="$(mktemp -d)"
  local opts=(--sort=name --mtime=@0 --numeric-owner --owner=0 --group=0 --format=gnu)
  tar -C "$root" "${opts[@]}" -cf "$dir/layer.tar" .
  layer="$(sha256sum "$dir/layer.tar" | cut -d' ' -f1)"
  mkdir "$dir/$layer" && mv "$dir/layer.tar" "$dir/$layer/layer.tar"
  printf '{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z","config":{"User":"%s","Entrypoint":%s,"WorkingDir":"/"},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
    "$user" "$entrypoint" "$layer" > "$dir/config.json"
  config="$(sha256sum "$dir/config.json" | cut -d' ' -f1)"
  mv "$dir/config.json" "$dir/$config.json"
  printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["%s/layer.tar"]}]' "$config" "$tag" "$layer" > "$dir/manifest.json"
  mkdir -p "$(dirname "$output")"
  tar -C "$dir" "${opts[@]}" -cf "$output.tmp" manifest.json "$config.json" "$layer"
  mv "$output.tmp" "$output"
  rm -rf "$dir"
}
