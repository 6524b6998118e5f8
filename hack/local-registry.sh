#!/usr/bin/env bash
# A real OCI registry (Debian's docker-registry, distribution v2) on 127.0.0.1, for development and tests.
#
#   hack/local-registry.sh start  NAME PORT [--tls] [--auth USER:PASS | --auth-file FILE] [--token-realm URL]
#                                 [--ca-dir DIR] [--dir DIR] [--address IP]
#   hack/local-registry.sh stop   NAME [PORT] [--dir DIR]
#   hack/local-registry.sh config NAME PORT [same options as start]   # write the files only; print key=value lines
#
# --tls       serve HTTPS with a server certificate (SAN DNS:localhost, IP:127.0.0.1) from a self-signed CA. The CA is
#             made in --ca-dir (default DIR/ca) unless one is there already, so several registries can share one CA.
# --auth      bcrypt htpasswd auth for USER (the password is read by htpasswd from stdin, never put on a command line
#             of its own); --auth-file reads USER:PASS from a file instead of this script's arguments.
# --token-realm  bearer-token auth instead of htpasswd: the registry sends clients to URL for a JWT, which it checks
#             against the CA (--ca-dir; a token service signs with ca.key and puts ca.crt in the x5c header), service
#             local-registry-NAME, issuer hypershift-local-registry. The tests' LocalRegistry runs such a service.
# --address   listen on IP instead of 127.0.0.1 (the certificate names it too): for example the host side of a
#             node's veth or Docker bridge, so that a node's container runtime can pull from it
# --dir       the registry's state (config.yml, storage/, registry.log, pid); default
#             ${LOCAL_REGISTRY_HOME:-${TMPDIR:-/tmp}/hypershift-local-registry}/NAME
#
# `start` prints what a client needs: addr, the CA file (give it to skopeo with --dest-cert-dir=CERT_DIR, to curl with
# --cacert, to release-info with --ca-file), the log. The JUnit extension LocalRegistry (support test-jar) runs
# `config` and starts docker-registry itself, so tests and developers use the same setup.
set -euo pipefail

usage() { sed -n '2,22p' "$0" >&2; exit 2; }
die() { echo "local-registry: $*" >&2; exit 1; }

[ $# -ge 2 ] || usage
cmd=$1 name=$2; shift 2
port=""
if [ $# -gt 0 ] && [[ $1 != --* ]]; then port=$1; shift; fi
tls=false auth="" ca_dir="" dir="" token_realm="" address=127.0.0.1
while [ $# -gt 0 ]; do
  case $1 in
    --tls) tls=true ;;
    --auth) auth=${2:?--auth USER:PASS}; shift ;;
    --auth-file) auth=$(cat "${2:?--auth-file FILE}"); shift ;;
    --ca-dir) ca_dir=${2:?--ca-dir DIR}; shift ;;
    --token-realm) token_realm=${2:?--token-realm URL}; shift ;;
    --dir) dir=${2:?--dir DIR}; shift ;;
    --address) address=${2:?--address IP}; shift ;;
    *) usage ;;
  esac
  shift
done
[[ $name =~ ^[A-Za-z0-9._-]+$ ]] || die "NAME must be [A-Za-z0-9._-]+"
[[ $address =~ ^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "--address must be an IPv4 address"
sans="DNS:localhost,IP:127.0.0.1"
[ "$address" = 127.0.0.1 ] || sans="$sans,IP:$address"
dir=${dir:-${LOCAL_REGISTRY_HOME:-${TMPDIR:-/tmp}/hypershift-local-registry}/$name}
ca_dir=${ca_dir:-$dir/ca}

make_ca() {
  mkdir -p "$ca_dir"
  [ -s "$ca_dir/ca.crt" ] && return 0
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 \
    -subj "/CN=hypershift local-registry test CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$ca_dir/ca.key" -out "$ca_dir/ca.crt.tmp" 2>/dev/null
  mv "$ca_dir/ca.crt.tmp" "$ca_dir/ca.crt"   # atomic: a concurrent reader sees a whole CA or none
}

make_server_cert() {
  mkdir -p "$dir/tls"
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=localhost" \
    -keyout "$dir/tls/server.key" -out "$dir/tls/server.csr" 2>/dev/null
  printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n' "$sans" \
    > "$dir/tls/ext.cnf"
  openssl x509 -req -in "$dir/tls/server.csr" -CA "$ca_dir/ca.crt" -CAkey "$ca_dir/ca.key" -CAcreateserial \
    -CAserial "$dir/tls/ca.srl" -days 30 -extfile "$dir/tls/ext.cnf" -out "$dir/tls/server.crt" 2>/dev/null
  # skopeo/containers want a directory holding only CA files (*.crt): a *.cert/*.key pair there is a client cert
  mkdir -p "$dir/certs.d"
  cp "$ca_dir/ca.crt" "$dir/certs.d/ca.crt"
}

write_config() {
  [ -n "$port" ] || die "PORT is required"
  mkdir -p "$dir/storage"
  local scheme=http
  {
    echo "version: 0.1"
    echo "log:"
    echo "  level: info"
    echo "  formatter: text"
    echo "  accesslog:"
    echo "    disabled: false"
    echo "storage:"
    echo "  filesystem:"
    echo "    rootdirectory: $dir/storage"
    echo "  delete:"
    echo "    enabled: true"
    echo "  maintenance:"
    echo "    uploadpurging:"
    echo "      enabled: false"
    echo "http:"
    echo "  addr: $address:$port"
    echo "  secret: $(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
    if $tls; then
      make_ca
      make_server_cert
      scheme=https
      echo "  tls:"
      echo "    certificate: $dir/tls/server.crt"
      echo "    key: $dir/tls/server.key"
    fi
    if [ -n "$token_realm" ]; then
      make_ca
      echo "auth:"
      echo "  token:"
      echo "    realm: $token_realm"
      echo "    service: local-registry-$name"
      echo "    issuer: hypershift-local-registry"
      echo "    rootcertbundle: $ca_dir/ca.crt"
    elif [ -n "$auth" ]; then
      local user=${auth%%:*} pass=${auth#*:}
      [ -n "$user" ] && [ "$user" != "$auth" ] || die "--auth wants USER:PASS"
      printf '%s' "$pass" | htpasswd -iBc "$dir/htpasswd" "$user" 2>/dev/null
      echo "auth:"
      echo "  htpasswd:"
      echo "    realm: local-registry-$name"
      echo "    path: $dir/htpasswd"
    fi
  } > "$dir/config.yml"
  echo "name=$name"
  echo "addr=$address:$port"
  echo "url=$scheme://$address:$port"
  echo "dir=$dir"
  echo "config=$dir/config.yml"
  echo "log=$dir/registry.log"
  if $tls; then echo "ca=$dir/certs.d/ca.crt"; echo "certdir=$dir/certs.d"; fi
  if [ -n "$auth" ]; then echo "user=${auth%%:*}"; fi
  if [ -n "$token_realm" ]; then
    echo "token_realm=$token_realm"; echo "token_service=local-registry-$name"; echo "token_issuer=hypershift-local-registry"
    echo "token_key=$ca_dir/ca.key"; echo "token_cert=$ca_dir/ca.crt"
  fi
}

wait_ready() {
  local url=$1 i
  for i in $(seq 1 100); do   # at most ~5 s
    if ! kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
      tail -5 "$dir/registry.log" >&2; die "$name exited during start-up"
    fi
    code=$(curl -s -o /dev/null -w '%{http_code}' ${tls:+--cacert "$dir/certs.d/ca.crt"} "$url/v2/" || true)
    case $code in 200|401) return 0 ;; esac
    sleep 0.05
  done
  die "$name not ready at $url after 5 s (see $dir/registry.log)"
}

case $cmd in
  config)
    write_config
    ;;
  start)
    if [ -s "$dir/pid" ] && kill -0 "$(cat "$dir/pid")" 2>/dev/null; then die "$name is running already (pid $(cat "$dir/pid"))"; fi
    out=$(write_config)
    echo "$out"
    setsid docker-registry serve "$dir/config.yml" >>"$dir/registry.log" 2>&1 < /dev/null &
    echo $! > "$dir/pid"
    $tls || tls=""
    wait_ready "$(sed -n 's/^url=//p' <<<"$out")"
    echo "pid=$(cat "$dir/pid")"
    ;;
  stop)
    [ -s "$dir/pid" ] || die "$name is not running (no $dir/pid)"
    pid=$(cat "$dir/pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$dir/pid"
    echo "stopped $name"
    ;;
  *) usage ;;
esac
