#!/usr/bin/env node
// gateway-user: the official MCP TypeScript SDK client (@modelcontextprotocol/sdk 1.32.2) used as an
// assistant would use it through Latchkey's gateway, in ONE MCP session, while a user authorizes the
// upstream server in between. Loopback only; the test drives the user and reads what the client saw.
//
//   node src/peers/gateway-user.mjs --port 0 --url GATEWAY_URL --token lkg_… [--elicitation] [--driven]
//
// With --elicitation the client declares `elicitation: { url: {} }`: tools/list → UrlElicitationRequiredError
// (code -32042) → wait for notifications/elicitation/complete with its elicitationId → retry.
// Without it: tools/list (the gateway's authorize tool), tools/call echo → the notice as a tool result
// (isError) → wait for notifications/tools/list_changed → tools/list and tools/call again.
// Either way it then calls echo and whoami, and checks the session id never changed.
//
// With --driven it only connects; the test then drives the session through the harness:
// POST /__call {name, arguments} and POST /__list → {ok: true, result} or {ok: false, error: {code, message, data}}.
//
// Harness: GET /__state — {stage, link?, elicitationId?, noticeText?, firstTools?, tools?, echo?, whoami?,
// sessionIds, notifications, error?, done}.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  UrlElicitationRequiredError, ElicitationCompleteNotificationSchema, ToolListChangedNotificationSchema,
  ElicitRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import {
  parseArgs, intOpt, startLoopbackServer, ready, installShutdown, fatal, sendJson, readJsonBody,
} from './lib/common.mjs';

const WAIT_MS = 120_000;

async function main() {
  const opts = parseArgs();
  const url = new URL(String(opts.url));
  const token = String(opts.token);
  const elicitation = !!opts.elicitation;
  const state = { stage: 'starting', sessionIds: [], notifications: [], done: false };
  let client;
  const run = async (what) => {
    try {
      return { ok: true, result: await what() };
    } catch (err) {
      return { ok: false, error: { code: err?.code ?? null, message: String(err?.message ?? err), data: err?.data ?? null } };
    }
  };

  const peer = await startLoopbackServer({
    name: 'gateway-user',
    port: intOpt(opts, 'port', 0),
    async extraRoutes(req, res, u) {
      if (u.pathname === '/__state' && req.method === 'GET') {
        sendJson(res, 200, state);
        return true;
      }
      if (u.pathname === '/__call' && req.method === 'POST') {
        const { name, arguments: args } = await readJsonBody(req);
        sendJson(res, 200, await run(() => client.callTool({ name, arguments: args ?? {} })));
        return true;
      }
      if (u.pathname === '/__list' && req.method === 'POST') {
        sendJson(res, 200, await run(() => client.listTools()));
        return true;
      }
      return false;
    },
  });
  installShutdown([peer.server], opts);
  ready({ port: peer.port });

  const transport = new StreamableHTTPClientTransport(url, {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
    reconnectionOptions: { initialReconnectionDelay: 200, maxReconnectionDelay: 1000, reconnectionDelayGrowFactor: 1.5, maxRetries: 5 },
  });
  client = new Client({ name: 'latchkey-gateway-user', version: '1.0.0' },
    { capabilities: elicitation ? { elicitation: { url: {} } } : {} });
  let completed;
  const completion = new Promise((resolve) => { completed = resolve; });
  client.setNotificationHandler(ElicitationCompleteNotificationSchema, (n) => {
    state.notifications.push({ method: n.method, elicitationId: n.params.elicitationId });
    if (n.params.elicitationId === state.elicitationId) completed();
  });
  client.setNotificationHandler(ToolListChangedNotificationSchema, (n) => {
    state.notifications.push({ method: n.method });
    if (!elicitation) completed();
  });
  if (elicitation) {
    // A client that declares elicitation answers elicitation/create; the gateway never sends one.
    client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'decline' }));
  }
  const noteSession = () => state.sessionIds.push(transport.sessionId ?? null);
  const timeout = (what) => new Promise((_, reject) =>
    setTimeout(() => reject(new Error(`no ${what} within ${WAIT_MS} ms`)), WAIT_MS).unref());

  try {
    state.stage = 'initialize';
    await client.connect(transport);
    state.server = client.getServerVersion()?.name ?? null;
    noteSession();
    if (opts.driven) {
      state.stage = 'driven';
      state.connected = true;
      return;
    }
    if (elicitation) {
      state.stage = 'tools/list before authorization';
      try {
        await client.listTools();
        throw new Error('tools/list succeeded before the user authorized');
      } catch (err) {
        if (!(err instanceof UrlElicitationRequiredError)) throw err;
        const [first] = err.elicitations;
        state.errorCode = err.code;
        state.elicitationId = first.elicitationId;
        state.elicitationMessage = first.message;
        state.link = first.url;
      }
    } else {
      state.stage = 'tools/list before authorization';
      state.firstTools = (await client.listTools()).tools.map((t) => t.name);
      state.stage = 'tools/call before authorization';
      const answer = await client.callTool({ name: 'echo', arguments: { text: 'too early' } });
      state.noticeIsError = answer.isError ?? false;
      state.noticeText = answer.content?.[0]?.text ?? null;
      const match = /AuthURL: (\S+)/.exec(state.noticeText ?? '');
      state.link = match ? match[1] : null;
    }
    noteSession();
    state.stage = 'waiting for the user';
    await Promise.race([completion, timeout(elicitation ? 'notifications/elicitation/complete'
      : 'notifications/tools/list_changed')]);
    state.stage = 'tools/list after authorization';
    state.tools = (await client.listTools()).tools.map((t) => t.name);
    state.stage = 'tools/call echo';
    const echo = await client.callTool({ name: 'echo', arguments: { text: 'after the user said yes' } });
    state.echo = echo.content?.[0]?.text ?? null;
    state.echoIsError = echo.isError ?? false;
    state.stage = 'tools/call whoami';
    state.whoami = (await client.callTool({ name: 'whoami', arguments: {} })).structuredContent ?? null;
    noteSession();
    state.stage = 'done';
  } catch (err) {
    state.error = { code: err?.code ?? null, message: String(err?.message ?? err), data: err?.data ?? null };
  } finally {
    if (!opts.driven || state.error) {
      state.done = true;
      await client.close().catch(() => {});
    }
  }
}

main().catch(fatal);
