#!/usr/bin/env bash
# Sets up a fresh machine: the Debian packages the tests use, then builds every module with the Maven wrapper
# (tests skipped; run them with ./mvnw -B verify).
set -euo pipefail
cd "$(dirname "$0")/.."
hack/install-packages.sh
./mvnw -B -q -ntp -DskipTests install
echo "setup: built hypershift-operator/target/hypershift-operator.jar, control-plane-operator/target/control-plane-operator.jar, ignition-server/target/ignition-server.jar" >&2
