#!/usr/bin/env bash
# Smoke test of the interop peers, by hand-rolled OAuth with curl (+ node for PKCE and JSON).
# Everything binds to and talks to 127.0.0.1 only. Exits non-zero on the first failure.
#   bash src/peers/smoke.sh            (needs: npm ci --prefix src/peers)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
[ -d "$HERE/node_modules" ] || { echo "FAIL: run 'npm ci --prefix src/peers' first" >&2; exit 2; }
TMP=$(mktemp -d)
PIDS=()
PASS=0
REDIRECT=http://127.0.0.1:9/callback   # never contacted: the flow stops at the redirect

cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$TMP"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  for f in "$TMP"/*.err; do [ -f "$f" ] && { echo "--- $f" >&2; tail -n 20 "$f" >&2; }; done
  exit 1
}
ok() { PASS=$((PASS + 1)); echo "ok $PASS - $*"; }

# jget PATH < json : prints the value at a dotted path (objects as JSON); exit 3 if absent.
jget() {
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{let v=JSON.parse(s);
    for(const k of process.argv[1].split(".")){if(k==="")continue;v=v==null?undefined:v[k]}
    if(v===undefined||v===null)process.exit(3);
    process.stdout.write(typeof v==="object"?JSON.stringify(v):String(v))})' "$1"
}
# qs k v k v ... : an urlencoded query string
qs() {
  node -e 'const p=new URLSearchParams();for(let i=1;i<process.argv.length;i+=2)p.append(process.argv[i],process.argv[i+1]);process.stdout.write(p.toString())' "$@"
}
# qparam URL NAME : a query parameter of URL (empty if absent)
qparam() {
  node -e 'process.stdout.write(new URL(process.argv[1]).searchParams.get(process.argv[2]) ?? "")' "$1" "$2"
}
# pkce : sets VERIFIER and CHALLENGE (S256)
pkce() {
  local pair
  pair=$(node -e 'const c=require("crypto");const v=c.randomBytes(32).toString("base64url");
    process.stdout.write(v+" "+c.createHash("sha256").update(v).digest("base64url"))')
  VERIFIER=${pair% *}
  CHALLENGE=${pair#* }
}
loopback_only() {
  case "$1" in http://127.0.0.1:*) ;; *) fail "refusing to contact non-loopback URL" ;; esac
}

# start_peer VAR NAME args... : starts src/peers/NAME.mjs, waits for READY, stores its JSON in VAR
start_peer() {
  local var=$1 name=$2
  shift 2
  local out="$TMP/$name.out"
  node "$HERE/$name.mjs" --port 0 --ignore-stdin "$@" >"$out" 2>"$TMP/$name.err" &
  PIDS+=($!)
  local i
  for i in $(seq 1 150); do
    if grep -q '^READY ' "$out"; then
      [ "$(wc -l <"$out")" -eq 1 ] || fail "$name printed more than the READY line on stdout"
      printf -v "$var" '%s' "$(sed -n 's/^READY //p' "$out")"
      return 0
    fi
    sleep 0.1
  done
  fail "$name did not print READY"
}

# http METHOD URL [curl args...] : sets STATUS, BODY (file $TMP/body), HEADERS (file $TMP/headers)
http() {
  local method=$1 url=$2
  shift 2
  loopback_only "$url"
  STATUS=$(curl -sS -X "$method" -D "$TMP/headers" -o "$TMP/body" -w '%{http_code}' "$@" "$url")
}
body() { cat "$TMP/body"; }
header() { grep -i "^$1:" "$TMP/headers" | head -n1 | cut -d' ' -f2- | tr -d '\r'; }

# authorize URL JAR : follows redirects (cookie jar) until one goes to $REDIRECT; sets CALLBACK
authorize() {
  local url=$1 jar=$2 i code loc
  for i in $(seq 1 12); do
    loopback_only "$url"
    read -r code loc < <(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}\n' -b "$jar" -c "$jar" "$url")
    case "$code" in 302|303|307) ;; *) fail "authorization step answered $code (not a redirect)" ;; esac
    [ -n "$loc" ] || fail "redirect without Location"
    if [[ "$loc" == "$REDIRECT"* ]]; then CALLBACK=$loc; return 0; fi
    url=$loc
  done
  fail "too many redirects during authorization"
}

# mcp URL TOKEN JSON : POSTs a JSON-RPC message; sets STATUS and RPC (the JSON-RPC response)
mcp() {
  http POST "$1" -H "authorization: Bearer $2" -H 'content-type: application/json' \
    -H 'accept: application/json, text/event-stream' -H 'mcp-protocol-version: 2025-06-18' --data "$3"
  if grep -qi '^content-type: text/event-stream' "$TMP/headers"; then
    RPC=$(sed -n 's/^data: //p' "$TMP/body" | tail -n1)
  else
    RPC=$(body)
  fi
}
INIT='{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"smoke","version":"0"}}}'
call() { printf '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"%s","arguments":%s}}' "$1" "$2"; }

# no_secrets PEER_JSON NAME values... : the peer's stderr and /__log hold none of the values
no_secrets() {
  local peer=$1 name=$2 v
  shift 2
  http GET "$(jget logUrl <<<"$peer")"
  for v in "$@"; do
    [ -n "$v" ] || continue
    if grep -qF -- "$v" "$TMP/body" "$TMP/$name.err"; then fail "$name logged a secret value"; fi
  done
}

###########################################################################################
echo "# mcp-sdk-peer"
start_peer SDK mcp-sdk-peer --scopes-supported mcp:tools --required-scope admin
MCP=$(jget mcpUrl <<<"$SDK")
ISS=$(jget issuer <<<"$SDK")
[[ "$ISS" == */ ]] || fail "SDK issuer should end with a slash"

http POST "$MCP" -H 'content-type: application/json' --data "$INIT"
[ "$STATUS" = 401 ] || fail "unauthenticated /mcp answered $STATUS"
WWW=$(header www-authenticate)
[[ "$WWW" == Bearer* && "$WWW" == *'resource_metadata="'"$(jget prmUrl <<<"$SDK")"'"'* ]] || fail "bad challenge: $WWW"
ok "sdk: 401 with resource_metadata"

http GET "$(jget prmUrl <<<"$SDK")"
[ "$STATUS" = 200 ] && [ "$(body | jget resource)" = "$MCP" ] && [ "$(body | jget authorization_servers.0)" = "$ISS" ] || fail "sdk PRM"
ok "sdk: PRM names resource and issuer"

http GET "$(jget asMetadataUrl <<<"$SDK")"
[ "$STATUS" = 200 ] && [ "$(body | jget issuer)" = "$ISS" ] || fail "sdk AS metadata"
[ "$(body | jget code_challenge_methods_supported.0)" = S256 ] || fail "sdk S256"
http GET "${ISS}.well-known/openid-configuration"
[ "$STATUS" = 404 ] || fail "sdk unexpectedly serves openid-configuration ($STATUS)"
ok "sdk: RFC 8414 metadata, issuer with trailing slash, no OIDC discovery"

http POST "$(jget registrationEndpoint <<<"$SDK")" -H 'content-type: application/json' \
  --data "{\"redirect_uris\":[\"$REDIRECT\"],\"application_type\":\"web\",\"client_name\":\"smoke\",\"grant_types\":[\"authorization_code\",\"refresh_token\"],\"response_types\":[\"code\"]}"
[ "$STATUS" = 201 ] || fail "sdk DCR answered $STATUS"
CID=$(body | jget client_id)
CSECRET=$(body | jget client_secret)
ok "sdk: DCR (confidential client)"

sdk_login() { # scope -> sets TOKEN
  local scope=$1 state
  pkce
  state=st-$RANDOM
  authorize "$(jget authorizationEndpoint <<<"$SDK")?$(qs response_type code client_id "$CID" redirect_uri "$REDIRECT" \
    code_challenge "$CHALLENGE" code_challenge_method S256 state "$state" scope "$scope" resource "$MCP")" "$TMP/sdk.jar"
  [ "$(qparam "$CALLBACK" state)" = "$state" ] || fail "sdk state mismatch"
  CODE=$(qparam "$CALLBACK" code)
  [ -n "$CODE" ] || fail "sdk: no code in callback"
  http POST "$(jget tokenEndpoint <<<"$SDK")" --data "$(qs grant_type authorization_code code "$CODE" code_verifier "$VERIFIER" \
    redirect_uri "$REDIRECT" resource "$MCP" client_id "$CID" client_secret "$CSECRET")"
  [ "$STATUS" = 200 ] || fail "sdk token endpoint answered $STATUS: $(body)"
  [ "$(body | jget token_type)" = bearer ] || fail "sdk token_type not lowercase bearer"
  if body | jget refresh_token >/dev/null; then fail "sdk issued a refresh token"; fi
  TOKEN=$(body | jget access_token)
}
sdk_login mcp:tools
ok "sdk: authorize (PKCE S256) + token, token_type=bearer, no refresh token"

mcp "$MCP" "$TOKEN" "$INIT"
[ "$STATUS" = 200 ] && [ "$(jget result.serverInfo.name <<<"$RPC")" = mcp-sdk-peer ] || fail "sdk initialize $STATUS $RPC"
mcp "$MCP" "$TOKEN" "$(call echo '{"text":"hello sdk"}')"
[ "$STATUS" = 200 ] && [ "$(jget result.content.0.text <<<"$RPC")" = "hello sdk" ] || fail "sdk echo $STATUS $RPC"
mcp "$MCP" "$TOKEN" "$(call whoami '{}')"
[ "$(jget result.content.0.text <<<"$RPC" | jget client_id)" = "$CID" ] || fail "sdk whoami $RPC"
ok "sdk: initialize, tools/call echo and whoami with the bearer"

mcp "$MCP" "$TOKEN" "$(call admin-echo '{"text":"x"}')"
[ "$STATUS" = 403 ] || fail "sdk admin-echo without scope answered $STATUS"
WWW=$(header www-authenticate)
[[ "$WWW" == *'error="insufficient_scope"'* && "$WWW" == *'scope="mcp:tools admin"'* && "$WWW" == *resource_metadata=* ]] || fail "bad step-up challenge: $WWW"
ok "sdk: 403 insufficient_scope with scope union for admin-echo"

OLD_TOKEN=$TOKEN
sdk_login "mcp:tools admin"
mcp "$MCP" "$TOKEN" "$(call admin-echo '{"text":"stepped up"}')"
[ "$STATUS" = 200 ] && [ "$(jget result.content.0.text <<<"$RPC")" = "stepped up" ] || fail "sdk step-up $STATUS $RPC"
ok "sdk: step-up re-authorization grants admin-echo"

http GET "$(jget logUrl <<<"$SDK")"
N=$(body | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).filter(e=>e.path==="/token"&&e.grant_type==="authorization_code").length))')
[ "$N" = 2 ] || fail "sdk log: expected 2 authorization_code token calls, got $N"
no_secrets "$SDK" mcp-sdk-peer "$TOKEN" "$OLD_TOKEN" "$CSECRET" "$CODE" "$VERIFIER"
http POST "${MCP%/mcp}/__log/reset"
http GET "$(jget logUrl <<<"$SDK")"
[ "$(body)" = "[]" ] || fail "sdk log reset"
ok "sdk: /__log counts grant types, holds no secrets, resets"

###########################################################################################
echo "# oidc-peer"
start_peer OIDC oidc-peer --access-ttl 2 --required-scope admin \
  --client-id pre-registered --client-secret pre-secret-value --redirect-uri "$REDIRECT"
MCP=$(jget mcpUrl <<<"$OIDC")
ISS=$(jget issuer <<<"$OIDC")
ORIGIN=${MCP%/mcp}
[[ "$ISS" == */tenant1 ]] || fail "issuer without path: $ISS"

http POST "$MCP" -H 'content-type: application/json' --data "$INIT"
[ "$STATUS" = 401 ] && [[ "$(header www-authenticate)" == *resource_metadata=* ]] || fail "oidc 401"
http GET "$(jget prmUrl <<<"$OIDC")"
[ "$(body | jget authorization_servers.0)" = "$ISS" ] && [ "$(body | jget resource)" = "$MCP" ] || fail "oidc PRM"
ok "oidc: 401 + PRM naming the path issuer"

http GET "$ORIGIN/.well-known/oauth-authorization-server/tenant1"
[ "$STATUS" = 404 ] || fail "oidc: RFC 8414 path-inserted URL answered $STATUS"
http GET "$ORIGIN/.well-known/openid-configuration/tenant1"
[ "$STATUS" = 404 ] || fail "oidc: openid-configuration/tenant1 answered $STATUS"
http GET "$(jget discoveryUrl <<<"$OIDC")"
[ "$STATUS" = 200 ] && [ "$(body | jget issuer)" = "$ISS" ] || fail "oidc discovery"
[ "$(body | jget authorization_response_iss_parameter_supported)" = true ] || fail "oidc iss param support"
META=$(body)
ok "oidc: metadata only at /tenant1/.well-known/openid-configuration (priority #3)"

http POST "$(jget registrationEndpoint <<<"$OIDC")" -H 'content-type: application/json' \
  --data "{\"redirect_uris\":[\"$REDIRECT\"],\"application_type\":\"web\",\"client_name\":\"smoke\",\"grant_types\":[\"authorization_code\",\"refresh_token\"],\"response_types\":[\"code\"],\"token_endpoint_auth_method\":\"client_secret_basic\"}"
[ "$STATUS" = 201 ] || fail "oidc DCR answered $STATUS: $(body)"
CID=$(body | jget client_id)
CSECRET=$(body | jget client_secret)
ok "oidc: open DCR"

oidc_login() { # client_id secret scope resource -> sets TOKEN REFRESH
  local cid=$1 sec=$2 scope=$3 resource=$4 state
  pkce
  state=st-$RANDOM
  rm -f "$TMP/oidc.jar"
  authorize "$(jget authorizationEndpoint <<<"$OIDC")?$(qs response_type code client_id "$cid" redirect_uri "$REDIRECT" \
    code_challenge "$CHALLENGE" code_challenge_method S256 state "$state" scope "$scope" resource "$resource")" "$TMP/oidc.jar"
  [ "$(qparam "$CALLBACK" iss)" = "$ISS" ] || fail "oidc: iss missing/wrong on the authorization response"
  [ "$(qparam "$CALLBACK" state)" = "$state" ] || fail "oidc state mismatch"
  CODE=$(qparam "$CALLBACK" code)
  [ -n "$CODE" ] || fail "oidc: no code: error=$(qparam "$CALLBACK" error)"
  http POST "$(jget tokenEndpoint <<<"$OIDC")" -u "$cid:$sec" --data "$(qs grant_type authorization_code code "$CODE" \
    code_verifier "$VERIFIER" redirect_uri "$REDIRECT" resource "$resource")"
  [ "$STATUS" = 200 ] || fail "oidc token endpoint answered $STATUS: $(body)"
  [ "$(body | jget token_type)" = Bearer ] || fail "oidc token_type"
  TOKEN=$(body | jget access_token)
  REFRESH=$(body | jget refresh_token) || fail "oidc: no refresh token"
}
oidc_login "$CID" "$CSECRET" mcp:tools "$MCP"
ok "oidc: authorize with auto login+consent via cookie jar, iss on response, code -> JWT + refresh token"

mcp "$MCP" "$TOKEN" "$(call echo '{"text":"hello oidc"}')"
[ "$STATUS" = 200 ] && [ "$(jget result.content.0.text <<<"$RPC")" = "hello oidc" ] || fail "oidc echo $STATUS $RPC"
mcp "$MCP" "$TOKEN" "$(call whoami '{}')"
WHO=$(jget result.content.0.text <<<"$RPC")
[ "$(jget client_id <<<"$WHO")" = "$CID" ] && [ "$(jget subject <<<"$WHO")" = user-1 ] && [ "$(jget scopes.0 <<<"$WHO")" = mcp:tools ] || fail "oidc whoami $WHO"
ok "oidc: tools/call echo + whoami with JWT (aud checked against JWKS)"

mcp "$MCP" "$TOKEN" "$(call admin-echo '{"text":"x"}')"
[ "$STATUS" = 403 ] && [[ "$(header www-authenticate)" == *'scope="mcp:tools admin"'* ]] || fail "oidc step-up challenge $STATUS"
ok "oidc: 403 insufficient_scope for admin-echo"

sleep 3   # --access-ttl 2
mcp "$MCP" "$TOKEN" "$(call echo '{"text":"late"}')"
[ "$STATUS" = 401 ] || fail "oidc expired token answered $STATUS"
OLD_REFRESH=$REFRESH
http POST "$(jget tokenEndpoint <<<"$OIDC")" -u "$CID:$CSECRET" --data "$(qs grant_type refresh_token refresh_token "$REFRESH" resource "$MCP")"
[ "$STATUS" = 200 ] || fail "oidc refresh answered $STATUS: $(body)"
TOKEN=$(body | jget access_token)
REFRESH=$(body | jget refresh_token)
[ "$REFRESH" != "$OLD_REFRESH" ] || fail "oidc refresh token did not rotate"
mcp "$MCP" "$TOKEN" "$(call echo '{"text":"refreshed"}')"
[ "$STATUS" = 200 ] && [ "$(jget result.content.0.text <<<"$RPC")" = refreshed ] || fail "oidc refreshed token $STATUS"
ok "oidc: access token expires (401), refresh with resource rotates the refresh token, new token works"

introspect() { http POST "$ORIGIN/__introspect" -H 'content-type: application/json' --data "{\"token\":\"$1\"}"; body | jget active; }
[ "$(introspect "$REFRESH")" = true ] || fail "new refresh token inactive"
[ "$(introspect "$OLD_REFRESH")" = false ] || fail "rotated-out refresh token still active"
[ "$(introspect "$TOKEN")" = true ] || fail "JWT access token inactive"
http POST "$(jget revocationEndpoint <<<"$OIDC")" -u "$CID:$CSECRET" --data "$(qs token "$REFRESH" token_type_hint refresh_token)"
[ "$STATUS" = 200 ] || fail "oidc revoke answered $STATUS"
[ "$(introspect "$REFRESH")" = false ] || fail "revoked refresh token still active"
http POST "$(jget tokenEndpoint <<<"$OIDC")" -u "$CID:$CSECRET" --data "$(qs grant_type refresh_token refresh_token "$REFRESH" resource "$MCP")"
[ "$STATUS" = 400 ] && [ "$(body | jget error)" = invalid_grant ] || fail "refresh after revoke: $STATUS"
http POST "$(jget revocationEndpoint <<<"$OIDC")" -u "$CID:$CSECRET" --data "$(qs token "$TOKEN" token_type_hint access_token)"
[ "$STATUS" = 400 ] && [ "$(body | jget error)" = unsupported_token_type ] || fail "revoking a JWT access token answered $STATUS"
ok "oidc: /__introspect, rotation invalidates old RT, revoke -> inactive + invalid_grant; JWT ATs not revocable"

pkce
rm -f "$TMP/oidc.jar"
authorize "$(jget authorizationEndpoint <<<"$OIDC")?$(qs response_type code client_id "$CID" redirect_uri "$REDIRECT" \
  code_challenge "$CHALLENGE" code_challenge_method S256 state s1 scope mcp:tools resource http://127.0.0.1:1/other)" "$TMP/oidc.jar"
[ "$(qparam "$CALLBACK" error)" = invalid_target ] && [ "$(qparam "$CALLBACK" iss)" = "$ISS" ] || fail "unknown resource: $CALLBACK"
authorize "$(jget authorizationEndpoint <<<"$OIDC")?$(qs response_type code client_id "$CID" redirect_uri "$REDIRECT" state s2 scope mcp:tools resource "$MCP")" "$TMP/oidc.jar"
[ "$(qparam "$CALLBACK" error)" = invalid_request ] || fail "missing PKCE accepted: $CALLBACK"
ok "oidc: unknown resource -> invalid_target (with iss); PKCE required"

oidc_login pre-registered pre-secret-value "mcp:tools admin" "$MCP"
mcp "$MCP" "$TOKEN" "$(call admin-echo '{"text":"pre"}')"
[ "$STATUS" = 200 ] && [ "$(jget result.content.0.text <<<"$RPC")" = pre ] || fail "pre-registered client admin-echo $STATUS"
ok "oidc: pre-registered client_secret_basic client, scope admin -> admin-echo"

http GET "$(jget logUrl <<<"$OIDC")"
COUNTS=$(body | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const c={};
  for(const e of JSON.parse(s))if(e.path.endsWith("/token")&&e.grant_type)c[e.grant_type]=(c[e.grant_type]||0)+1;
  process.stdout.write(JSON.stringify(c))})')
[ "$(jget authorization_code <<<"$COUNTS")" = 2 ] && [ "$(jget refresh_token <<<"$COUNTS")" = 2 ] || fail "oidc log counts $COUNTS"
no_secrets "$OIDC" oidc-peer "$TOKEN" "$REFRESH" "$OLD_REFRESH" "$CSECRET" pre-secret-value "$CODE" "$VERIFIER"
ok "oidc: /__log token calls per grant_type $COUNTS, no secrets logged"

###########################################################################################
echo "# webhook-receiver"
SECRET=whsec_$(node -e 'process.stdout.write(require("crypto").randomBytes(24).toString("base64"))')
start_peer WH webhook-receiver --secret "$SECRET" --fail-first 1 --status-code 200
URL=$(jget url <<<"$WH")
ORIGIN=${URL%/webhook}
# deliver ID EVENT_ID [SECRET] : signs with the standardwebhooks library and POSTs
deliver() {
  local id=$1 ev=$2 sec=${3:-$SECRET} signed
  signed=$(cd "$HERE" && node --input-type=module -e '
    import sw from "standardwebhooks";
    const [id, ev, secret] = process.argv.slice(1);
    const payload = JSON.stringify({ type: "connection.refreshed", timestamp: new Date().toISOString(), id: ev, data: { id: ev } });
    const now = new Date();
    const sig = new sw.Webhook(secret).sign(id, now, payload);
    process.stdout.write(JSON.stringify({ ts: String(Math.floor(now.getTime() / 1000)), sig, payload }));' "$id" "$ev" "$sec")
  http POST "$URL" -H 'content-type: application/json' -H "webhook-id: $id" \
    -H "webhook-timestamp: $(jget ts <<<"$signed")" -H "webhook-signature: $(jget sig <<<"$signed")" --data "$(jget payload <<<"$signed")"
}
deliver msg_1 ev_1
[ "$STATUS" = 500 ] || fail "first delivery should fail ($STATUS)"
deliver msg_1 ev_1
[ "$STATUS" = 200 ] || fail "retry should succeed ($STATUS)"
deliver msg_2 ev_2 "whsec_$(node -e 'process.stdout.write(require("crypto").randomBytes(24).toString("base64"))')"
[ "$STATUS" = 400 ] || fail "bad signature should get 400 ($STATUS)"
http GET "$ORIGIN/__deliveries"
D=$(body)
[ "$(jget 0.verified <<<"$D")" = true ] && [ "$(jget 1.verified <<<"$D")" = true ] && [ "$(jget 2.verified <<<"$D")" = false ] || fail "deliveries $D"
[ "$(jget 1.eventId <<<"$D")" = ev_1 ] && [ "$(jget 1.type <<<"$D")" = connection.refreshed ] && [ "$(jget 1.webhookId <<<"$D")" = msg_1 ] || fail "delivery record $D"
http POST "$ORIGIN/__config" -H 'content-type: application/json' --data '{"delayMs":300,"statusCode":202}'
START=$(date +%s%N)
deliver msg_3 ev_3
[ "$STATUS" = 202 ] && [ $(( ($(date +%s%N) - START) / 1000000 )) -ge 300 ] || fail "delay/status-code config ($STATUS)"
no_secrets "$WH" webhook-receiver "$SECRET"
ok "webhook: fail-first, verify with standardwebhooks, bad signature recorded as unverified, delay + status code"

# stdin EOF ends a peer (a parent JVM that dies leaves no orphan)
mkfifo "$TMP/stdin"
node "$HERE/webhook-receiver.mjs" --port 0 <"$TMP/stdin" >"$TMP/eof.out" 2>"$TMP/eof.err" &
EOF_PID=$!
PIDS+=($EOF_PID)
exec 7>"$TMP/stdin"
for i in $(seq 1 100); do grep -q '^READY ' "$TMP/eof.out" && break; sleep 0.1; done
grep -q '^READY ' "$TMP/eof.out" || fail "eof peer not ready"
exec 7>&-
for i in $(seq 1 50); do kill -0 "$EOF_PID" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$EOF_PID" 2>/dev/null; then fail "peer did not exit when stdin closed"; fi
ok "peers exit when stdin closes"

# SIGTERM ends a peer cleanly
kill -TERM "${PIDS[0]}"
for i in $(seq 1 50); do kill -0 "${PIDS[0]}" 2>/dev/null || break; sleep 0.1; done
if kill -0 "${PIDS[0]}" 2>/dev/null; then fail "peer did not exit on SIGTERM"; fi
wait "${PIDS[0]}" && ok "SIGTERM exits with status 0" || fail "SIGTERM exit status $?"

echo "$PASS passed, 0 failed"
