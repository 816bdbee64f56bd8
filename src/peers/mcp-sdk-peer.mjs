#!/usr/bin/env node
// mcp-sdk-peer: the official MCP TypeScript SDK's authorization server (mcpAuthRouter + the
// SDK's demo in-memory provider: auto-approve, PKCE S256, open DCR, no refresh tokens) and a
// stateless Streamable HTTP MCP server at /mcp protected by requireBearerAuth — all on ONE
// loopback port.
//
//   node src/peers/mcp-sdk-peer.mjs --port 0 [--scopes-supported a,b] [--required-scope X]
//        [--step-up-challenge union|required] [--bearer-required-scopes a,b]
//        [--require-resource] [--no-audience-check] [--json-response] [--rate-limit] [--tool-error]
//        [--ignore-stdin] [--set-cookie] [--stateful]
//
// Harness: GET /__mcp-bearers lists the bearer tokens /mcp was called with (what a gateway in front
// attached), GET /__mcp-methods the HTTP methods of those requests, as they arrived; with --set-cookie
// every /mcp answer carries a Set-Cookie (a gateway must drop it).
// With --stateful the MCP server keeps sessions (Mcp-Session-Id, a GET event stream, DELETE) as the SDK's
// examples do; GET /__mcp-sessions lists their ids, POST /__mcp-sessions/forget ends them all (as a restart).
//
// Real SDK behaviour kept on purpose: issuer `http://127.0.0.1:PORT/` (trailing slash), token
// responses with lowercase `token_type: "bearer"`, AS metadata only at
// /.well-known/oauth-authorization-server (no openid-configuration), DCR clients are confidential
// (client_secret_post) unless they ask for token_endpoint_auth_method "none".
import express from 'express';
import { mcpAuthRouter } from '@modelcontextprotocol/sdk/server/auth/router.js';
import { localhostHostValidation } from '@modelcontextprotocol/sdk/server/middleware/hostHeaderValidation.js';
import { DemoInMemoryAuthProvider } from '@modelcontextprotocol/sdk/examples/server/demoInMemoryOAuthProvider.js';
import {
  parseArgs, intOpt, listOpt, startLoopbackServer, ready, installShutdown, fatal,
} from './lib/common.mjs';
import { mountMcp, MCP_PATH, prmUrlFor } from './lib/mcp.mjs';

function sameResource(a, b) {
  const norm = (v) => String(v).split('#')[0].replace(/\/$/, '');
  return norm(a) === norm(b);
}

async function main() {
  const opts = parseArgs();
  const scopesSupported = listOpt(opts, 'scopes-supported', ['mcp:tools']);
  const requiredScope = typeof opts['required-scope'] === 'string' ? opts['required-scope'] : undefined;
  const rateLimit = opts['rate-limit'] ? undefined : false;

  const bearersSeen = [];
  const methodsSeen = [];
  let mounted;
  const peer = await startLoopbackServer({
    name: 'mcp-sdk-peer',
    port: intOpt(opts, 'port', 0),
    extraRoutes: async (req, res, url) => {
      if (url.pathname === '/__mcp-bearers' && req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(bearersSeen));
        return true;
      }
      if (url.pathname === '/__mcp-methods' && req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(methodsSeen));
        return true;
      }
      if (url.pathname === '/__mcp-sessions' && req.method === 'GET' && mounted?.sessions) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(mounted.sessions.ids()));
        return true;
      }
      if (url.pathname === '/__mcp-sessions/forget' && req.method === 'POST' && mounted?.sessions) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ forgotten: mounted.sessions.forget() }));
        return true;
      }
      return false;
    },
  });
  const issuerUrl = new URL(`${peer.origin}/`); // URL.href keeps the trailing slash, as the SDK does
  const mcpUrl = `${peer.origin}${MCP_PATH}`;

  // The SDK demo provider; its validateResource hook checks the resource at the code exchange.
  const provider = new DemoInMemoryAuthProvider((resource) => {
    if (!resource) return !opts['require-resource'];
    return sameResource(resource, mcpUrl);
  });

  const app = express();
  app.disable('x-powered-by');
  app.use(localhostHostValidation()); // DNS-rebinding protection, as createMcpExpressApp does
  app.use(mcpAuthRouter({
    provider,
    issuerUrl,
    scopesSupported,
    resourceServerUrl: new URL(mcpUrl),
    resourceName: 'Latchkey interop peer (MCP SDK)',
    authorizationOptions: { rateLimit },
    tokenOptions: { rateLimit },
    clientRegistrationOptions: { rateLimit },
  }));
  app.use(MCP_PATH, (req, res, next) => {
    const h = String(req.headers.authorization ?? '');
    bearersSeen.push(h.toLowerCase().startsWith('bearer ') ? h.slice(7) : h);
    methodsSeen.push(req.method);
    if (opts['set-cookie']) res.set('Set-Cookie', 'upstream-session=secret; Path=/; HttpOnly');
    next();
  });
  mounted = mountMcp(app, {
    name: 'mcp-sdk-peer',
    verifier: provider,
    resourceUrl: mcpUrl,
    requiredScope,
    stepUpChallenge: opts['step-up-challenge'] === 'required' ? 'required' : 'union',
    bearerRequiredScopes: listOpt(opts, 'bearer-required-scopes'),
    jsonResponse: !!opts['json-response'],
    checkAudience: !opts['no-audience-check'],
    toolError: !!opts['tool-error'],
    stateful: !!opts.stateful,
  });
  peer.setHandler(app);

  installShutdown([peer.server], opts);
  ready({
    port: peer.port,
    issuer: issuerUrl.href,
    mcpUrl,
    prmUrl: prmUrlFor(mcpUrl),
    asMetadataUrl: `${peer.origin}/.well-known/oauth-authorization-server`,
    authorizationEndpoint: `${peer.origin}/authorize`,
    tokenEndpoint: `${peer.origin}/token`,
    registrationEndpoint: `${peer.origin}/register`,
    logUrl: `${peer.origin}/__log`,
    scopesSupported: scopesSupported.join(' '),
    requiredScope: requiredScope ?? '',
    sharedPort: true,
  });
}

main().catch(fatal);
