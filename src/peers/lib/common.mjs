// Shared plumbing for the Latchkey interop peers: option parsing, the loopback-only HTTP server
// with its in-memory request log, the READY line, and clean shutdown (SIGTERM / stdin closed).
//
// Logging rule: never print or record secret values (tokens, codes, client secrets, verifiers).
// Only method, path, status and parameter *names* are recorded; the one value kept is
// `grant_type`, which is not secret.
import http from 'node:http';

export const LOOPBACK = '127.0.0.1';

// Some libraries (oidc-provider's NOTICE lines) write to stdout through console.info/log.
// stdout is reserved for the single READY line, so route everything else to stderr.
console.log = (...args) => console.error(...args);
console.info = (...args) => console.error(...args);

/**
 * Parses `--name value`, `--name=value` and bare `--flag` (boolean true) arguments.
 * Repeated options are collected into arrays.
 */
export function parseArgs(argv = process.argv.slice(2)) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      throw new Error(`unexpected argument: ${arg}`);
    }
    let name = arg.slice(2);
    let value;
    const eq = name.indexOf('=');
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    } else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) {
      value = argv[++i];
    } else {
      value = true;
    }
    if (name in out) {
      out[name] = [].concat(out[name], value);
    } else {
      out[name] = value;
    }
  }
  return out;
}

export function intOpt(opts, name, dflt) {
  let v = opts[name];
  if (Array.isArray(v)) v = v[v.length - 1]; // repeated scalar option: the last one wins
  if (v === undefined || v === true) return dflt;
  const n = Number.parseInt(String(v), 10);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative integer`);
  return n;
}

export function listOpt(opts, name, dflt = []) {
  const v = opts[name];
  if (v === undefined || v === true) return dflt;
  return [].concat(v).flatMap((s) => String(s).split(/[ ,]+/)).filter(Boolean);
}

function authScheme(req) {
  const h = req.headers.authorization;
  if (!h) return null;
  const scheme = String(h).split(' ')[0];
  return scheme ? scheme.toLowerCase() : null;
}

/**
 * A request log that records, for every inbound request except the /__ harness endpoints:
 * method, path (no query), query parameter names, body parameter names (when the handler
 * recorded them on `req.peerLog`), grant_type, Authorization scheme, status and time.
 */
export class RequestLog {
  constructor(name) {
    this.name = name;
    this.entries = [];
  }

  reset() {
    this.entries = [];
  }

  track(req, res) {
    const started = Date.now();
    const url = new URL(req.url, 'http://127.0.0.1');
    const entry = {
      method: req.method,
      path: url.pathname,
      query: [...new Set(url.searchParams.keys())],
      body: [],
      grant_type: null,
      auth: authScheme(req),
      status: null,
      time: new Date(started).toISOString(),
      ms: null,
    };
    req.peerLog = entry;
    res.on('finish', () => {
      entry.status = res.statusCode;
      entry.ms = Date.now() - started;
      // Express/SDK handlers leave the parsed body on req.body; oidc-provider's is copied in by
      // a Koa middleware (see oidc-peer.mjs). Names only.
      if (entry.body.length === 0 && req.body && typeof req.body === 'object' && !Buffer.isBuffer(req.body)) {
        entry.body = Object.keys(req.body);
        if (typeof req.body.grant_type === 'string') entry.grant_type = req.body.grant_type;
      }
      this.entries.push(entry);
      const q = entry.query.length ? ` query=[${entry.query.join(',')}]` : '';
      const b = entry.body.length ? ` body=[${entry.body.join(',')}]` : '';
      const g = entry.grant_type ? ` grant_type=${entry.grant_type}` : '';
      process.stderr.write(`[${this.name}] ${entry.method} ${entry.path} -> ${entry.status}${q}${b}${g}\n`);
    });
  }
}

export function sendJson(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(text);
}

export async function readText(req, limit = 1024 * 1024) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) throw new Error('body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function readJsonBody(req, limit = 1024 * 1024) {
  const text = await readText(req, limit);
  return text ? JSON.parse(text) : {};
}

/**
 * Starts a loopback-only HTTP server. `extraRoutes(req, res, url)` may answer harness-only
 * /__ routes (return true when handled). `handler` is the application (express app, Koa
 * callback, ...). It may be set later through the returned object (`setHandler`), because most
 * peers need to know their port before they can build their application.
 */
export async function startLoopbackServer({ name, port = 0, extraRoutes, skipLog }) {
  const log = new RequestLog(name);
  let handler = (req, res) => sendJson(res, 503, { error: 'starting' });
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    try {
      if (url.pathname === '/__log' && req.method === 'GET') {
        return sendJson(res, 200, log.entries);
      }
      if (url.pathname === '/__log/reset' && req.method === 'POST') {
        log.reset();
        return sendJson(res, 200, { ok: true });
      }
      if (url.pathname.startsWith('/__') && extraRoutes) {
        if (await extraRoutes(req, res, url)) return;
      }
      if (url.pathname.startsWith('/__')) {
        return sendJson(res, 404, { error: 'not_found' });
      }
    } catch (err) {
      process.stderr.write(`[${name}] harness route ${url.pathname} failed: ${err?.message}\n`);
      if (!res.headersSent) sendJson(res, 500, { error: 'server_error' });
      return;
    }
    if (!skipLog || !skipLog(req)) log.track(req, res);
    handler(req, res);
  });
  // Keep-alive sockets would delay shutdown; close idle ones promptly.
  server.keepAliveTimeout = 2000;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => resolve());
  });
  const actualPort = server.address().port;
  return {
    server,
    log,
    port: actualPort,
    origin: `http://${LOOPBACK}:${actualPort}`,
    setHandler(h) {
      handler = h;
    },
  };
}

/** Prints the one READY line on stdout. */
export function ready(info) {
  process.stdout.write(`READY ${JSON.stringify(info)}\n`);
}

/**
 * Exits on SIGTERM/SIGINT and, unless --ignore-stdin is given, when stdin reaches EOF (the
 * parent that spawned us through a pipe has gone away).
 */
export function installShutdown(servers, opts = {}) {
  let closing = false;
  const shutdown = (why) => {
    if (closing) return;
    closing = true;
    process.stderr.write(`shutting down (${why})\n`);
    for (const s of servers) {
      s.close();
      s.closeAllConnections?.();
    }
    setTimeout(() => process.exit(0), 200).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  if (!opts['ignore-stdin']) {
    process.stdin.on('end', () => shutdown('stdin closed'));
    process.stdin.on('close', () => shutdown('stdin closed'));
    process.stdin.on('error', () => shutdown('stdin error'));
    process.stdin.resume();
  }
  return shutdown;
}

export function fatal(err) {
  process.stderr.write(`FATAL ${err?.stack || err}\n`);
  process.exit(1);
}
