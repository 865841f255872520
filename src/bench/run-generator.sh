#!/usr/bin/env bash
# Runs the load generator for `mvn -Pbench verify` (exec-maven-plugin calls it in integration-test).
# Usage: run-generator.sh BENCH_DIR JAVA_ARGS...
# Raises the open-file limit to the hard limit (the idle scenario holds 10,000 sockets), runs java, and
# records the exit code in BENCH_DIR/generator-exit-code instead of failing here: Maven must still reach
# post-integration-test to stop Tomcat; the verify phase fails the build afterwards if the code is not 0.
bench_dir="$1"
shift
mkdir -p "$bench_dir"
rm -f "$bench_dir/generator-exit-code"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
echo "bench: open-file limit $(ulimit -n) (hard $(ulimit -Hn))"
java_bin=java
if [ -n "$JAVA_HOME" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  java_bin="$JAVA_HOME/bin/java"
fi
"$java_bin" -Dbench.fileLimit="$(ulimit -n)" "$@"
code=$?
echo "$code" > "$bench_dir/generator-exit-code"
exit 0
