#!/usr/bin/env node
// authorization-server-check: checks an MCP authorization server against the requirements of the
// conformance suite's authorization-server scenarios `authorization-server-metadata-endpoint` and
// `authorization-code-grant` (their stated requirements, checked by our own code: those scenarios and the
// `conformance authorization` command are not in any published @modelcontextprotocol/conformance yet —
// 0.2.0-alpha.12 has only `client`, `server`, `tier-check` and `list`). Loopback only.
//
//   node src/conformance/authorization-server-check.mjs --url ISSUER --client-id ID [--client-secret S]
//        [--resource R] [--port 0]
//
// 1. authorization-server-metadata-endpoint: the first of {origin}/.well-known/oauth-authorization-server{path},
//    {origin}/.well-known/openid-configuration{path}, {origin}{path}/.well-known/openid-configuration that
//    answers 200; Content-Type application/json; authorization_endpoint and token_endpoint non-empty
//    strings; response_types_supported holds "code"; code_challenge_methods_supported holds "S256"; issuer
//    equals --url; client_id_metadata_document_supported true (a WARNING otherwise, which fails the run).
// 2. authorization-code-grant: an authorization request (response_type code, client_id, state, redirect_uri
//    http://127.0.0.1:PORT/callback, PKCE S256, resource when given) is printed on stdout as
//    READY {"authorizationUrl": …, "redirectUri": …} for the user (the test's browser); the redirect back must come to
//    that origin and path, with exactly one state equal to the request's, exactly one non-empty code, at
//    most one iss equal to the metadata's issuer, and no error; the token request (none, or
//    client_secret_post / client_secret_basic when a secret is given and listed) must answer 200,
//    application/json, Cache-Control no-store, with string access_token and token_type.
// Prints one JSON line at the end: {"checks": [{id, status, errorMessage?}], "passed": n, "failed": n}.
// Exit 0 when every check is SUCCESS, 1 otherwise. Never prints a token or the code.
import http from 'node:http';
import crypto from 'node:crypto';

function args() {
  const out = {};
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) out[argv[i].replace(/^--/, '')] = argv[i + 1];
  return out;
}

const opts = args();
const checks = [];
const check = (id, errors, warning = false) => checks.push(errors.length === 0 ? { id, status: 'SUCCESS' }
  : { id, status: warning ? 'WARNING' : 'FAILURE', errorMessage: errors.join(', ') });

async function metadata(issuer) {
  const base = new URL(issuer);
  const path = base.pathname.replace(/\/$/, '');
  const candidates = [...new Set([
    `${base.origin}/.well-known/oauth-authorization-server${path}`,
    `${base.origin}/.well-known/openid-configuration${path}`,
    `${base.origin}${path}/.well-known/openid-configuration`,
  ])];
  for (const url of candidates) {
    const response = await fetch(url).catch(() => null);
    if (response?.status !== 200) continue;
    const errors = [];
    if (!(response.headers.get('content-type') ?? '').toLowerCase().includes('application/json')) {
      errors.push(`Content-Type ${response.headers.get('content-type')}`);
    }
    const body = await response.json();
    for (const name of ['authorization_endpoint', 'token_endpoint']) {
      if (typeof body[name] !== 'string' || body[name] === '') errors.push(`no ${name}`);
    }
    if (!Array.isArray(body.response_types_supported) || !body.response_types_supported.includes('code')) {
      errors.push('response_types_supported lacks code');
    }
    if (!Array.isArray(body.code_challenge_methods_supported) || !body.code_challenge_methods_supported.includes('S256')) {
      errors.push('code_challenge_methods_supported lacks S256');
    }
    if (body.issuer !== issuer) errors.push(`issuer ${body.issuer} is not ${issuer}`);
    check('authorization-server-metadata', errors);
    check('authorization-server-metadata-cimd',
      body.client_id_metadata_document_supported === true ? [] : ['client_id_metadata_document_supported is not true'],
      true);
    return body;
  }
  check('authorization-server-metadata', ['no metadata endpoint answered 200']);
  return null;
}

function callbackServer(port) {
  let arrived;
  const received = new Promise((resolve) => { arrived = resolve; });
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, `http://127.0.0.1:${server.address().port}`);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>Done</title><p>Authorization received. You can close this window.</p>');
    if (url.pathname === '/callback') arrived(url);
  });
  return new Promise((resolve) => server.listen(Number(port ?? 0), '127.0.0.1',
    () => resolve({ server, received, port: server.address().port })));
}

async function codeGrant(meta, issuer) {
  const errors = [];
  const state = crypto.randomBytes(32).toString('base64url');
  const verifier = crypto.randomBytes(32).toString('base64url');
  const challenge = crypto.createHash('sha256').update(verifier).digest('base64url');
  const callback = await callbackServer(opts.port);
  const redirectUri = `http://127.0.0.1:${callback.port}/callback`;
  try {
    const request = new URL(meta.authorization_endpoint);
    const params = { response_type: 'code', client_id: opts['client-id'], state, redirect_uri: redirectUri,
      code_challenge: challenge, code_challenge_method: 'S256', ...(opts.resource ? { resource: opts.resource } : {}) };
    for (const [k, v] of Object.entries(params)) request.searchParams.set(k, v);
    process.stdout.write(`READY ${JSON.stringify({ port: callback.port, authorizationUrl: request.toString(), redirectUri })}\n`);
    const timer = new Promise((_, reject) => setTimeout(() => reject(new Error('no callback within 120 s')), 120_000).unref());
    const back = await Promise.race([callback.received, timer]);
    if (back.searchParams.has('error')) throw new Error(`authorization error ${back.searchParams.get('error')}`);
    if (back.origin !== `http://127.0.0.1:${callback.port}`) errors.push(`redirect origin ${back.origin}`);
    if (back.pathname !== '/callback') errors.push(`redirect path ${back.pathname}`);
    const states = back.searchParams.getAll('state');
    if (states.length !== 1 || states[0] !== state) throw new Error('state missing, repeated or different');
    const codes = back.searchParams.getAll('code');
    if (codes.length !== 1 || codes[0] === '') throw new Error('code missing, repeated or empty');
    const iss = back.searchParams.getAll('iss');
    if (iss.length > 1 || (iss.length === 1 && iss[0] !== meta.issuer)) errors.push('iss repeated or not the issuer');

    const methods = meta.token_endpoint_auth_methods_supported ?? ['client_secret_basic'];
    const secret = opts['client-secret'];
    const method = !secret || methods.includes('none') ? 'none'
      : methods.includes('client_secret_post') ? 'client_secret_post' : 'client_secret_basic';
    const body = new URLSearchParams({ grant_type: 'authorization_code', code: codes[0], redirect_uri: redirectUri,
      code_verifier: verifier, ...(opts.resource ? { resource: opts.resource } : {}) });
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    if (method === 'none') body.set('client_id', opts['client-id']);
    else if (method === 'client_secret_post') { body.set('client_id', opts['client-id']); body.set('client_secret', secret); }
    else headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(opts['client-id'])}:${encodeURIComponent(secret)}`).toString('base64')}`;
    const response = await fetch(meta.token_endpoint, { method: 'POST', headers, body });
    if (response.status !== 200) throw new Error(`token response status ${response.status}`);
    if (!(response.headers.get('content-type') ?? '').toLowerCase().includes('application/json')) errors.push('token Content-Type');
    if (!(response.headers.get('cache-control') ?? '').toLowerCase().includes('no-store')) errors.push('token Cache-Control');
    const tokens = await response.json();
    if (typeof tokens.access_token !== 'string') errors.push('no access_token');
    if (typeof tokens.token_type !== 'string') errors.push('no token_type');
    check('authorization-code-grant', errors);
  } catch (err) {
    check('authorization-code-grant', [String(err?.message ?? err)]);
  } finally {
    callback.server.close();
  }
}

const issuer = String(opts.url);
const meta = await metadata(issuer);
if (meta) await codeGrant(meta, issuer);
const failed = checks.filter((c) => c.status !== 'SUCCESS').length;
process.stdout.write(JSON.stringify({ checks, passed: checks.length - failed, failed }) + '\n');
process.exit(failed === 0 ? 0 : 1);
