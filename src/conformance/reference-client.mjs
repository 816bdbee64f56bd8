#!/usr/bin/env node
// Throwaway reference client for the MCP conformance auth scenarios.
// Purpose: prove that src/conformance/SCENARIOS.md describes what the suite really checks.
// It is NOT Latchkey; the real client under test is Latchkey's Java `probe` command.
// Node built-ins only (fetch + crypto). Usage (the suite appends the URL):
//   node src/conformance/reference-client.mjs http://localhost:PORT/mcp
// Env:
//   MCP_CONFORMANCE_CONTEXT  JSON {name, client_id, client_secret} -> pre-registered client (Basic auth)
//   CONFORMANCE_LEGACY=1     enable 2025-03-26 legacy discovery (no PRM, issuer check relaxed,
//                            default /authorize /token /register endpoints when no AS metadata)
//   REF_BREAK=a,b            deliberately break rules (negative tests of SCENARIOS.md; see there)
//   CIMD_CLIENT_ID           client id URL used when the AS supports CIMD
//                            (default https://conformance-test.local/client-metadata.json)
// Exit codes: 0 success; 1 auth/protocol failure (incl. resource mismatch, step-up limit); 2 usage.
import { createHash, randomBytes } from 'node:crypto';

const MCP_URL = process.argv[process.argv.length - 1];
if (!MCP_URL || !/^https?:\/\//.test(MCP_URL)) {
  console.error('usage: reference-client.mjs <mcp-url>');
  process.exit(2);
}
const LEGACY = process.env.CONFORMANCE_LEGACY === '1';
const CIMD_CLIENT_ID = process.env.CIMD_CLIENT_ID || 'https://conformance-test.local/client-metadata.json';
const REDIRECT_URI = 'http://localhost:8976/oauth/callback'; // never listened on: we read Location
const MAX_AUTHORIZATIONS = Number(process.env.REF_MAX_AUTH || 3); // scope-retry-limit allows at most 3 authorization requests
const BREAK = new Set((process.env.REF_BREAK || '').split(',').filter(Boolean)); // negative tests only
const PROTOCOL_VERSION = BREAK.has('init-2026') ? '2026-07-28' : '2025-11-25';

const log = (...a) => console.error('[ref-client]', ...a);
class Fatal extends Error {}

// ---------- helpers ----------
const b64url = (buf) => buf.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

function canonicalResource(u) {
  const url = new URL(u);
  url.hash = '';
  let s = `${url.protocol.toLowerCase()}//${url.host.toLowerCase()}${url.pathname}${url.search}`;
  if (url.pathname === '/' && !url.search) s = s.slice(0, -1); // no trailing slash for bare origin
  return s;
}

// RFC 9110 auth-param parsing for a `Bearer k="v", k2=v2` challenge.
function parseBearerChallenge(header) {
  if (!header) return null;
  const m = /^\s*Bearer\b(.*)$/i.exec(header);
  if (!m) return null;
  const params = {};
  const re = /([A-Za-z0-9_\-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g;
  let x;
  while ((x = re.exec(m[1]))) params[x[1].toLowerCase()] = x[2] !== undefined ? x[2].replace(/\\(.)/g, '$1') : x[3];
  return params;
}

async function getJson(url) {
  log('GET', url);
  let res;
  try {
    res = await fetch(url, { headers: { Accept: 'application/json' }, redirect: 'manual' });
  } catch (e) {
    log('  fetch failed', e.message);
    return null;
  }
  if (res.status !== 200) {
    log('  ->', res.status);
    await res.body?.cancel();
    return null;
  }
  try {
    return await res.json();
  } catch {
    return null;
  }
}

// ---------- discovery ----------
async function discoverPrm(challenge) {
  const mcp = new URL(MCP_URL);
  const candidates = [];
  if (BREAK.has('root-prm-first')) candidates.push(`${mcp.origin}/.well-known/oauth-protected-resource`);
  if (challenge?.resource_metadata && !BREAK.has('ignore-header-prm')) candidates.push(challenge.resource_metadata);
  else {
    const path = mcp.pathname.replace(/\/$/, '');
    if (path) candidates.push(`${mcp.origin}/.well-known/oauth-protected-resource${path}`);
    candidates.push(`${mcp.origin}/.well-known/oauth-protected-resource`);
  }
  for (const url of candidates) {
    const doc = await getJson(url);
    if (doc && typeof doc === 'object') return { url, doc };
  }
  return null;
}

// RFC 9728 §3.3 / MCP: the PRM resource must identify this server: same origin and a path prefix
// (the root PRM of var2 says resource=http://host:port for the server http://host:port/mcp).
function prmResourceMatches(prmResource) {
  let r, s;
  try {
    r = new URL(prmResource);
    s = new URL(MCP_URL);
  } catch {
    return false;
  }
  if (r.origin !== s.origin) return false;
  const rp = r.pathname.replace(/\/$/, '');
  const sp = s.pathname.replace(/\/$/, '');
  return rp === '' || sp === rp || sp.startsWith(rp + '/');
}

function asMetadataUrls(issuer) {
  const u = new URL(issuer);
  const path = u.pathname.replace(/\/$/, '');
  if (path && path !== '/') {
    if (BREAK.has('root-as-first')) return [`${u.origin}/.well-known/oauth-authorization-server`, `${u.origin}/.well-known/oauth-authorization-server${path}`];
    return [
      `${u.origin}/.well-known/oauth-authorization-server${path}`,
      `${u.origin}/.well-known/openid-configuration${path}`,
      `${u.origin}${path}/.well-known/openid-configuration`,
    ];
  }
  return [`${u.origin}/.well-known/oauth-authorization-server`, `${u.origin}/.well-known/openid-configuration`];
}

async function discoverAs(issuer) {
  for (const url of asMetadataUrls(issuer)) {
    const doc = await getJson(url);
    if (!doc) continue;
    if (doc.issuer !== issuer) {
      if (!LEGACY) throw new Fatal(`AS metadata at ${url} has issuer ${JSON.stringify(doc.issuer)}, expected ${JSON.stringify(issuer)}`);
      log(`  LEGACY: accepting issuer ${doc.issuer} (expected ${issuer})`);
    }
    return doc;
  }
  return null;
}

// ---------- client state (per AS issuer) ----------
const state = {
  token: null,
  requestedScopes: new Set(),
  authorizations: 0,
  client: null, // {issuer, client_id, client_secret, method}
  as: null,
  issuer: null,
};

function chooseMethod(supported, hasSecret) {
  const s = supported && supported.length ? supported : ['client_secret_basic'];
  if (!hasSecret) return 'none';
  for (const m of ['client_secret_basic', 'client_secret_post']) if (s.includes(m)) return m;
  return 'client_secret_basic';
}

async function ensureClient(as, issuer) {
  if (state.client && state.client.issuer === issuer) return state.client;
  const ctx = process.env.MCP_CONFORMANCE_CONTEXT ? JSON.parse(process.env.MCP_CONFORMANCE_CONTEXT) : null;
  if (ctx?.client_id) {
    const method = chooseMethod(as.token_endpoint_auth_methods_supported, !!ctx.client_secret);
    log('using pre-registered client', ctx.client_id, method);
    return (state.client = { issuer, client_id: ctx.client_id, client_secret: ctx.client_secret, method });
  }
  if (as.client_id_metadata_document_supported === true && !BREAK.has('no-cimd')) {
    log('using CIMD client id', CIMD_CLIENT_ID);
    return (state.client = { issuer, client_id: CIMD_CLIENT_ID, method: 'none' });
  }
  if (as.registration_endpoint) {
    const supported = as.token_endpoint_auth_methods_supported || [];
    const wanted = supported.includes('none') ? 'none' : supported.find((m) => m.startsWith('client_secret')) || 'client_secret_basic';
    const body = {
      client_name: 'Latchkey conformance reference client',
      redirect_uris: [REDIRECT_URI],
      grant_types: BREAK.has('dcr-no-refresh') ? ['authorization_code'] : ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: wanted,
      application_type: 'native',
    };
    log('POST', as.registration_endpoint, JSON.stringify(body));
    const res = await fetch(as.registration_endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status !== 201 && res.status !== 200) throw new Fatal(`registration failed: ${res.status} ${await res.text()}`);
    const reg = await res.json();
    const method = reg.token_endpoint_auth_method || (reg.client_secret ? chooseMethod(supported, true) : 'none');
    log('registered', reg.client_id, 'method', method);
    return (state.client = { issuer, client_id: reg.client_id, client_secret: reg.client_secret, method });
  }
  throw new Fatal(`no way to obtain client credentials for ${issuer}: configure a pre-registered client`);
}

// ---------- authorization ----------
async function authorize(challenge) {
  if (state.authorizations >= MAX_AUTHORIZATIONS) throw new Fatal(`giving up: ${MAX_AUTHORIZATIONS} authorization attempts made`);

  const prm = await discoverPrm(challenge);
  let issuer, prmDoc = null;
  if (prm) {
    prmDoc = prm.doc;
    if (!BREAK.has('ignore-prm-resource') && (!prmDoc.resource || !prmResourceMatches(prmDoc.resource)))
      throw new Fatal(`PRM resource ${JSON.stringify(prmDoc.resource)} does not identify ${MCP_URL}: refusing to authorize`);
    issuer = prmDoc.authorization_servers?.[0];
    if (!issuer) throw new Fatal('PRM lists no authorization_servers');
  } else if (LEGACY) {
    issuer = new URL(MCP_URL).origin;
    log('LEGACY: no PRM, using MCP origin as AS', issuer);
  } else {
    throw new Fatal('no protected resource metadata found (2025-03-26 servers need legacy mode)');
  }

  let as = await discoverAs(issuer);
  if (!as) {
    if (!LEGACY) throw new Fatal(`no authorization server metadata for ${issuer}`);
    const o = new URL(issuer).origin;
    log('LEGACY: no AS metadata, default endpoints on', o);
    as = { issuer, authorization_endpoint: `${o}/authorize`, token_endpoint: `${o}/token`, registration_endpoint: `${o}/register`, code_challenge_methods_supported: ['S256'], legacyDefaults: true };
  }
  if (!Array.isArray(as.code_challenge_methods_supported) || !as.code_challenge_methods_supported.includes('S256'))
    throw new Fatal('AS does not advertise PKCE S256: refusing');
  state.as = as;
  state.issuer = issuer;

  // scope selection: challenge > PRM scopes_supported > none; union with earlier requests (step-up)
  let scopes = [];
  if (challenge?.scope) scopes = challenge.scope.split(' ').filter(Boolean);
  else if (prmDoc?.scopes_supported?.length) scopes = prmDoc.scopes_supported;
  const union = new Set([...state.requestedScopes, ...scopes]);
  if ((union.size && Array.isArray(as.scopes_supported) && as.scopes_supported.includes('offline_access')) || BREAK.has('always-offline')) union.add('offline_access');
  state.requestedScopes = union;

  const client = await ensureClient(as, issuer);
  const resource = canonicalResource(MCP_URL);
  const verifier = b64url(randomBytes(32));
  const challengeS256 = b64url(createHash('sha256').update(verifier).digest());
  const st = b64url(randomBytes(16));

  const authUrl = new URL(as.authorization_endpoint);
  const q = authUrl.searchParams;
  q.set('response_type', 'code');
  q.set('client_id', client.client_id);
  q.set('redirect_uri', REDIRECT_URI);
  q.set('state', st);
  q.set('code_challenge', challengeS256);
  q.set('code_challenge_method', 'S256');
  if (!BREAK.has('no-resource')) q.set('resource', resource);
  if (union.size) q.set('scope', [...union].join(' '));

  state.authorizations++;
  log('authorize #' + state.authorizations, authUrl.toString());
  const ares = await fetch(authUrl, { redirect: 'manual' });
  const loc = ares.headers.get('location');
  if (ares.status < 300 || ares.status > 399 || !loc) throw new Fatal(`authorize did not redirect: ${ares.status}`);
  const cb = new URL(loc, authUrl);
  const p = cb.searchParams;
  // RFC 9207
  if (p.has('iss')) {
    if (p.get('iss') !== issuer && !(LEGACY && as.issuer === p.get('iss'))) throw new Fatal(`iss mismatch: ${p.get('iss')}`);
  } else if (as.authorization_response_iss_parameter_supported === true) {
    throw new Fatal('AS promised iss on the authorization response but sent none');
  }
  if (p.get('state') !== st) throw new Fatal('state mismatch');
  if (p.has('error')) throw new Fatal(`authorization error: ${p.get('error')}`);
  const code = p.get('code');
  if (!code) throw new Fatal('no code in callback');

  const form = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier, resource });
  if (BREAK.has('no-resource')) form.delete('resource');
  if (BREAK.has('basic-always') && client.client_secret) client.method = 'client_secret_basic';
  const headers = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };
  if (client.method === 'client_secret_basic') {
    const enc = (s) => encodeURIComponent(s).replace(/%20/g, '+'); // RFC 6749 §2.3.1
    headers.Authorization = 'Basic ' + Buffer.from(`${enc(client.client_id)}:${enc(client.client_secret)}`).toString('base64');
  } else {
    form.set('client_id', client.client_id);
    if (client.method === 'client_secret_post') form.set('client_secret', client.client_secret);
  }
  log('POST', as.token_endpoint, form.toString().replace(/code_verifier=[^&]+/, 'code_verifier=…'), client.method);
  const tres = await fetch(as.token_endpoint, { method: 'POST', headers, body: form });
  const tok = await tres.json().catch(() => ({}));
  if (tres.status !== 200 || !tok.access_token) throw new Fatal(`token request failed: ${tres.status} ${JSON.stringify(tok)}`);
  if (!/^bearer$/i.test(tok.token_type || '')) throw new Fatal(`unexpected token_type ${tok.token_type}`);
  state.token = tok.access_token;
  log('got token; scope', tok.scope ?? '(none)', 'refresh_token', tok.refresh_token ? 'yes' : 'no');
}

// ---------- MCP over Streamable HTTP ----------
let sessionId = null;
let negotiatedVersion = null;
let nextId = 1;

async function parseRpcResponse(res, id) {
  const ct = res.headers.get('content-type') || '';
  const text = await res.text();
  if (ct.includes('text/event-stream')) {
    for (const ev of text.split(/\r?\n\r?\n/)) {
      const data = ev.split(/\r?\n/).filter((l) => l.startsWith('data:')).map((l) => l.slice(5).replace(/^ /, '')).join('\n');
      if (!data.trim()) continue;
      const msg = JSON.parse(data);
      if (msg.id === id) return msg;
    }
    throw new Fatal(`no response for id ${id} in SSE stream`);
  }
  return JSON.parse(text);
}

async function post(body) {
  const headers = { 'Content-Type': 'application/json', Accept: BREAK.has('json-accept-only') ? 'application/json' : 'application/json, text/event-stream' };
  if (state.token) headers.Authorization = `Bearer ${state.token}`;
  if (sessionId) headers['Mcp-Session-Id'] = sessionId;
  if (negotiatedVersion) headers['MCP-Protocol-Version'] = BREAK.has('header-2026') ? '2026-07-28' : negotiatedVersion;
  return fetch(MCP_URL, { method: 'POST', headers, body: JSON.stringify(body) });
}

async function send(method, params, { notification = false } = {}) {
  for (;;) {
    const id = notification ? undefined : nextId++;
    const body = { jsonrpc: '2.0', method, ...(params !== undefined && { params }), ...(id !== undefined && { id }) };
    log('MCP', method);
    const res = await post(body);
    if (res.status === 401) {
      const ch = parseBearerChallenge(res.headers.get('www-authenticate'));
      await res.body?.cancel();
      log('  401', JSON.stringify(ch));
      await authorize(ch);
      continue;
    }
    if (res.status === 403) {
      const ch = parseBearerChallenge(res.headers.get('www-authenticate'));
      await res.body?.cancel();
      log('  403', JSON.stringify(ch));
      if (ch?.error !== 'insufficient_scope') throw new Fatal(`403 on ${method}`);
      await authorize(ch); // step-up: union of scopes; throws after MAX_AUTHORIZATIONS
      continue;
    }
    if (res.headers.get('mcp-session-id')) sessionId = res.headers.get('mcp-session-id');
    if (notification) {
      await res.body?.cancel();
      if (res.status !== 202 && res.status !== 200) throw new Fatal(`${method}: HTTP ${res.status}`);
      return null;
    }
    if (res.status !== 200) throw new Fatal(`${method}: HTTP ${res.status} ${await res.text()}`);
    const msg = await parseRpcResponse(res, id);
    if (msg.error) throw new Fatal(`${method}: JSON-RPC error ${JSON.stringify(msg.error)}`);
    return msg.result;
  }
}

try {
  const init = await send('initialize', {
    protocolVersion: PROTOCOL_VERSION,
    capabilities: {},
    clientInfo: { name: 'latchkey-conformance-reference-client', version: '0.0.1' },
  });
  negotiatedVersion = init.protocolVersion;
  log('initialized; server protocol', negotiatedVersion, 'session', sessionId ?? '(none)');
  await send('notifications/initialized', undefined, { notification: true });
  if (BREAK.has('stop-after-init')) process.exit(0);
  const tools = await send('tools/list', {});
  log('tools', tools.tools.map((t) => t.name).join(','));
  if (BREAK.has('no-tools-call')) process.exit(0);
  const call = await send('tools/call', { name: 'test-tool', arguments: {} });
  log('tools/call ->', JSON.stringify(call));
  process.exit(0);
} catch (e) {
  console.error('[ref-client] FAILED:', e instanceof Fatal ? e.message : e);
  process.exit(1);
}
