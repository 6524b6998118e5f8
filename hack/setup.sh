#!/usr/bin/env bash
# Sets up a fresh machine: the Debian packages the tests use, a Docker engine for the container image tests (where
# one can run: root, no systemd needed), then builds every module with the Maven wrapper, tests skipped.
# The test command (./mvnw -B verify) builds what else it needs on first use: kube-apiserver and etcd from Go
# modules, once per machine (see README.md for what that costs).
set -euo pipefail
cd "$(dirname "$0")/.."
hack/install-packages.sh
if ! hack/dockerd.sh start; then
  echo "setup: no Docker engine: the container image tests will be skipped (and say so)" >&2
fi
./mvnw -B -q -ntp -DskipTests install
echo "setup: built hypershift-operator/target/hypershift-operator.jar, control-plane-operator/target/control-plane-operator.jar, ignition-server/target/ignition-server.jar and their image tars (<module>/target/<module>-image.tar)" >&2
