#!/usr/bin/env bash
# Builds the Java 17 runtime base image of the three images, offline, as a Docker-format tar (the `docker save`
# layout: Docker 20.10 cannot load OCI tars). Jib (in every `package`) builds onto it with `tar://`.
#
#   hack/base-image.sh [--output FILE] [--force]
#
# Default output: target/images/base-java17.tar at the repository root, with base-java17.inputs next to it; it is
# rebuilt only when this script or the JDK changes (--force rebuilds anyway). The last line printed is the tar.
#
# The image is one layer on an empty root:
#   /opt/java/openjdk      a jlink runtime of the modules below (JAVA_HOME; its bin/ is on PATH)
#   /lib/..., /lib64/...   the glibc libraries `ldd` lists for that runtime, at the same absolute paths
#   /etc/passwd, group     root and nonroot (65532); /etc/nsswitch.conf (hosts: files dns)
#   /tmp (1777), /home/nonroot (owned by 65532); every other directory 755, files 644 or 755
# The image's user is 65532:65532.
#
# Modules: those the three binaries need. `jdeps --print-module-deps` on their runtime class path also names
# java.desktop (java.beans, for commons-lang3's CircuitBreaker and micrometer's Log4j2Metrics) and java.compiler
# (annotation processing in JOSDK/javapoet); none of those classes is used at run time, so they are left out
# (java.desktop alone would add ~10 MB). jdk.httpserver serves /metrics, /healthz and ignition content.
set -euo pipefail
cd "$(dirname "$0")/.."

MODULES=java.base,java.net.http,jdk.crypto.ec,java.logging,java.management,jdk.management,java.naming,java.xml,jdk.unsupported,jdk.httpserver,java.sql
TAG="hypershift-java/base-java17:latest"
USER_ID=65532
OUTPUT="$PWD/target/images/base-java17.tar"
FORCE=false
while [ $# -gt 0 ]; do
  case "$1" in
    --output) OUTPUT="$(realpath -m "$2")"; shift 2 ;;
    --force) FORCE=true; shift ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
log() { echo "base-image.sh: $*" >&2; }

# A JDK 17 with jmods: $JAVA_HOME if it is one, else the one `javac` on the PATH belongs to.
jdk17() {
  local home
  for home in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v javac 2>/dev/null || echo /nonexistent)")")")" /usr/lib/jvm/java-17-openjdk-amd64; do
    if [ -n "$home" ] && [ -x "$home/bin/jlink" ] && [ -d "$home/jmods" ] && grep -q '^JAVA_VERSION="17' "$home/release" 2>/dev/null; then
      echo "$home"; return 0
    fi
  done
  log "no JDK 17 with jmods found (set JAVA_HOME; Debian: openjdk-17-jdk-headless)"; return 1
}
JDK="$(jdk17)"

inputs="$(sha256sum "$0" | cut -d' ' -f1) $(grep -E '^(JAVA_VERSION|IMPLEMENTOR)=' "$JDK/release" | tr '\n' ' ')$(uname -m)"
stamp="${OUTPUT%.tar}.inputs"
if ! $FORCE && [ -s "$OUTPUT" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$inputs" ]; then
  log "up to date: $OUTPUT"
  echo "$OUTPUT"
  exit 0
fi

start=$(date +%s%N)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"
mkdir -p "$root/opt/java" "$(dirname "$OUTPUT")"

log "jlink ($JDK) --add-modules $MODULES"
"$JDK/bin/jlink" --add-modules "$MODULES" --strip-debug --no-header-files --no-man-pages --compress=2 \
  --output "$root/opt/java/openjdk"
# Debian's JDK keeps the CA store in /etc/ssl/certs/java; a runtime must carry one of its own
if [ ! -s "$root/opt/java/openjdk/lib/security/cacerts" ]; then
  rm -f "$root/opt/java/openjdk/lib/security/cacerts"
  cp -L "$JDK/lib/security/cacerts" "$root/opt/java/openjdk/lib/security/cacerts"
fi

# The shared libraries the runtime's executables and libraries load, at the paths ldd resolves them to
# (the loader at the path the ELF interpreter names), copied as regular files.
libs="$(find "$root/opt/java/openjdk" -type f \( -name '*.so' -o -perm -u+x \) -print0 \
  | xargs -0 ldd 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\/.*ld-linux/ {print $1}' | sort -u)"
for lib in $libs; do
  case "$lib" in "$root"/*) continue ;; esac
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
log "glibc libraries: $(echo "$libs" | grep -v "^$root" | xargs -n1 basename | tr '\n' ' ')"

mkdir -p "$root/etc" "$root/tmp" "$root/home/nonroot"
printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:%s:%s:nonroot:/home/nonroot:/sbin/nologin\n' \
  "$USER_ID" "$USER_ID" > "$root/etc/passwd"
printf 'root:x:0:\nnonroot:x:%s:\n' "$USER_ID" > "$root/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$root/etc/nsswitch.conf"
find "$root" -type d -exec chmod 755 {} +
find "$root" -type f -exec chmod go-w,a+r {} +
chmod 1777 "$root/tmp"

# One layer, reproducible: sorted, epoch mtimes, numeric owners; /home/nonroot appended owned by the user.
layer="$work/layer.tar"
common=(--sort=name --mtime=@0 --numeric-owner --format=gnu)
tar -C "$root" "${common[@]}" --owner=0 --group=0 --exclude=./home/nonroot -cf "$layer" .
tar -C "$root" "${common[@]}" --owner="$USER_ID" --group="$USER_ID" -rf "$layer" ./home/nonroot
layer_sha="$(sha256sum "$layer" | cut -d' ' -f1)"

image="$work/image"
mkdir -p "$image/$layer_sha"
mv "$layer" "$image/$layer_sha/layer.tar"
config=$(cat <<JSON
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"User":"$USER_ID:$USER_ID","WorkingDir":"/home/nonroot",
  "Env":["PATH=/opt/java/openjdk/bin:/usr/bin:/bin","JAVA_HOME=/opt/java/openjdk","LANG=C.UTF-8","HOME=/home/nonroot"],
  "Labels":{"org.opencontainers.image.title":"hypershift-java Java 17 runtime base","org.opencontainers.image.description":"jlink $MODULES"}},
 "rootfs":{"type":"layers","diff_ids":["sha256:$layer_sha"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"hack/base-image.sh"}]}
JSON
)
config_sha="$(printf '%s' "$config" | sha256sum | cut -d' ' -f1)"
printf '%s' "$config" > "$image/$config_sha.json"
printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["%s/layer.tar"]}]' "$config_sha" "$TAG" "$layer_sha" \
  > "$image/manifest.json"
# Named entries, no "./": Jib refuses to extract a tar entry that does not resolve inside its destination.
tar -C "$image" "${common[@]}" --owner=0 --group=0 -cf "$OUTPUT.tmp" manifest.json "$config_sha.json" "$layer_sha"
mv "$OUTPUT.tmp" "$OUTPUT"
echo "$inputs" > "$stamp"
log "built $TAG: $(du -h "$OUTPUT" | cut -f1) (runtime $(du -sh "$root/opt/java/openjdk" | cut -f1)) in $(( ($(date +%s%N) - start) / 1000000 )) ms"
echo "$OUTPUT"
