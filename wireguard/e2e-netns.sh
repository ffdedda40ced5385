#!/usr/bin/env bash
# End-to-end test through a real WireGuard tunnel, on one machine, as root.
#
#   vps namespace                                  home namespace
#   edge https://192.0.2.1:8443  ── veth 192.0.2.0/24 ──  (WireGuard UDP 51820)
#   wireguard-go, 10.8.0.1  ═════════ tunnel ═════════  wireguard-go, 10.8.0.2
#                                                       agent 10.8.0.2:1010 + embedded PostgreSQL
#                                                       mock game server 127.0.0.1:5190
#   stream 192.0.2.1:7777 ─── tunnel ───▶ agent stream port 10.8.0.2:1011 ─▶ echo 127.0.0.1:7000
#
# Configs come from `gatehouse wg init`. The test drives registration and status through the edge
# with curl, a TCP stream's bytes through the edge's stream port to an echo beside the agent and
# back (1 MiB, compared byte for byte, the client half-closing), takes the tunnel down and checks what the edge does (stale status, 503 register at
# once), brings it up and checks recovery. Everything is torn down on exit, pass or fail.
#
#   wireguard/e2e-netns.sh                    must pass
#   wireguard/e2e-netns.sh --wrong-peer-key   the agent gets a wrong key for the edge: must fail
#   wireguard/e2e-netns.sh --bench            also loads edge -> agent through the tunnel and over
#                                             loopback with wrk, and prints the ratio
# Only addresses of its own namespaces are used (192.0.2.0/24 is reserved for documentation).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
EDGE_JAR="$ROOT/edge/target/gatehouse-edge.jar"
AGENT_JAR="$ROOT/agent/target/gatehouse-agent.jar"
MODE="${1:-}"
ID="$$"
NS_VPS="gh-vps-$ID"
NS_HOME="gh-home-$ID"
VETH_VPS="ghv$ID"
VETH_HOME="ghh$ID"
WG_VPS="ghwgv$ID"
WG_HOME="ghwgh$ID"
WORK="$(mktemp -d /tmp/gatehouse-e2e.XXXXXX)"
JAVA="java -Xms32m -Xmx192m"
PIDS=()

say() { echo "e2e: [$(date +%T)] $*" >&2; }
fail() { say "FAIL: $*"; exit 1; }
pass() { say "ok: $*"; }

cleanup() {
  local code=$?
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for ns in "$NS_VPS" "$NS_HOME"; do
    ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true
  done
  sleep 1
  for ns in "$NS_VPS" "$NS_HOME"; do
    ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
  done
  if [[ $code -ne 0 ]]; then
    for log in "$WORK"/*.log; do [[ -f "$log" ]] && { say "--- $(basename "$log")"; tail -n 15 "$log" >&2; }; done
  fi
  [[ -n "${E2E_KEEP:-}" ]] || rm -rf "$WORK"
  exit $code
}
trap cleanup EXIT

[[ $EUID -eq 0 ]] || fail "run as root (network namespaces)"
for tool in ip wg wg-quick wireguard-go curl java openssl; do
  command -v "$tool" >/dev/null || fail "$tool is not installed"
done
[[ -f "$EDGE_JAR" && -f "$AGENT_JAR" ]] || fail "build the jars first: ./gatehouse build"

# Background processes are started with `ip netns exec` itself, so that $! is the process.
in_vps() { ip netns exec "$NS_VPS" "$@"; }
in_home() { ip netns exec "$NS_HOME" "$@"; }

# waits until "$@" succeeds, at most $1 seconds
within() {
  local deadline=$((SECONDS + $1)); shift
  while ((SECONDS < deadline)); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  return 1
}

say "network: namespaces $NS_VPS and $NS_HOME, veth 192.0.2.1 <-> 192.0.2.2"
ip netns add "$NS_VPS"
ip netns add "$NS_HOME"
ip link add "$VETH_VPS" type veth peer name "$VETH_HOME"
ip link set "$VETH_VPS" netns "$NS_VPS"
ip link set "$VETH_HOME" netns "$NS_HOME"
in_vps ip addr add 192.0.2.1/24 dev "$VETH_VPS"
in_home ip addr add 192.0.2.2/24 dev "$VETH_HOME"
for ns in "$NS_VPS" "$NS_HOME"; do ip -n "$ns" link set lo up; done
in_vps ip link set "$VETH_VPS" up
in_home ip link set "$VETH_HOME" up

say "wireguard: configs from gatehouse wg init"
java -cp "$EDGE_JAR" dev.gatehouse.shared.wireguard.WgInitMain \
  --endpoint 192.0.2.1:51820 --subnet 10.8.0.0/24 --out "$WORK/wg" >"$WORK/wg-init.log"
if [[ "$MODE" == --wrong-peer-key ]]; then
  wrong="$(wg genkey | wg pubkey)"
  sed -i "s|^PublicKey = .*|PublicKey = $wrong|" "$WORK/wg/agent-1/wg0.conf"
  say "wireguard: the agent now expects the edge to have key $wrong"
fi
wg-quick strip "$WORK/wg/edge/wg0.conf" >"$WORK/edge.wg"
wg-quick strip "$WORK/wg/agent-1/wg0.conf" >"$WORK/home.wg"
mtu="$(awk '/^MTU/ {print $3}' "$WORK/wg/edge/wg0.conf")"

start_wg() { # namespace interface stripped-config address
  ip netns exec "$1" wireguard-go -f "$2" >"$WORK/wireguard-$2.log" 2>&1 &
  PIDS+=("$!")
  within 10 ip -n "$1" link show "$2" || fail "wireguard-go did not create $2"
  ip netns exec "$1" wg setconf "$2" "$3"
  ip -n "$1" addr add "$4" dev "$2"
  ip -n "$1" link set "$2" mtu "$mtu" up
}
start_wg "$NS_VPS" "$WG_VPS" "$WORK/edge.wg" 10.8.0.1/24
start_wg "$NS_HOME" "$WG_HOME" "$WORK/home.wg" 10.8.0.2/24

say "keys and certificate"
java -cp "$EDGE_JAR" dev.gatehouse.edge.KeygenMain agent-secret --out "$WORK/agent-secret" >/dev/null
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=gatehouse.test" \
  -addext "subjectAltName=DNS:gatehouse.test" -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null
API_KEY="e2e-key-0123456789abcdefghijklmnopqrstuvwxyz"

# The bench also reaches the agent over loopback; the test proper binds it to the tunnel only.
agent_listen=10.8.0.2
[[ "$MODE" == --bench ]] && agent_listen=0.0.0.0
cat >"$WORK/agent.yaml" <<YAML
listen: {host: $agent_listen, port: 1010}
trust:
  edge_secret_file: $WORK/agent-secret
  allowed_sources: [10.8.0.1/32, 127.0.0.1/32]
database:
  embedded: {data_dir: $WORK/postgres}
  seed_example_constants: true
status: {cache_ttl: 1s}
game_server: {port: 5190}
registration:
  telegram: {enabled: false}
routes:
  - {path: /api/server/status, backend: status}
  - {path: /api/register, backend: register}
stream_listen: {port: 1011}
streams:
  echo: {target: "127.0.0.1:7000"}
log: {format: text, level: info}
YAML

edge_config() { # target cache?
  cat <<YAML
listen: {host: 192.0.2.1, https_port: 8443, http_port: -1}
tls: {cert: $WORK/cert.pem, key: $WORK/key.pem}
admin: {host: 127.0.0.1, port: 9901}
bans: {enabled: false}
api_keys:
  - {name: website, key: "$API_KEY"}
agent_assertion: {secret_file: $WORK/agent-secret}
upstreams:
  agent:
    targets: ["$1"]
    connect_timeout: 1s
    health_check: {interval: 1s, timeout: 1s, unhealthy_threshold: 2, healthy_threshold: 1}
routes:
  - path: /api/register
    methods: [POST]
    upstream: agent
    api_key: required
    content_types: [application/json]
  - path: /api/server/status
    methods: [GET, HEAD]
    upstream: agent
$2
log: {format: text, level: warn}
YAML
}
edge_config 10.8.0.2:1010 "    cache: {ttl: 1s, stale_if_error: 10m}" >"$WORK/edge.yaml"
cat >>"$WORK/edge.yaml" <<YAML
streams:
  - {name: echo, listen: {host: 192.0.2.1, port: 7777}, upstream: agent, target: echo, agent_port: 1011}
YAML

say "home: mock game server and agent on 10.8.0.2:1010"
ip netns exec "$NS_HOME" $JAVA -cp "$AGENT_JAR" dev.gatehouse.agent.game.mock.MockGameServerMain --port 5190 >"$WORK/game.log" 2>&1 &
PIDS+=("$!")
ip netns exec "$NS_HOME" $JAVA "$ROOT/bench/StreamProbe.java" echo 7000 >"$WORK/echo.log" 2>&1 &
PIDS+=("$!")
ip netns exec "$NS_HOME" $JAVA -jar "$AGENT_JAR" --config "$WORK/agent.yaml" >"$WORK/agent.log" 2>&1 &
PIDS+=("$!")
# Only the edge's address may connect to the agent, so its start is read from its log.
within 120 grep -q "agent listening" "$WORK/agent.log" || fail "the agent did not start"

say "vps: edge on https://192.0.2.1:8443"
ip netns exec "$NS_VPS" $JAVA -jar "$EDGE_JAR" --config "$WORK/edge.yaml" >"$WORK/edge.log" 2>&1 &
PIDS+=("$!")
CURL=(curl -s --max-time 10 --cacert "$WORK/cert.pem" --resolve gatehouse.test:8443:192.0.2.1)
within 30 in_vps "${CURL[@]}" -o /dev/null https://gatehouse.test:8443/health || fail "the edge did not start"

# ---- checks -------------------------------------------------------------------------------------
within 10 in_vps curl -sf --max-time 2 http://10.8.0.2:1010/health \
  || fail "the agent is not reachable from the VPS through the tunnel ($(in_vps wg show "$WG_VPS" latest-handshakes | tr '\t' ' '))"
handshake="$(in_vps wg show "$WG_VPS" latest-handshakes | awk '{print $2}')"
pass "tunnel up: the VPS reaches the agent at 10.8.0.2 (last handshake $(( $(date +%s) - handshake )) s ago)"

register() { # login -> "status body"
  in_vps "${CURL[@]}" -w ' %{http_code}' -H "X-API-Key: $API_KEY" -H 'Content-Type: application/json' \
    -d "{\"login\":\"$1\",\"password\":\"e2e-password\",\"gender\":0,\"telegram_id\":42}" \
    https://gatehouse.test:8443/api/register
}
status_headers() { in_vps "${CURL[@]}" -D - -o "$WORK/status.json" https://gatehouse.test:8443/api/server/status; }

answer="$(register e2e_first)"
[[ "$answer" == *'"ok":true'*' 200' ]] || fail "register through the tunnel: $answer"
pass "register through edge and tunnel: $answer"

headers="$(status_headers)"
[[ "$headers" == *" 200"* ]] && grep -q server_status "$WORK/status.json" || fail "status: $headers"
pass "status through edge and tunnel: $(cat "$WORK/status.json")"

within 30 grep -q listening "$WORK/echo.log" || fail "the echo target did not start"
echoed="$(in_vps $JAVA "$ROOT/bench/StreamProbe.java" check 192.0.2.1 7777 1048576)" \
  || fail "TCP stream through edge and tunnel: $echoed"
pass "TCP stream through edge, tunnel and agent to the echo and back, client half-closed: $echoed"

say "tunnel down: ip link set $WG_HOME down"
in_home ip link set "$WG_HOME" down
within 15 sh -c "ip netns exec $NS_VPS curl -s http://127.0.0.1:9901/health | grep -q unhealthy" \
  || fail "the edge did not notice the agent is gone: $(in_vps curl -s http://127.0.0.1:9901/health)"
pass "the edge marks the agent unhealthy"
sleep 1.2
headers="$(status_headers)"
[[ "$headers" == *" 200"* && "${headers,,}" == *"x-cache: stale"* && "${headers,,}" == *"warning: 111"* ]] \
  || fail "status while the tunnel is down should be served stale: $headers"
grep -q server_status "$WORK/status.json" || fail "stale status body: $(cat "$WORK/status.json")"
pass "status served stale with its markers while the tunnel is down"
started="$(date +%s%N)"
answer="$(register e2e_during)"
took_ms=$(( ($(date +%s%N) - started) / 1000000 ))
[[ "$answer" == *'"upstream_unavailable"'*' 503' ]] || fail "register while the tunnel is down: $answer"
(( took_ms < 1000 )) || fail "register while the tunnel is down took $took_ms ms, not at once"
pass "register answers 503 upstream_unavailable in $took_ms ms while the tunnel is down"

say "tunnel up again"
in_home ip link set "$WG_HOME" up
within 20 sh -c "ip netns exec $NS_VPS curl -s http://127.0.0.1:9901/health | grep -q '\"state\":\"healthy\"'" \
  || fail "the edge did not take the agent back: $(in_vps curl -s http://127.0.0.1:9901/health)"
sleep 1.2
headers="$(status_headers)"
[[ "$headers" == *" 200"* && "${headers,,}" != *"x-cache: stale"* ]] || fail "status after recovery: $headers"
answer="$(register e2e_after)"
[[ "$answer" == *'"ok":true'*' 200' ]] || fail "register after recovery: $answer"
pass "fresh status and registration again, without restarting anything"

in_vps java -cp "$EDGE_JAR" dev.gatehouse.edge.doctor.EdgeDoctor --config "$WORK/edge.yaml" --interface "$WG_VPS" \
  >"$WORK/doctor.log" 2>&1 || fail "doctor on the VPS found problems: $(cat "$WORK/doctor.log")"
pass "doctor on the VPS: $(grep -c '\[ ok \]' "$WORK/doctor.log") checks ok"

if [[ "$MODE" == --bench ]]; then
  command -v wrk >/dev/null || fail "wrk is not installed"
  say "bench: edge -> agent -> status, no edge cache, through the tunnel and over loopback"
  stop_last() { kill "${PIDS[-1]}" 2>/dev/null || true; wait "${PIDS[-1]}" 2>/dev/null || true; }
  stop_last
  load() { # namespace url -> "rps p99_us"
    ip netns exec "$1" wrk -t2 -c50 -d10s "$2" >/dev/null
    ip netns exec "$1" wrk -t2 -c50 -d15s -s "$ROOT/bench/wrk/report.lua" "$2" \
      | awk '/^RESULT/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] } print v["rps"], v["p99_us"], v["non2xx"] + v["socket_errors"] }'
  }
  # The same edge beside the agent, reaching it over loopback; then in the VPS, through the tunnel.
  edge_config 127.0.0.1:1010 "" | sed 's/host: 192.0.2.1, https_port/host: 127.0.0.1, https_port/' >"$WORK/edge-loop.yaml"
  ip netns exec "$NS_HOME" $JAVA -jar "$EDGE_JAR" --config "$WORK/edge-loop.yaml" >"$WORK/edge-loop.log" 2>&1 &
  PIDS+=("$!")
  within 30 in_home curl -sk -o /dev/null https://127.0.0.1:8443/health || fail "loopback edge did not start"
  read -r loop_rps loop_p99 loop_errors <<<"$(load "$NS_HOME" https://127.0.0.1:8443/api/server/status)"
  stop_last
  edge_config 10.8.0.2:1010 "" >"$WORK/edge-bench.yaml"
  ip netns exec "$NS_VPS" $JAVA -jar "$EDGE_JAR" --config "$WORK/edge-bench.yaml" >"$WORK/edge-bench.log" 2>&1 &
  PIDS+=("$!")
  within 30 in_vps "${CURL[@]}" -o /dev/null https://gatehouse.test:8443/health || fail "bench edge did not start"
  read -r tunnel_rps tunnel_p99 tunnel_errors <<<"$(load "$NS_VPS" https://192.0.2.1:8443/api/server/status)"
  ratio="$(awk -v a="$tunnel_rps" -v b="$loop_rps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')"
  echo "TUNNEL_BENCH tunnel_rps=$tunnel_rps tunnel_p99_us=$tunnel_p99 tunnel_errors=$tunnel_errors loopback_rps=$loop_rps loopback_p99_us=$loop_p99 loopback_errors=$loop_errors ratio=$ratio"
fi
say "PASS"
