# Shared by the launchers in bin/: find a JDK 25, and build proxima-ce on first use in a source tree. Sourced, not run.
# Two layouts: a source tree (the jars under cli/target and bench/target, built by Maven on first use) and an
# installed one, unpacked from bin/package's archive (the jars in lib/ beside bin/, the log config in conf/).

# The JVM flags every proxima-ce JVM needs: the Vector API module for the SIMD kernels, and quiet
# native/Unsafe access for Hadoop (kept in step with proxima.jvm.flags in pom.xml). The kernels are
# also compiled by the JIT after far fewer calls: until then Vector API code runs tens of times slower
# (the float kernels in kernel, the int8 code kernels in quant).
PROXIMA_JVM_FLAGS=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
  -XX:CompileCommand=quiet "-XX:CompileCommand=CompileThresholdScaling,io.proximace.kernel.*::*,0.01"
  "-XX:CompileCommand=CompileThresholdScaling,io.proximace.quant.*::*,0.01")

# Prints the classpath entries that Hadoop's launchers put first: $HADOOP_CONF_DIR and $YARN_CONF_DIR (each when
# set and a folder), so that their core-site.xml, hdfs-site.xml, mapred-site.xml and yarn-site.xml are read.
proxima_conf_classpath() {
  local cp="" d
  for d in "${HADOOP_CONF_DIR:-}" "${YARN_CONF_DIR:-}"; do
    if [ -n "$d" ] && [ -d "$d" ] && [[ ":$cp:" != *":$d:"* ]]; then cp="${cp:+$cp:}$d"; fi
  done
  echo "$cp"
}

# Prints the major version of the JDK at $1, or nothing.
proxima_jdk_major() {
  local home="$1" v=""
  [ -x "$home/bin/java" ] || return 0
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
  fi
  if [ -z "$v" ]; then
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
  fi
  echo "$v"
}

# Prints a JDK 25 (or newer) home: $JAVA_HOME if it is one, else the newest under /usr/lib/jvm.
proxima_find_jdk() {
  local best="" best_v=0 d v
  if [ -n "${JAVA_HOME:-}" ]; then
    v=$(proxima_jdk_major "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge 25 ]; then echo "$JAVA_HOME"; return 0; fi
  fi
  for d in /usr/lib/jvm/*/ /opt/java/*/ "$HOME"/.sdkman/candidates/java/*/; do
    [ -d "$d" ] || continue
    d="${d%/}"
    v=$(proxima_jdk_major "$d")
    if [ -n "$v" ] && [ "$v" -ge 25 ] && [ "$v" -gt "$best_v" ]; then best="$d"; best_v="$v"; fi
  done
  if [ -z "$best" ]; then
    echo "proxima-ce: no JDK 25 found (JAVA_HOME=${JAVA_HOME:-unset}, nothing suitable under /usr/lib/jvm)." >&2
    echo "proxima-ce: install a JDK 25 (e.g. Eclipse Temurin 25) and set JAVA_HOME to it." >&2
    return 1
  fi
  echo "$best"
}

# True when $1 (the folder above bin/) is an unpacked distribution: its jars are in lib/ and nothing is built.
proxima_installed() {
  [ -f "$1/lib/proxima-ce.jar" ]
}

# Prints the classpath: in an installed layout conf/ (the log config, first so that a log4j.properties in a
# Hadoop conf folder does not replace it), then $3, then every jar in lib/; in a source tree $3, then the runnable
# jar $2 (cli/target/proxima-ce.jar or bench/target/benchmarks.jar), whose manifest names the jars beside it.
# $1: the folder above bin/; $3: extra entries (the Hadoop conf folders), may be empty.
proxima_classpath() {
  if proxima_installed "$1"; then echo "$1/conf:${3:+$3:}$1/lib/*"; else echo "${3:+$3:}$2"; fi
}

# Builds the runnable jars (cli and bench) when missing or older than the sources. $1: repository root.
proxima_build_if_needed() {
  local root="$1" jar
  local stale=""
  proxima_installed "$root" && return 0
  for jar in "$root/cli/target/proxima-ce.jar" "$root/bench/target/benchmarks.jar"; do
    if [ ! -f "$jar" ] || [ -n "$(find "$root/pom.xml" "$root"/*/pom.xml "$root"/*/src/main -newer "$jar" -print -quit 2>/dev/null)" ]; then
      stale=yes
    fi
  done
  [ -z "$stale" ] && return 0
  if ! command -v mvn >/dev/null 2>&1; then
    echo "proxima-ce: building needs Apache Maven (mvn) on the PATH; install it (e.g. apt-get install maven)." >&2
    return 1
  fi
  echo "proxima-ce: building (first use or sources changed; takes a minute)..." >&2
  (cd "$root" && JAVA_HOME="$JAVA_HOME" MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" \
    mvn -q -B -ntp -Dstyle.color=never -DskipTests -pl cli,bench -am package && touch cli/target/proxima-ce.jar bench/target/benchmarks.jar) >&2 || {
    echo "proxima-ce: the build failed; see the messages above." >&2
    return 1
  }
}
