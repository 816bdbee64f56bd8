#!/usr/bin/env bash
# Run the official MCP conformance suite (@modelcontextprotocol/conformance, pinned in
# package.json) against a client command, inside a loopback-only network namespace.
#
#   src/conformance/run.sh [-o DIR] [--timeout MS] [--verbose] <scenario | --suite NAME> -- <client command...>
#
# Examples (from the repository root):
#   src/conformance/run.sh auth/metadata-default -- node src/conformance/reference-client.mjs
#   src/conformance/run.sh -o /tmp/res --suite auth -- java -jar probe.jar probe
#
# * The client command is run by the suite with a shell, from the repository root, with the
#   mock MCP server URL (http://localhost:PORT/mcp) appended as the last argument. The suite
#   splits the command on single spaces and re-joins it for `sh -c`, so keep it to plain words.
# * Env seen by the client: MCP_CONFORMANCE_SCENARIO (scenario name) and, for
#   auth/pre-registration only, MCP_CONFORMANCE_CONTEXT (JSON). Everything else in the
#   environment passes through (e.g. CONFORMANCE_LEGACY=1 set by run-all.sh --legacy).
# * Node 22 (from the npm package `node`, pinned) is put first on PATH, so `node` in the client
#   command is Node 22 too.
# * The mock servers listen on all interfaces, so the whole run happens in `unshare -n` with only
#   `lo` up: nothing can leave the machine (needs root).
# * Exit status: the suite's (0 = every check SUCCESS/INFO, no FAILURE, no WARNING, client exited 0
#   unless the scenario allows a client error; --suite mode ignores the client's exit code).
# * Results: JSON (checks.json, stdout.txt, stderr.txt per scenario) under -o DIR
#   (default: src/conformance/results/).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
NODE22_BIN="$HERE/node_modules/node/bin"
CONFORMANCE_JS="$HERE/node_modules/@modelcontextprotocol/conformance/dist/index.js"

usage() {
  sed -n '2,9p' "$0" >&2
  exit 2
}

OUT="$HERE/results"
TIMEOUT=""
VERBOSE=""
TARGET=()
while [ $# -gt 0 ]; do
  case "$1" in
    -o|--output-dir) OUT="$2"; shift 2 ;;
    --timeout) TIMEOUT="$2"; shift 2 ;;
    --verbose) VERBOSE="--verbose"; shift ;;
    --suite) TARGET=(--suite "$2"); shift 2 ;;
    --) shift; break ;;
    -h|--help) usage ;;
    -*) echo "run.sh: unknown option $1" >&2; usage ;;
    *) TARGET=(--scenario "$1"); shift ;;
  esac
done
[ ${#TARGET[@]} -gt 0 ] || { echo "run.sh: a scenario or --suite NAME is required" >&2; usage; }
[ $# -gt 0 ] || { echo "run.sh: the client command is required after --" >&2; usage; }
CLIENT_CMD="$*"

if [ ! -x "$NODE22_BIN/node" ] || [ ! -f "$CONFORMANCE_JS" ]; then
  echo "run.sh: conformance suite not installed; run: npm ci --prefix src/conformance" >&2
  exit 2
fi
if [ "$(id -u)" != 0 ]; then
  echo "run.sh: must run as root (unshare -n for a loopback-only network namespace)" >&2
  exit 2
fi
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"

ARGS=(client --command "$CLIENT_CMD" "${TARGET[@]}" -o "$OUT")
[ -n "$TIMEOUT" ] && ARGS+=(--timeout "$TIMEOUT")
[ -n "$VERBOSE" ] && ARGS+=("$VERBOSE")

cd "$ROOT"
export PATH="$NODE22_BIN:$PATH"
# Loopback-only namespace; arguments go through "$@" so nothing is re-quoted.
set +e
unshare -n -- sh -c 'ip link set lo up || exit 97; exec node "$@"' sh "$CONFORMANCE_JS" "${ARGS[@]}"
rc=$?
set -e
exit $rc
