#!/usr/bin/env node
// gateway-oauth-client: an official MCP TypeScript SDK client with the SDK's standard OAuth client
// provider, meeting a Latchkey gateway route that has no token for it yet — as an MCP client configured
// with nothing but the route's URL does. Loopback only; the test plays the user in a browser.
//
//   node src/peers/gateway-oauth-client.mjs --url GATEWAY_ROUTE [--sdk v1|v2] [--port 0]
//
// v1 (@modelcontextprotocol/sdk 1.32.2, protocol 2025-11-25, one session): connect → 401 → the SDK
//   discovers the route's protected resource metadata and Latchkey's authorization server metadata,
//   registers (RFC 7591; its CIMD support needs an https client id) and calls redirectToAuthorization:
//   the URL is published at /__state for the user; the user's browser comes back to /callback here; the
//   state is compared, transport.finishAuth exchanges the code; connect again → tools/list → -32042 URL
//   elicitation for the upstream (link published) → notifications/elicitation/complete → tools/list,
//   tools/call echo, tools/call whoami.
// v2 (@modelcontextprotocol/client 2.4.0, protocol 2026-07-28, stateless): the same sign-in (finishAuth
//   with the callback's parameters, which checks RFC 9207 iss); then tools/call echo gets the gateway's
//   url elicitation/create (link published); the handler waits until POST /__user-done and accepts, the
//   SDK retries with the request state; then tools/call whoami.
//
// Harness: GET /__state — {stage, authorizationUrl?, callback?: {iss, stateMatched}, link?,
// elicitationId?, tools?, echo?, whoami?, tokens?: {scope, hasRefreshToken, expiresIn}, done, error?};
// POST /__user-done (v2) releases the elicitation handler. No token, code or verifier is ever published.
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as TransportV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError as UnauthorizedV1 } from '@modelcontextprotocol/sdk/client/auth.js';
import {
  UrlElicitationRequiredError, ElicitationCompleteNotificationSchema, ElicitRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import {
  Client as ClientV2, StreamableHTTPClientTransport as TransportV2, UnauthorizedError as UnauthorizedV2,
} from '@modelcontextprotocol/client';
import crypto from 'node:crypto';
import { parseArgs, intOpt, startLoopbackServer, ready, installShutdown, fatal, sendJson } from './lib/common.mjs';

const WAIT_MS = 120_000;

async function main() {
  const opts = parseArgs();
  const url = new URL(String(opts.url));
  const sdk = String(opts.sdk ?? 'v1');
  const state = { sdk, stage: 'starting', done: false, notifications: [] };
  let callbackArrived;
  const callback = new Promise((resolve) => { callbackArrived = resolve; });
  let userDone;
  const userFinished = new Promise((resolve) => { userDone = resolve; });

  const peer = await startLoopbackServer({
    name: 'gateway-oauth-client',
    port: intOpt(opts, 'port', 0),
    async extraRoutes(req, res, u) {
      if (u.pathname === '/__state' && req.method === 'GET') {
        sendJson(res, 200, state);
        return true;
      }
      if (u.pathname === '/__user-done' && req.method === 'POST') {
        userDone();
        sendJson(res, 200, { ok: true });
        return true;
      }
      return false;
    },
  });
  // The redirect URI: where the user's browser brings the authorization response.
  peer.setHandler((req, res) => {
    const u = new URL(req.url, 'http://127.0.0.1');
    if (u.pathname !== '/callback' || req.method !== 'GET') {
      sendJson(res, 404, { error: 'not_found' });
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>Signed in</title><p>You can close this window.</p>');
    callbackArrived(u.searchParams);
  });
  installShutdown([peer.server], opts);
  const redirectUrl = `http://127.0.0.1:${peer.port}/callback`;
  ready({ port: peer.port, redirectUrl });

  const provider = memoryProvider(redirectUrl, state);
  const timeout = (what) => new Promise((_, reject) =>
    setTimeout(() => reject(new Error(`no ${what} within ${WAIT_MS} ms`)), WAIT_MS).unref());

  try {
    if (sdk === 'v1') {
      await runV1(url, provider, state, callback, timeout);
    } else if (sdk === 'v2') {
      await runV2(url, provider, state, callback, userFinished, timeout);
    } else {
      throw new Error(`unknown --sdk ${sdk}`);
    }
    const tokens = provider.tokens();
    state.tokens = tokens ? { scope: tokens.scope ?? null, hasRefreshToken: !!tokens.refresh_token,
      expiresIn: tokens.expires_in ?? null, tokenType: tokens.token_type } : null;
    state.clientRegistered = !!provider.clientInformation();
    state.stage = 'done';
  } catch (err) {
    state.error = { code: err?.code ?? null, message: String(err?.message ?? err), data: err?.data ?? null };
  } finally {
    state.done = true;
  }
}

/** The SDK's OAuthClientProvider kept in memory: a public client (PKCE, no secret), refresh tokens wanted. */
function memoryProvider(redirectUrl, state) {
  let clientInformation;
  let tokens;
  let verifier;
  let expectedState;
  return {
    get redirectUrl() { return redirectUrl; },
    get clientMetadata() {
      return {
        client_name: 'Latchkey test MCP client',
        redirect_uris: [redirectUrl],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      };
    },
    state() {
      expectedState = crypto.randomBytes(16).toString('base64url');
      return expectedState;
    },
    expectedState() { return expectedState; },
    clientInformation() { return clientInformation; },
    saveClientInformation(info) { clientInformation = info; },
    tokens() { return tokens; },
    saveTokens(t) { tokens = t; },
    redirectToAuthorization(authorizationUrl) {
      state.authorizationUrl = authorizationUrl.toString();
      state.stage = 'waiting for the user to sign in';
    },
    saveCodeVerifier(v) { verifier = v; },
    codeVerifier() { return verifier; },
  };
}

async function signIn(provider, state, callback, timeout) {
  const params = await Promise.race([callback, timeout('authorization callback')]);
  state.callback = {
    iss: params.get('iss'), stateMatched: params.get('state') === provider.expectedState(),
    error: params.get('error'), hasCode: params.has('code'),
  };
  if (!state.callback.stateMatched) throw new Error('the callback state does not match the request');
  if (params.has('error')) throw new Error(`authorization refused: ${params.get('error')}`);
  return params;
}

async function runV1(url, provider, state, callback, timeout) {
  const transport = () => new TransportV1(url, { authProvider: provider });
  const client = new ClientV1({ name: 'latchkey-oauth-client-v1', version: '1.0.0' },
    { capabilities: { elicitation: { url: {} } } });
  let completed;
  const completion = new Promise((resolve) => { completed = resolve; });
  client.setNotificationHandler(ElicitationCompleteNotificationSchema, (n) => {
    state.notifications.push({ method: n.method, elicitationId: n.params.elicitationId });
    if (n.params.elicitationId === state.elicitationId) completed();
  });
  client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'decline' }));

  state.stage = 'connect without a token';
  const first = transport();
  try {
    await client.connect(first);
    throw new Error('the gateway let the client in without a token');
  } catch (err) {
    if (!(err instanceof UnauthorizedV1)) throw err;
  }
  const params = await signIn(provider, state, callback, timeout);
  state.stage = 'exchange the code';
  await first.finishAuth(params.get('code'));
  state.stage = 'connect with the token';
  await client.connect(transport());
  state.server = client.getServerVersion()?.name ?? null;
  state.stage = 'tools/list before the upstream is authorized';
  try {
    await client.listTools();
    throw new Error('tools/list succeeded before the user authorized the upstream');
  } catch (err) {
    if (!(err instanceof UrlElicitationRequiredError)) throw err;
    const [elicitation] = err.elicitations;
    state.errorCode = err.code;
    state.elicitationId = elicitation.elicitationId;
    state.link = elicitation.url;
  }
  state.stage = 'waiting for the user to authorize the upstream';
  await Promise.race([completion, timeout('notifications/elicitation/complete')]);
  state.stage = 'tools/list';
  state.tools = (await client.listTools()).tools.map((t) => t.name);
  state.stage = 'tools/call echo';
  state.echo = (await client.callTool({ name: 'echo', arguments: { text: 'signed in once' } })).content?.[0]?.text ?? null;
  state.stage = 'tools/call whoami';
  state.whoami = (await client.callTool({ name: 'whoami', arguments: {} })).structuredContent ?? null;
  await client.close().catch(() => {});
}

async function runV2(url, provider, state, callback, userFinished, timeout) {
  const client = () => {
    const c = new ClientV2({ name: 'latchkey-oauth-client-v2', version: '1.0.0' }, {
      capabilities: { elicitation: { url: {} } },
      versionNegotiation: { mode: { pin: '2026-07-28' } },
    });
    c.setRequestHandler('elicitation/create', async (request) => {
      const params = request.params ?? request;
      state.link = params.url;
      state.elicitationId = params.elicitationId ?? null;
      state.stage = 'waiting for the user to authorize the upstream';
      await Promise.race([userFinished, timeout('the user')]);
      return { action: 'accept' };
    });
    return c;
  };
  state.stage = 'connect without a token';
  const first = new TransportV2(url, { authProvider: provider });
  const c1 = client();
  try {
    await c1.connect(first);
    await c1.callTool({ name: 'echo', arguments: { text: 'no token yet' } });
    throw new Error('the gateway let the client in without a token');
  } catch (err) {
    if (!(err instanceof UnauthorizedV2)) throw err;
  }
  const params = await signIn(provider, state, callback, timeout);
  state.stage = 'exchange the code';
  await first.finishAuth(params);
  const c2 = client();
  state.stage = 'connect with the token';
  await c2.connect(new TransportV2(url, { authProvider: provider }));
  state.stage = 'tools/call echo';
  state.echo = (await c2.callTool({ name: 'echo', arguments: { text: 'signed in once' } })).content?.[0]?.text ?? null;
  state.stage = 'tools/call whoami';
  state.whoami = (await c2.callTool({ name: 'whoami', arguments: {} })).structuredContent ?? null;
  state.stage = 'tools/list';
  state.tools = (await c2.listTools()).tools.map((t) => t.name);
  await c2.close().catch(() => {});
}

main().catch(fatal);
