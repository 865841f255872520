#!/usr/bin/env bash
# Starts and stops WildFly or Payara Micro for `mvn -Pbench verify -Dbench.server=wildfly|payara` (the bench
# profile calls it in pre-integration-test and post-integration-test; Tomcat is cargo's job). Report only.
#
#   server.sh start wildfly|payara SERVERS_DIR PORT SWITCHBOARD_WAR BASELINE_WAR "JVM OPTIONS"
#   server.sh stop  wildfly|payara SERVERS_DIR
#
# SERVERS_DIR holds what the profile unpacked or copied from Maven Central: wildfly-<version>/ or
# payara/payara-micro.jar. Both WARs are deployed at /switchboard and /baseline; every HTTP and management
# listener binds 127.0.0.1. Payara Micro runs without clustering (--nocluster), with --disablephonehome,
# Hazelcast's phone-home off and name lookups from a local hosts file, so nothing leaves the machine; as in the
# ITs (src/test/resources/arquillian.xml), its Hazelcast still listens on port 6900 on every interface (neither
# --interfaces 127.0.0.1 nor -Dhazelcast.socket.bind.any=false moved it) and sends nothing. The server runs in a session of its own
# (setsid); its process group id is kept in SERVERS_DIR/<server>.pid, and stop ends that group only.
# start returns once both WARs answer (or fails, after stopping what it started, if they do not in 300 s).
set -u
action="$1"
server="$2"
dir="$3"
pidfile="$dir/$server.pid"
log="$dir/$server.log"

java_bin=java
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  java_bin="$JAVA_HOME/bin/java"
fi

stop() {
  [ -f "$pidfile" ] || return 0
  local pgid
  pgid="$(cat "$pidfile")"
  rm -f "$pidfile"
  if ! kill -0 -- "-$pgid" 2>/dev/null; then
    return 0
  fi
  echo "bench: stopping $server (process group $pgid)"
  kill -TERM -- "-$pgid" 2>/dev/null
  for _ in $(seq 1 60); do
    kill -0 -- "-$pgid" 2>/dev/null || return 0
    sleep 0.5
  done
  echo "bench: $server did not stop in 30 s: killing process group $pgid"
  kill -KILL -- "-$pgid" 2>/dev/null
  return 0
}

# Waits until <url> answers with the status <expected>; with a third argument the request is a WebSocket
# handshake (expected 101; curl then waits for its 2 s limit on the open connection, which is fine).
await() {
  local url="$1" expected="$2" ws="${3:-}" deadline=$((SECONDS + 300)) code
  local headers=()
  if [ -n "$ws" ]; then
    headers=(-H "Connection: Upgrade" -H "Upgrade: websocket" -H "Sec-WebSocket-Version: 13"
      -H "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==")
  fi
  while [ $SECONDS -lt $deadline ]; do
    if [ -f "$pidfile" ] && ! kill -0 -- "-$(cat "$pidfile")" 2>/dev/null; then
      echo "bench: $server exited during start-up; the end of $log:"
      tail -40 "$log"
      return 1
    fi
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "${headers[@]}" "$url" 2>/dev/null)"
    if [ "$code" = "$expected" ]; then
      echo "bench: $url answers $code"
      return 0
    fi
    sleep 1
  done
  echo "bench: $url did not answer in 300 s; the end of $log:"
  tail -40 "$log"
  return 1
}

# Runs the command in a new session (its own process group) in the background, output to $log; the group's
# id is written to $pidfile by the new session leader itself, once it is one.
launch() {
  rm -f "$pidfile"
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" >"$log" 2>&1 </dev/null &
  for _ in $(seq 1 100); do
    [ -s "$pidfile" ] && return 0
    sleep 0.1
  done
  echo "bench: $server did not start" >&2
  exit 1
}

case "$action" in
  stop)
    stop
    exit 0
    ;;
  start)
    port="$4"
    war="$5"
    baseline="$6"
    options="${7:-}"
    stop # a server left behind by an interrupted run
    if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/"; then
      echo "bench: something already listens on 127.0.0.1:$port; stop it first" >&2
      exit 1
    fi
    case "$server" in
      wildfly)
        home="$(ls -d "$dir"/wildfly-* 2>/dev/null | head -1)"
        if [ -z "$home" ] || [ ! -x "$home/bin/standalone.sh" ]; then
          echo "bench: no WildFly in $dir" >&2
          exit 1
        fi
        deployments="$home/standalone/deployments"
        rm -f "$deployments"/*.war "$deployments"/*.war.*
        cp "$war" "$deployments/switchboard.war"
        cp "$baseline" "$deployments/baseline.war"
        # Every socket binding shifted by one offset, so HTTP lands on $port (management on 9990 + offset).
        offset=$((port - 8080))
        # JAVA_OPTS replaces standalone.conf's defaults (-Xmx512m among them): no heap limit, as the Tomcat run.
        export JAVA_OPTS="-Djava.net.preferIPv4Stack=true -Djava.awt.headless=true -Djboss.modules.system.pkgs=org.jboss.byteman $options"
        echo "bench: starting WildFly ($home) on 127.0.0.1:$port, log $log"
        launch "$home/bin/standalone.sh" -b 127.0.0.1 -bmanagement 127.0.0.1 \
          -Djboss.bind.address.private=127.0.0.1 -Djboss.socket.binding.port-offset="$offset"
        ;;
      payara)
        home="$dir/payara"
        if [ ! -f "$home/payara-micro.jar" ]; then
          echo "bench: no payara-micro.jar in $home" >&2
          exit 1
        fi
        mkdir -p "$home/tmp"
        printf '127.0.0.1 localhost %s\n::1 localhost\n' "$(hostname)" >"$home/hosts"
        cat >"$home/preboot-commands.txt" <<'EOF'
set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address=127.0.0.1
set configs.config.server-config.network-config.network-listeners.network-listener.https-listener.address=127.0.0.1
EOF
        echo "bench: starting Payara Micro ($home/payara-micro.jar) on 127.0.0.1:$port, log $log"
        # shellcheck disable=SC2086 # the options are separate words
        launch "$java_bin" -Djava.io.tmpdir="$home/tmp" -Dhazelcast.phone.home.enabled=false \
          -Djdk.net.hosts.file="$home/hosts" $options -jar "$home/payara-micro.jar" \
          --nocluster --disablephonehome --port "$port" --prebootcommandfile "$home/preboot-commands.txt" \
          --deploy "$war" --deploy "$baseline"
        ;;
      *)
        echo "bench: unknown server $server (wildfly or payara)" >&2
        exit 1
        ;;
    esac
    if await "http://127.0.0.1:$port/switchboard/status" 200 \
      && await "http://127.0.0.1:$port/baseline/echo" 101 ws \
      && await "http://127.0.0.1:$port/switchboard/echo" 101 ws; then
      exit 0
    fi
    stop
    exit 1
    ;;
  *)
    echo "usage: server.sh start|stop wildfly|payara SERVERS_DIR [PORT SWITCHBOARD_WAR BASELINE_WAR OPTIONS]" >&2
    exit 2
    ;;
esac
