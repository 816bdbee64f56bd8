#!/usr/bin/env node
// sdk-auth-client: the MCP TypeScript SDK's own client-side authorization, auth() from
// @modelcontextprotocol/sdk/client/auth.js, run once from a 401 to an authorization URL — the
// reference the cold-flow benchmark (benchmarks/, ColdMain) compares Latchkey with.
//
//   node src/peers/sdk-auth-client.mjs --server-url URL --www-authenticate 'Bearer …'
//        [--redirect-url http://127.0.0.1:9/callback]
//
// The OAuthClientProvider is in memory: no stored client, no tokens; redirectToAuthorization records
// the URL instead of opening a browser. Prints one JSON line on stdout:
// {"result": "REDIRECT", "ms": <time spent in auth()>, "authorizationUrlHost": "..."}; the URL itself
// is not printed (it carries the PKCE challenge and state).
import { auth, extractWWWAuthenticateParams } from '@modelcontextprotocol/sdk/client/auth.js';
import { parseArgs } from './lib/common.mjs';

const opts = parseArgs();
const serverUrl = new URL(String(opts['server-url']));
const redirectUrl = String(opts['redirect-url'] ?? 'http://127.0.0.1:9/callback');
const challenge = new Response(null, { status: 401, headers: { 'WWW-Authenticate': String(opts['www-authenticate']) } });
const { resourceMetadataUrl, scope } = extractWWWAuthenticateParams(challenge);

let clientInformation;
let codeVerifier;
let authorizationUrl;
const provider = {
  get redirectUrl() { return redirectUrl; },
  get clientMetadata() {
    return {
      client_name: 'MCP SDK reference client',
      redirect_uris: [redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    };
  },
  clientInformation() { return clientInformation; },
  saveClientInformation(info) { clientInformation = info; },
  tokens() { return undefined; },
  saveTokens() {},
  redirectToAuthorization(url) { authorizationUrl = url; },
  saveCodeVerifier(verifier) { codeVerifier = verifier; },
  codeVerifier() { return codeVerifier; },
};

const started = performance.now();
const result = await auth(provider, { serverUrl, resourceMetadataUrl, scope });
const ms = performance.now() - started;
if (result !== 'REDIRECT' || !authorizationUrl) {
  process.stderr.write(`auth() ended with ${result} and no authorization URL\n`);
  process.exit(1);
}
process.stdout.write(JSON.stringify({ result, ms, authorizationUrlHost: authorizationUrl.host,
  authorizationPath: authorizationUrl.pathname }) + '\n');
