#!/usr/bin/env bash
# Run every MCP conformance scenario Latchkey must pass, one scenario at a time (each in its own
# loopback-only network namespace via run.sh), print a table and a final `N passed, M failed` line.
#
#   src/conformance/run-all.sh [--legacy] [--legacy-command "<cmd>"] [-o DIR] [--timeout MS] "<client command>"
#
# Scenarios (@modelcontextprotocol/conformance 0.2.0-alpha.12): all of `--suite auth` (14), the
# 2026-07-28 draft ones (11: resource-mismatch, offline-access-*, authorization-server-migration,
# iss-*, metadata-issuer-mismatch), the 2025-03-26 back-compat ones (2) and the extension scenarios
# Latchkey supports (4: DPoP, client credentials).
#
# Not-yet scenarios need features Latchkey lacks. They run, and are EXPECTED TO FAIL: a failure is
# reported as NOTYET (counted apart, neither passed nor failed) and a pass as XPASS (counts as
# FAILED: the list below is out of date — move the scenario to the ones that must pass).
#
# Back-compat scenarios need an explicit legacy mode (no PRM, AS issuer != the URL it was found
# at, no AS metadata at all: see SCENARIOS.md). Without --legacy they are EXPECTED TO FAIL: a
# failure is reported as XFAIL (counts as passed: the strict client refused, as it must) and a
# pass as XPASS (counts as FAILED: a strict client accepted a 2025-03-26 server). With --legacy
# they must pass; they run with CONFORMANCE_LEGACY=1 in the environment and, if given, with
# --legacy-command instead of the normal client command.
#
# Why one at a time and not `conformance client --suite auth`: --suite runs all scenarios in
# parallel and ignores the client's exit code and time-outs; single-scenario runs check both.
#
# Exit status: 0 when M == 0.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"

LEGACY=0
LEGACY_CMD=""
OUT=""
TIMEOUT=""
CMD=""
while [ $# -gt 0 ]; do
  case "$1" in
    --legacy) LEGACY=1; shift ;;
    --legacy-command) LEGACY_CMD="$2"; shift 2 ;;
    -o|--output-dir) OUT="$2"; shift 2 ;;
    --timeout) TIMEOUT="$2"; shift 2 ;;
    -h|--help) sed -n '2,28p' "$0" >&2; exit 2 ;;
    --) shift; CMD="$*"; break ;;
    -*) echo "run-all.sh: unknown option $1" >&2; exit 2 ;;
    *) CMD="$*"; break ;;
  esac
done
[ -n "$CMD" ] || { echo "run-all.sh: client command required" >&2; exit 2; }
[ -n "$LEGACY_CMD" ] || LEGACY_CMD="$CMD"
[ -n "$OUT" ] || OUT="$HERE/results/run-all-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"

# `--suite auth` of @modelcontextprotocol/conformance 0.2.0-alpha.12 (`list` marks them [2025-11-25,2026-07-28]).
SUITE_AUTH=(
  auth/metadata-default auth/metadata-var1 auth/metadata-var2 auth/metadata-var3
  auth/basic-cimd
  auth/scope-from-www-authenticate auth/scope-from-scopes-supported auth/scope-omitted-when-undefined
  auth/scope-step-up auth/scope-retry-limit
  auth/token-endpoint-auth-basic auth/token-endpoint-auth-post auth/token-endpoint-auth-none
  auth/pre-registration
)
# Introduced by the 2026-07-28 draft: the suite serves them as a stateless 2026-07-28 MCP server.
DRAFT=(
  auth/resource-mismatch auth/offline-access-scope auth/offline-access-not-supported
  auth/authorization-server-migration
  auth/iss-supported auth/iss-not-advertised auth/iss-supported-missing auth/iss-wrong-issuer
  auth/iss-unexpected auth/iss-normalized
  auth/metadata-issuer-mismatch
)
BACKCOMPAT=(auth/2025-03-26-oauth-metadata-backcompat auth/2025-03-26-oauth-endpoint-fallback)
# Extensions Latchkey supports: DPoP (RFC 9449, through the MCP gateway) and the client-credentials grant.
EXTENSIONS=(auth/dpop auth/dpop-nonce auth/client-credentials-basic auth/client-credentials-jwt)
# Extensions Latchkey does not have yet (none now; the mechanism stays for the next one).
NOT_YET=()
# Deliberately not run: the other extension scenarios (auth/enterprise-managed-authorization,
# auth/wif-jwt-bearer), which are outside what Latchkey means to do.

# Check the names against the installed package, and spot new auth scenarios we do not run.
LIST="$(PATH="$HERE/node_modules/node/bin:$PATH" node "$HERE/node_modules/@modelcontextprotocol/conformance/dist/index.js" list 2>/dev/null)" || {
  echo "run-all.sh: cannot list scenarios; run: npm ci --prefix src/conformance" >&2; exit 2; }
for s in "${SUITE_AUTH[@]}" "${DRAFT[@]}" "${BACKCOMPAT[@]}" "${EXTENSIONS[@]}" "${NOT_YET[@]}"; do
  grep -q -- "- $s \[" <<<"$LIST" || { echo "run-all.sh: scenario $s not in the installed suite" >&2; exit 2; }
done
while read -r s; do
  case " ${SUITE_AUTH[*]} ${DRAFT[*]} ${BACKCOMPAT[*]} " in *" $s "*) ;; *)
    echo "run-all.sh: note: installed suite has auth scenario $s that is not run here" >&2 ;; esac
done < <(grep -o -- '- auth/[^ ]* \[[^]]*\]' <<<"$LIST" | grep -v '\[extension\]' | sed 's/^- //; s/ \[.*//')

passed=0; failed=0; xfail=0; notyet=0
ROWS=()
run_one() { # scenario kind
  local s="$1" kind="$2" cmd="$CMD" safe log rc summary verdict
  safe="${s//\//_}"
  log="$OUT/$safe.log"
  local extra=()
  [ -n "$TIMEOUT" ] && extra+=(--timeout "$TIMEOUT")
  if [ "$kind" = backcompat ] && [ "$LEGACY" = 1 ]; then
    cmd="$LEGACY_CMD"
    CONFORMANCE_LEGACY=1 "$HERE/run.sh" -o "$OUT/$safe" "${extra[@]}" "$s" -- $cmd >"$log" 2>&1
  else
    "$HERE/run.sh" -o "$OUT/$safe" "${extra[@]}" "$s" -- $cmd >"$log" 2>&1
  fi
  rc=$?
  summary="$(grep -a -o 'Passed: [0-9]*/[0-9]*, [0-9]* failed, [0-9]* warnings' "$log" | tail -1)"
  [ -n "$summary" ] || summary="(no summary; rc=$rc, see $log)"
  grep -aq 'CLIENT TIMED OUT' "$log" && summary="$summary; client timed out"
  grep -aq 'CLIENT EXITED WITH ERROR' "$log" && summary="$summary; client exit != 0"
  if [ "$kind" = notyet ]; then
    if [ $rc -eq 0 ]; then verdict=XPASS; failed=$((failed+1)); summary="$summary; passes now: move it out of NOT_YET"
    else verdict=NOTYET; notyet=$((notyet+1)); fi
  elif [ "$kind" = backcompat ] && [ "$LEGACY" = 0 ]; then
    if [ $rc -eq 0 ]; then verdict=XPASS; failed=$((failed+1)); summary="$summary; strict mode must refuse this legacy server"
    else verdict=XFAIL; passed=$((passed+1)); xfail=$((xfail+1)); fi
  else
    if [ $rc -eq 0 ]; then verdict=PASS; passed=$((passed+1)); else verdict=FAIL; failed=$((failed+1)); fi
  fi
  ROWS+=("$(printf '%-48s %-6s %s' "$s" "$verdict" "$summary")")
  printf '%-48s %-6s %s\n' "$s" "$verdict" "$summary" >&2
}

echo "Results in $OUT (legacy mode: $([ $LEGACY = 1 ] && echo on || echo off))" >&2
for s in "${SUITE_AUTH[@]}"; do run_one "$s" auth; done
for s in "${DRAFT[@]}"; do run_one "$s" draft; done
for s in "${BACKCOMPAT[@]}"; do run_one "$s" backcompat; done
for s in "${EXTENSIONS[@]}"; do run_one "$s" extension; done
for s in "${NOT_YET[@]}"; do run_one "$s" notyet; done

{
  echo
  echo "=== MCP conformance (auth) summary — client: $CMD ==="
  printf '%-48s %-6s %s\n' SCENARIO RESULT DETAIL
  printf '%s\n' "${ROWS[@]}"
  [ $xfail -gt 0 ] && echo "($xfail expected failure(s) of 2025-03-26 scenarios counted as passed; rerun with --legacy to require them)"
  [ $notyet -gt 0 ] && echo "($notyet extension scenario(s) not yet supported, expected to fail, counted neither way: ${NOT_YET[*]})"
  echo "$passed passed, $failed failed"
} | tee "$OUT/summary.txt"
[ $failed -eq 0 ]
