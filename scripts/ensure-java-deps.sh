#!/usr/bin/env bash
# Fetches Apache BookKeeper 4.17 and ZooKeeper jars from Maven Central into test/interop/java/target/lib
# (once; later runs reuse them). Fails with Maven's own error if the registry cannot serve them.
set -euo pipefail
cd "$(dirname "$0")/../test/interop/java"
if [ -f target/lib/bookkeeper-server-4.17.2.jar ] && [ -f target/lib/zookeeper-3.9.3.jar ] && [ -f target/lib/prometheus-metrics-provider-4.17.2.jar ] && [ -f target/lib/snappy-java-1.1.10.5.jar ]; then exit 0; fi
command -v mvn >/dev/null || { echo "Maven (mvn) is required: apt-get install -y maven" >&2; exit 1; }
mvn -B -q dependency:copy-dependencies
