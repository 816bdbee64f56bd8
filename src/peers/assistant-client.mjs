#!/usr/bin/env node
// assistant-client: the official MCP TypeScript SDK client (Client + StreamableHTTPClientTransport,
// @modelcontextprotocol/sdk 1.32.2) talking to Latchkey's own MCP server at {publicBaseUrl}/mcp with a
// static gateway token, as an assistant is configured for it. Loopback URLs only.
//
//   node src/peers/assistant-client.mjs --url URL --token lkg_… [--elicitation] [--call NAME[:JSON]]…
//
// Connects (initialize; with --elicitation the client declares capabilities.elicitation.url), lists
// the tools, then calls each --call in order (JSON: the arguments object, default {}).
// Prints one JSON line on stdout: {"ok": true, server, tools: [{name, required}], calls: [{name,
// result: {text, isError, structured}} | {name, error: {type, code, message, data, elicitations}}]}
// or {"ok": false, "stage", "error"}. Exits 0 either way (the test reads the line); 1 on a harness error.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { parseArgs } from './lib/common.mjs';

const opts = parseArgs();
const url = new URL(String(opts.url));
if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
  throw new Error(`assistant-client talks to loopback only, not ${url.hostname}`);
}
const token = String(opts.token);
const calls = [].concat(opts.call ?? []).map((spec) => {
  const colon = String(spec).indexOf(':');
  return colon < 0 ? { name: String(spec), arguments: {} }
    : { name: spec.slice(0, colon), arguments: JSON.parse(spec.slice(colon + 1)) };
});

function out(line) {
  process.stdout.write(JSON.stringify(line) + '\n');
}

function error(err) {
  return {
    type: err?.constructor?.name ?? null,
    code: err?.code ?? null,
    message: String(err?.message ?? err),
    data: err?.data ?? null,
    elicitations: err?.elicitations ?? null,
  };
}

const capabilities = opts.elicitation ? { elicitation: { url: {} } } : {};
const client = new Client({ name: 'latchkey-assistant-test', version: '1.0.0' }, { capabilities });
const transport = new StreamableHTTPClientTransport(url, {
  requestInit: { headers: { Authorization: `Bearer ${token}` } },
});
let stage = 'initialize';
try {
  await client.connect(transport);
  const result = { ok: true, server: client.getServerVersion()?.name ?? null, calls: [] };
  stage = 'tools/list';
  const listed = await client.listTools();
  result.tools = listed.tools.map((tool) => ({
    name: tool.name, described: Boolean(tool.description), required: tool.inputSchema?.required ?? [],
  }));
  for (const call of calls) {
    stage = `tools/call ${call.name}`;
    try {
      const answer = await client.callTool({ name: call.name, arguments: call.arguments });
      result.calls.push({
        name: call.name,
        result: {
          text: (answer.content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join('\n'),
          isError: answer.isError ?? false,
          structured: answer.structuredContent ?? null,
        },
      });
    } catch (err) {
      result.calls.push({ name: call.name, error: error(err) });
    }
  }
  out(result);
} catch (err) {
  out({ ok: false, stage, error: error(err) });
} finally {
  await client.close().catch(() => {});
}
process.exit(0);
