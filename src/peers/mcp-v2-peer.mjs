#!/usr/bin/env node
// mcp-v2-peer: an MCP server of both protocol generations from the official TypeScript SDK v2
// (@modelcontextprotocol/server 2.4.0, createMcpHandler: 2026-07-28 stateless requests, and 2025-era
// clients through its stateless legacy fallback) at /mcp, protected by the same authorization server
// as mcp-sdk-peer.mjs (the v1 SDK's mcpAuthRouter + DemoInMemoryAuthProvider + requireBearerAuth) —
// all on ONE loopback port.
//
//   node src/peers/mcp-v2-peer.mjs --port 0 [--ignore-stdin]
//
// 2026-07-28 answers are event streams (responseMode 'sse': the stream opens before the tool runs).
// Tools: echo {text}, whoami {}, slow {ms} (answers after ms unless the request is cancelled first).
// Harness:
//   GET /__mcp-bearers  the bearer tokens /mcp was called with (what a gateway in front attached)
//   GET /__mcp-requests one entry per /mcp POST: {method, era, headers: {mcp-*}, params: [names]}
//                       (header values of mcp-method / mcp-name / mcp-param-* / mcp-protocol-version only)
//   GET /__cancelled    the slow calls whose connection closed before their answer: [{ms, at}]
import express from 'express';
import { mcpAuthRouter } from '@modelcontextprotocol/sdk/server/auth/router.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { localhostHostValidation } from '@modelcontextprotocol/sdk/server/middleware/hostHeaderValidation.js';
import { DemoInMemoryAuthProvider } from '@modelcontextprotocol/sdk/examples/server/demoInMemoryOAuthProvider.js';
import { McpServer, createMcpHandler, fromJsonSchema } from '@modelcontextprotocol/server';
import { parseArgs, intOpt, startLoopbackServer, ready, installShutdown, fatal } from './lib/common.mjs';
import { MCP_PATH, prmUrlFor } from './lib/mcp.mjs';

const object = (properties, required = Object.keys(properties)) => fromJsonSchema({
  type: 'object', properties, required,
});

function buildServer(cancelled) {
  const server = new McpServer({ name: 'mcp-v2-peer', version: '2.4.0' });
  server.registerTool('echo', { description: 'Returns its text argument', inputSchema: object({ text: { type: 'string' } }) },
    async ({ text }) => ({ content: [{ type: 'text', text }] }));
  server.registerTool('whoami', { description: 'The client id, scopes and resource of the bearer token', inputSchema: object({}) },
    async (_args, ctx) => {
      const a = ctx.http?.authInfo ?? {};
      const info = { client_id: a.clientId ?? null, scopes: a.scopes ?? [], resource: a.resource ? String(a.resource) : null };
      return { content: [{ type: 'text', text: JSON.stringify(info) }], structuredContent: info };
    });
  server.registerTool('slow', { description: 'Answers after ms milliseconds unless cancelled', inputSchema: object({ ms: { type: 'number' } }) },
    async ({ ms }, ctx) => new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ content: [{ type: 'text', text: `slept ${ms}` }] }), ms);
      ctx.mcpReq?.signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        cancelled.push({ ms, at: new Date().toISOString(), by: 'signal' });
        resolve({ content: [{ type: 'text', text: 'cancelled' }], isError: true });
      }, { once: true });
    }));
  return server;
}

/** Serves one Express request with the SDK's web-standard handler; a client that leaves aborts it. */
async function serveFetch(handler, req, res, onGone) {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) {
      onGone();
      controller.abort();
    }
  });
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
    else if (value !== undefined) headers.set(name, value);
  }
  const init = { method: req.method, headers, signal: controller.signal };
  if (req.method === 'POST') init.body = JSON.stringify(req.body);
  const request = new Request(`http://${req.headers.host}${req.originalUrl}`, init);
  const response = await handler.fetch(request, {
    authInfo: req.auth,
    ...(req.method === 'POST' && { parsedBody: req.body }),
  });
  res.status(response.status);
  response.headers.forEach((value, name) => res.setHeader(name, value));
  if (!response.body) {
    res.end();
    return;
  }
  res.flushHeaders();
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await new Promise((resolve) => res.once('drain', resolve));
    }
    res.end();
  } catch {
    res.destroy();
  } finally {
    if (controller.signal.aborted) reader.cancel().catch(() => {});
  }
}

async function main() {
  const opts = parseArgs();
  const bearersSeen = [];
  const requestsSeen = [];
  const cancelled = [];
  const peer = await startLoopbackServer({
    name: 'mcp-v2-peer',
    port: intOpt(opts, 'port', 0),
    extraRoutes: async (req, res, url) => {
      const lists = { '/__mcp-bearers': bearersSeen, '/__mcp-requests': requestsSeen, '/__cancelled': cancelled };
      if (req.method === 'GET' && lists[url.pathname]) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(lists[url.pathname]));
        return true;
      }
      return false;
    },
  });
  const issuerUrl = new URL(`${peer.origin}/`);
  const mcpUrl = `${peer.origin}${MCP_PATH}`;
  const provider = new DemoInMemoryAuthProvider((resource) => !resource || String(resource).replace(/\/$/, '') === mcpUrl);
  const handler = createMcpHandler(() => buildServer(cancelled), { legacy: 'stateless', responseMode: 'sse' });

  const app = express();
  app.disable('x-powered-by');
  app.use(localhostHostValidation());
  app.use(mcpAuthRouter({
    provider,
    issuerUrl,
    scopesSupported: ['mcp:tools'],
    resourceServerUrl: new URL(mcpUrl),
    resourceName: 'Latchkey interop peer (MCP SDK v2)',
    authorizationOptions: { rateLimit: false },
    tokenOptions: { rateLimit: false },
    clientRegistrationOptions: { rateLimit: false },
  }));
  const bearer = requireBearerAuth({ verifier: provider, resourceMetadataUrl: prmUrlFor(mcpUrl), expectedResource: new URL(mcpUrl) });
  app.use(MCP_PATH, (req, res, next) => {
    const h = String(req.headers.authorization ?? '');
    bearersSeen.push(h.toLowerCase().startsWith('bearer ') ? h.slice(7) : h);
    next();
  });
  app.all(MCP_PATH, bearer, express.json(), (req, res) => {
    const mcpHeaders = Object.fromEntries(Object.entries(req.headers).filter(([name]) => name.startsWith('mcp-')
      && name !== 'mcp-session-id'));
    const params = req.body?.params && typeof req.body.params === 'object' ? req.body.params : {};
    const era = params._meta?.['io.modelcontextprotocol/protocolVersion'] ? 'modern' : 'legacy';
    if (req.method === 'POST') requestsSeen.push({ method: req.body?.method ?? null, era, headers: mcpHeaders, params: Object.keys(params) });
    const slowMs = req.body?.method === 'tools/call' && req.body.params?.name === 'slow' ? req.body.params.arguments?.ms : undefined;
    serveFetch(handler, req, res, () => {
      if (slowMs !== undefined) cancelled.push({ ms: slowMs, at: new Date().toISOString(), by: 'connection' });
    }).catch((err) => {
      process.stderr.write(`mcp request failed: ${err?.message}\n`);
      if (!res.headersSent) res.status(500).json({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal server error' }, id: null });
    });
  });
  peer.setHandler(app);

  installShutdown([peer.server], opts);
  ready({
    port: peer.port,
    issuer: issuerUrl.href,
    mcpUrl,
    prmUrl: prmUrlFor(mcpUrl),
    sharedPort: true,
  });
}

main().catch(fatal);
