// The MCP resource server shared by both OAuth peers: a stateless Streamable HTTP MCP server at
// /mcp, protected by the SDK's requireBearerAuth, with tools `echo`, `whoami` and `admin-echo`
// (the step-up tool), and RFC 9728 protected-resource metadata at the path-inserted URL.
import { randomUUID } from 'node:crypto';
import express from 'express';
import { z } from 'zod';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';

export const MCP_PATH = '/mcp';
export const STEP_UP_TOOL = 'admin-echo';

/** `http://host/.well-known/oauth-protected-resource/mcp` for `http://host/mcp` (RFC 9728 §3.1). */
export function prmUrlFor(resourceUrl) {
  const u = new URL(resourceUrl);
  const p = u.pathname === '/' ? '' : u.pathname;
  return `${u.origin}/.well-known/oauth-protected-resource${p}`;
}

/** With `failing`, every tool answers a tool error (`isError: true`): a client must not count that as success. */
function failingTools(server) {
  const register = server.registerTool.bind(server);
  server.registerTool = (name, config) => register(name, { description: config.description }, async () => ({
    content: [{ type: 'text', text: `tool ${name} failed (--tool-error)` }], isError: true,
  }));
}

function buildMcpServer(name, failing) {
  const server = new McpServer({ name, version: '1.0.0' });
  if (failing) failingTools(server);
  server.registerTool(
    'echo',
    { description: 'Returns its text argument', inputSchema: { text: z.string() } },
    async ({ text }) => ({ content: [{ type: 'text', text }] }),
  );
  server.registerTool(
    'whoami',
    { description: 'Returns the client id, scopes and resource of the bearer token', inputSchema: {} },
    async (_args, extra) => {
      const a = extra.authInfo || {};
      const info = {
        client_id: a.clientId ?? null,
        scopes: a.scopes ?? [],
        resource: a.resource ? String(a.resource) : null,
        subject: a.extra?.sub ?? null,
        expires_at: a.expiresAt ?? null,
      };
      return { content: [{ type: 'text', text: JSON.stringify(info) }], structuredContent: info };
    },
  );
  server.registerTool(
    STEP_UP_TOOL,
    {
      description: 'Like echo, but needs the extra scope given by --required-scope (step-up tests)',
      inputSchema: { text: z.string() },
    },
    async ({ text }) => ({ content: [{ type: 'text', text }] }),
  );
  return server;
}

function callsStepUpTool(body) {
  const msgs = Array.isArray(body) ? body : [body];
  return msgs.some((m) => m && m.method === 'tools/call' && m.params?.name === STEP_UP_TOOL);
}

/**
 * Mounts /mcp on `app`.
 * @param app express app
 * @param o.verifier  { verifyAccessToken(token) -> AuthInfo } (SDK OAuthTokenVerifier)
 * @param o.resourceUrl canonical MCP URL, e.g. http://127.0.0.1:PORT/mcp
 * @param o.requiredScope extra scope needed for tools/call of admin-echo (step-up), or undefined
 * @param o.bearerRequiredScopes scopes requireBearerAuth demands for every request (goes into the
 *        401 challenge's scope=) — empty by default
 * @param o.stepUpChallenge 'union' (token scopes + required scope) or 'required' (required only)
 * @param o.jsonResponse answer with application/json instead of SSE
 * @param o.checkAudience pass expectedResource to requireBearerAuth
 * @param o.toolError every tools/call answers a tool error (isError: true)
 * @param o.stateful sessions (Mcp-Session-Id) with a GET event stream and DELETE, instead of stateless
 */
export function mountMcp(app, o) {
  const prmUrl = prmUrlFor(o.resourceUrl);
  const bearer = requireBearerAuth({
    verifier: o.verifier,
    requiredScopes: o.bearerRequiredScopes ?? [],
    resourceMetadataUrl: prmUrl,
    expectedResource: o.checkAudience === false ? undefined : new URL(o.resourceUrl),
  });

  const stepUp = (req, res, next) => {
    if (!o.requiredScope || !callsStepUpTool(req.body)) return next();
    const have = req.auth?.scopes ?? [];
    if (have.includes(o.requiredScope)) return next();
    const challenge = o.stepUpChallenge === 'required'
      ? [o.requiredScope]
      : [...new Set([...have, ...(o.bearerRequiredScopes ?? []), o.requiredScope])];
    res.set(
      'WWW-Authenticate',
      `Bearer error="insufficient_scope", scope="${challenge.join(' ')}", resource_metadata="${prmUrl}", `
        + `error_description="tool ${STEP_UP_TOOL} requires scope ${o.requiredScope}"`,
    );
    res.status(403).json({ error: 'insufficient_scope', error_description: `tool ${STEP_UP_TOOL} requires scope ${o.requiredScope}` });
  };

  const handle = async (req, res) => {
    const server = buildMcpServer(o.name ?? 'latchkey-peer', !!o.toolError);
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: !!o.jsonResponse,
    });
    res.on('close', () => {
      transport.close();
      server.close();
    });
    try {
      await server.connect(transport);
      await transport.handleRequest(req, res, req.body);
    } catch (err) {
      process.stderr.write(`mcp request failed: ${err?.message}\n`);
      if (!res.headersSent) {
        res.status(500).json({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal server error' }, id: null });
      }
    }
  };

  const methodNotAllowed = (req, res) => {
    res.status(405).set('Allow', 'POST').json({
      jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed (stateless server).' }, id: null,
    });
  };

  if (o.stateful) {
    const sessions = mountStateful(o);
    app.post(MCP_PATH, bearer, express.json(), stepUp, sessions.post);
    app.get(MCP_PATH, bearer, sessions.other);
    app.delete(MCP_PATH, bearer, sessions.other);
    return { prmUrl, sessions };
  }
  app.post(MCP_PATH, bearer, express.json(), stepUp, handle);
  app.get(MCP_PATH, bearer, methodNotAllowed);
  app.delete(MCP_PATH, bearer, methodNotAllowed);
  return { prmUrl };
}

/**
 * A stateful server, as the SDK's examples build one: initialize opens a session (its own transport and
 * server), later requests name it by Mcp-Session-Id, GET opens its event stream, DELETE ends it.
 */
function mountStateful(o) {
  const transports = new Map();
  const unknown = (res) => res.status(404).json({
    jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null,
  });
  const post = async (req, res) => {
    const id = req.get('mcp-session-id');
    if (id) {
      const transport = transports.get(id);
      if (!transport) return unknown(res);
      return transport.handleRequest(req, res, req.body);
    }
    const server = buildMcpServer(o.name ?? 'latchkey-peer', !!o.toolError);
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      enableJsonResponse: !!o.jsonResponse,
      onsessioninitialized: (sid) => transports.set(sid, transport),
    });
    transport.onclose = () => {
      if (transport.sessionId) transports.delete(transport.sessionId);
      server.close();
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  };
  const other = async (req, res) => {
    const transport = transports.get(req.get('mcp-session-id') ?? '');
    if (!transport) return unknown(res);
    await transport.handleRequest(req, res);
  };
  /** Ends every session (as a restarted server would have forgotten them); how many there were. */
  const forget = () => {
    const count = transports.size;
    for (const transport of [...transports.values()]) transport.close();
    transports.clear();
    return count;
  };
  const ids = () => [...transports.keys()];
  return { post, other, forget, ids };
}
