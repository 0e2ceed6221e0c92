# shellcheck shell=bash
# The bench drivers (src/test/java/dev/mosaic/bench) run from the test classes: build those, then replace this shell
# with the JVM.   bench_java [JVM_OPTION…] dev.mosaic.bench.Driver [ARG…]
bench_java() {
  local root jdk
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  . "$root/lib/jdk.sh"
  jdk="$(find_jdk)"
  cd "$root"
  JAVA_HOME="$jdk" mvn -q -B -ntp test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >&2
  exec "$jdk/bin/java" --enable-native-access=ALL-UNNAMED \
    -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" "$@"
}
