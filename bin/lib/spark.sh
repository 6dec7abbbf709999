# Shared by bin/proxima-spark: Spark's JVM flags, the classpath of the spark module, and spark-defaults.conf as
# system properties (SparkConf reads every spark.* property). Sourced after java.sh, not run.

# Spark's own JavaModuleOptions (spark-submit adds them; a plain JVM must), plus the Vector API for the engine:
# kept in step with spark.jvm.args in spark/pom.xml.
PROXIMA_SPARK_JVM_FLAGS=(--add-modules=jdk.incubator.vector
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  -Dio.netty.tryReflectionSetAccessible=true --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)

# Prints the spark module's jar and its runtime jars (Spark's included). $1: repository root.
proxima_spark_classpath() {
  echo "$(ls "$1"/spark/target/proxima-ce-spark-*.jar | grep -v -- '-tests.jar' | head -n 1):$1/spark/target/lib/*"
}

# Builds the spark module (and what it needs) when its jar is missing or older than the sources. $1: repository root.
proxima_spark_build_if_needed() {
  local root="$1" jar
  jar="$(ls "$root"/spark/target/proxima-ce-spark-*.jar 2>/dev/null | head -n 1 || true)"
  if [ -n "$jar" ] && [ -d "$root/spark/target/lib" ] && [ -z "$(find "$root/pom.xml" "$root/engine/pom.xml" "$root/spark/pom.xml" \
      "$root/engine/src/main" "$root/spark/src/main" -newer "$jar" -print -quit 2>/dev/null)" ]; then
    return 0
  fi
  if ! command -v mvn >/dev/null 2>&1; then
    echo "proxima-spark: building needs Apache Maven (mvn) on the PATH; install it (e.g. apt-get install maven)." >&2
    return 1
  fi
  echo "proxima-spark: building the spark module (first use downloads Spark, about 350 MB)..." >&2
  (cd "$root" && JAVA_HOME="$JAVA_HOME" MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" \
    mvn -q -B -ntp -Dstyle.color=never -DskipTests -pl spark -am package) >&2 || {
    echo "proxima-spark: the build failed; see the messages above." >&2
    return 1
  }
}

# Prints each setting of the spark-defaults.conf at $1 as a java @argfile line, "-Dkey=value" quoted for the launcher
# ("key value" or "key=value" lines; # and ! comments and blank lines skipped). Unlike spark-submit's
# Properties.load, a backslash is kept as written and a line never continues on the next. An argfile, not -D
# arguments, so that keys (spark.hadoop.odps.access.key) stay out of the process list.
proxima_spark_settings() {
  local line key value arg
  while IFS= read -r line || [ -n "$line" ]; do
    line="${line#"${line%%[![:space:]]*}"}"
    [ -z "$line" ] || [ "${line:0:1}" = "#" ] || [ "${line:0:1}" = "!" ] && continue
    key="${line%%[[:space:]=]*}"
    value="${line:${#key}}"
    value="${value#"${value%%[![:space:]]*}"}"
    value="${value#=}"
    value="${value#"${value%%[![:space:]]*}"}"
    value="${value%"${value##*[![:space:]]}"}"
    arg="-D$key=$value"
    arg="${arg//\\/\\\\}"
    arg="${arg//\"/\\\"}"
    printf '"%s"\n' "$arg"
  done < "$1"
}
