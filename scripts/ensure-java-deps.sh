#!/usr/bin/env bash
# Fetches Apache BookKeeper 4.17 and ZooKeeper jars from Maven Central into
# test/interop/java/target/lib, through the project's own Maven repository (.tools/m2, see
# scripts/toolchain-env.mjs): a clean clone has neither, so it always runs the fetch. Later runs
# in the same checkout reuse target/lib. Fails with Maven's own error if the registry refuses.
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/lib/steps.sh
source "$ROOT/scripts/lib/steps.sh"
load_toolchain_env "$ROOT"

step "Java jars: Apache BookKeeper and ZooKeeper (Maven Central into $QUIRE_M2)"
cd "$ROOT/test/interop/java"
version() { sed -n "s|.*<$1>\(.*\)</$1>.*|\1|p" pom.xml | sed -n 1p; }
BK="$(version bookkeeper.version)"
lib=target/lib
if [ -f "$lib/bookkeeper-server-$BK.jar" ] && [ -f "$lib/zookeeper-3.9.3.jar" ] && [ -f "$lib/prometheus-metrics-provider-$BK.jar" ] && [ -f "$lib/snappy-java-1.1.10.5.jar" ]; then
  how=found
else
  if ! command -v mvn >/dev/null 2>&1; then
    echo "Maven (mvn) is required: apt-get install -y maven" >&2
    exit 1
  fi
  mvn -B -q -Dstyle.color=never dependency:copy-dependencies
  how=fetched
fi
report "bookkeeper + zookeeper jars" "$BK ($how, $(find "$lib" -name '*.jar' | wc -l) jars in test/interop/java/$lib)"
