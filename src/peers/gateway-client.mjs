#!/usr/bin/env node
// gateway-client: the official MCP TypeScript SDK client (Client + StreamableHTTPClientTransport,
// @modelcontextprotocol/sdk 1.32.2) talking to one MCP endpoint — Latchkey's gateway in the tests —
// with a static bearer token given through requestInit.headers, as an MCP client is configured for it.
//
//   node src/peers/gateway-client.mjs --url URL --token lkg_… [--mode session|raw-call]
//
// session (default): connect (initialize), tools/list, tools/call echo {text: "through the gateway"},
//   tools/call whoami.
// raw-call: no initialize; one tools/call echo sent through the SDK transport, its answer as it came.
// Prints one JSON line on stdout: {"ok": true, ...results} or {"ok": false, "stage", "error": {code,
// message, data}}. Exits 0 either way (the test reads the line); 1 only on a harness error.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { parseArgs } from './lib/common.mjs';

const opts = parseArgs();
const url = new URL(String(opts.url));
const token = String(opts.token);
const mode = String(opts.mode ?? 'session');

function out(line) {
  process.stdout.write(JSON.stringify(line) + '\n');
}

function failure(stage, err) {
  return {
    ok: false,
    stage,
    error: { code: err?.code ?? null, message: String(err?.message ?? err), data: err?.data ?? null },
  };
}

function transport() {
  return new StreamableHTTPClientTransport(url, {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
}

async function session() {
  const client = new Client({ name: 'latchkey-gateway-test', version: '1.0.0' });
  const t = transport();
  let stage = 'initialize';
  try {
    await client.connect(t);
    const result = { ok: true, server: client.getServerVersion()?.name ?? null };
    stage = 'tools/list';
    const tools = await client.listTools();
    result.tools = tools.tools.map((tool) => tool.name);
    stage = 'tools/call echo';
    const echo = await client.callTool({ name: 'echo', arguments: { text: 'through the gateway' } });
    result.echo = echo.content?.[0]?.text ?? null;
    result.echoIsError = echo.isError ?? false;
    stage = 'tools/call whoami';
    const who = await client.callTool({ name: 'whoami', arguments: {} });
    result.whoami = who.structuredContent ?? null;
    out(result);
  } catch (err) {
    out(failure(stage, err));
  } finally {
    await client.close().catch(() => {});
  }
}

async function rawCall() {
  const t = transport();
  const answer = new Promise((resolve, reject) => {
    t.onmessage = (message) => resolve(message);
    t.onerror = (err) => reject(err);
  });
  try {
    await t.start();
    await t.send({
      jsonrpc: '2.0', id: 'call-1', method: 'tools/call',
      params: { name: 'echo', arguments: { text: 'before authorization' } },
    });
    const message = await Promise.race([answer,
      new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 20 s')), 20000))]);
    out({ ok: true, message });
  } catch (err) {
    out(failure('tools/call', err));
  } finally {
    await t.close().catch(() => {});
  }
}

try {
  if (mode === 'raw-call') await rawCall();
  else await session();
  process.exit(0);
} catch (err) {
  process.stderr.write(`gateway-client: ${err?.stack ?? err}\n`);
  process.exit(1);
}
