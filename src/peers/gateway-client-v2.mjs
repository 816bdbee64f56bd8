#!/usr/bin/env node
// gateway-client-v2: the official MCP TypeScript SDK v2 client (@modelcontextprotocol/client 2.4.0,
// Client + StreamableHTTPClientTransport) speaking protocol 2026-07-28 to one MCP endpoint —
// Latchkey's gateway in the tests — with a static bearer token given through requestInit.headers.
//
//   node src/peers/gateway-client-v2.mjs --url URL --token lkg_… [--mode call|slow]
//        [--elicitation url|none] [--link-file PATH --done-file PATH] [--ms N]
//
// call (default): connect (server/discover, pinned to 2026-07-28), then tools/call echo {text: "through
//   the gateway"} and tools/call whoami. With --elicitation url the client declares URL elicitation; its
//   handler receives the gateway's url elicitation, writes the URL to --link-file, waits until
//   --done-file exists (the test's user has finished in the browser), and accepts; the SDK's own
//   multi-round-trip driver then retries the call with the echoed requestState.
// slow: tools/call slow {ms: --ms} with the request aborted after 1 s (the SDK closes the stream).
// Prints one JSON line on stdout: {"ok": true, ...} or {"ok": false, "stage", "error": {code, message,
// data}}. Exits 0 either way; 1 only on a harness error.
import { existsSync, writeFileSync } from 'node:fs';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { parseArgs } from './lib/common.mjs';

const opts = parseArgs();
const url = new URL(String(opts.url));
const token = String(opts.token);
const mode = String(opts.mode ?? 'call');
const urlElicitation = String(opts.elicitation ?? 'none') === 'url';
const elicitations = [];

function out(line) {
  process.stdout.write(JSON.stringify(line) + '\n');
}

function failure(stage, err) {
  return {
    ok: false,
    stage,
    elicitations,
    error: { code: err?.code ?? null, message: String(err?.message ?? err), data: err?.data ?? null },
  };
}

async function waitFor(path, ms) {
  const until = Date.now() + ms;
  while (!existsSync(path)) {
    if (Date.now() > until) throw new Error(`no ${path} within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function client() {
  const c = new Client({ name: 'latchkey-gateway-test-v2', version: '1.0.0' }, {
    capabilities: urlElicitation ? { elicitation: { url: {} } } : {},
    versionNegotiation: { mode: { pin: '2026-07-28' } },
  });
  if (urlElicitation) {
    c.setRequestHandler('elicitation/create', async (request) => {
      const params = request.params ?? request;
      elicitations.push({ mode: params.mode, url: params.url, message: params.message });
      if (opts['link-file']) {
        writeFileSync(String(opts['link-file']), String(params.url));
        await waitFor(String(opts['done-file']), 90000);
      }
      return { action: 'accept' };
    });
  }
  return c;
}

function transport() {
  return new StreamableHTTPClientTransport(url, {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
}

async function call() {
  const c = client();
  let stage = 'connect';
  try {
    await c.connect(transport());
    const result = { ok: true, version: c.getNegotiatedProtocolVersion?.() ?? null };
    stage = 'tools/call echo';
    const echo = await c.callTool({ name: 'echo', arguments: { text: 'through the gateway' } });
    result.echo = echo.content?.[0]?.text ?? null;
    result.echoIsError = echo.isError ?? false;
    if (!echo.isError) {
      stage = 'tools/call whoami';
      const who = await c.callTool({ name: 'whoami', arguments: {} });
      result.whoami = who.structuredContent ?? null;
    }
    result.elicitations = elicitations;
    out(result);
  } catch (err) {
    out(failure(stage, err));
  } finally {
    await c.close().catch(() => {});
  }
}

async function slow() {
  const c = client();
  let stage = 'connect';
  try {
    await c.connect(transport());
    stage = 'tools/call slow';
    const abort = new AbortController();
    setTimeout(() => abort.abort(new Error('cancelled by the test')), 1000);
    const started = Date.now();
    try {
      await c.callTool({ name: 'slow', arguments: { ms: Number(opts.ms ?? 8000) } }, { signal: abort.signal });
      out({ ok: false, stage, error: { message: 'the slow call was not cancelled' } });
    } catch (err) {
      out({ ok: true, cancelledAfterMs: Date.now() - started, error: String(err?.message ?? err) });
    }
  } catch (err) {
    out(failure(stage, err));
  } finally {
    await c.close().catch(() => {});
  }
}

try {
  if (mode === 'slow') await slow();
  else await call();
  process.exit(0);
} catch (err) {
  process.stderr.write(`gateway-client-v2: ${err?.stack ?? err}\n`);
  process.exit(1);
}
