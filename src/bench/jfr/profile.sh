#!/usr/bin/env bash
# Where the time goes: runs the benchmark on Switchboard only (broadcast-paced-200, then echo 64 B) and records
# 8 s of each with JFR, sampling Java stacks every 1 ms, then prints the cost centres (shares.py).
# Usage, from the repository root: bash src/bench/jfr/profile.sh [output dir, default target/jfr]
set -u
out=${1:-target/jfr}; mkdir -p "$out"
jdk=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
sed -e 's/control="method-sampling-java-interval">[0-9]* ms/control="method-sampling-java-interval">1 ms/' \
    -e 's/control="method-sampling-native-interval">[0-9]* ms/control="method-sampling-native-interval">5 ms/' \
    "$jdk/lib/jfr/profile.jfc" > "$out/dense.jfc"
mvn -B -Pbench verify -Dbench.scenarios=broadcast-paced-200,echo -Dbench.baseline=false -Dbench.echo.sizes=64 \
    -Dbench.duration=12 -Dbench.jvmWarmup=6 > "$out/bench.log" 2>&1 &
mvnpid=$!
pid=""
for scenario in "broadcast-paced-200 on switchboard" "echo 64 B"; do
  name=${scenario%% *}
  until grep -q "$scenario" "$out/bench.log"; do sleep 0.5; kill -0 $mvnpid 2>/dev/null || { echo "benchmark ended early: $out/bench.log"; exit 1; }; done
  [ -n "$pid" ] || pid=$(ss -ltnp | grep ':8090 ' | sed -E 's/.*pid=([0-9]+).*/\1/' | head -1)
  sleep 4 # past the scenario's warm-up
  jcmd "$pid" JFR.start name="$name" settings="$(readlink -f "$out/dense.jfc")" duration=8s filename="$(readlink -f "$out")/$name.jfr" > /dev/null
  sleep 9
done
wait $mvnpid
for f in "$out"/*.jfr; do python3 "$(dirname "$0")/shares.py" "$f"; done
