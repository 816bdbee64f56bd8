#!/usr/bin/env node
// webhook-receiver: accepts Standard Webhooks deliveries (POST to any path not under /__, e.g.
// /webhook) and verifies each with the reference `standardwebhooks` library's Webhook.verify.
//
//   node src/peers/webhook-receiver.mjs --port 0 [--secret whsec_...] [--fail-first N]
//        [--status-code C] [--delay-ms D] [--ignore-stdin]
//
// Answer per delivery: after --delay-ms, the first N deliveries (--fail-first) get 500; then a
// delivery whose signature does not verify gets 400; every other one gets --status-code
// (default 204). Every delivery is recorded, verified or not: GET /__deliveries.
// POST /__config {failFirst?, statusCode?, delayMs?} changes behaviour at run time (the
// fail-first counter restarts when failFirst is given); POST /__deliveries/reset clears the records.
// Each record's `concurrent` counts the deliveries with the same webhook-id still in progress when it
// arrived: a sender that never sends one message twice at once leaves it 0 everywhere.
import standardwebhooks from 'standardwebhooks';
import {
  parseArgs, intOpt, startLoopbackServer, ready, installShutdown, fatal, sendJson, readJsonBody,
} from './lib/common.mjs';

const { Webhook } = standardwebhooks;
const MAX_BODY = 1024 * 1024;

async function readRaw(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY) throw new Error('body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function eventIdOf(payload) {
  if (!payload || typeof payload !== 'object') return null;
  return payload.id ?? payload.event_id ?? payload.eventId ?? payload.data?.id ?? payload.data?.event_id ?? null;
}

async function main() {
  const opts = parseArgs();
  const secret = typeof opts.secret === 'string' ? opts.secret : undefined;
  const webhook = secret ? new Webhook(secret) : undefined;
  const cfg = {
    failFirst: intOpt(opts, 'fail-first', 0),
    statusCode: intOpt(opts, 'status-code', 204),
    delayMs: intOpt(opts, 'delay-ms', 0),
  };
  let seen = 0; // deliveries counted against failFirst
  let deliveries = [];
  const inFlight = new Map(); // webhook-id -> deliveries of it being handled right now

  const peer = await startLoopbackServer({
    name: 'webhook-receiver',
    port: intOpt(opts, 'port', 0),
    async extraRoutes(req, res, url) {
      if (url.pathname === '/__deliveries' && req.method === 'GET') {
        sendJson(res, 200, deliveries);
        return true;
      }
      if (url.pathname === '/__deliveries/reset' && req.method === 'POST') {
        deliveries = [];
        seen = 0;
        sendJson(res, 200, { ok: true });
        return true;
      }
      if (url.pathname === '/__config' && req.method === 'POST') {
        const body = await readJsonBody(req);
        for (const k of ['failFirst', 'statusCode', 'delayMs']) {
          if (Number.isInteger(body[k]) && body[k] >= 0) cfg[k] = body[k];
        }
        if (Number.isInteger(body.failFirst)) seen = 0; // a new failFirst counts from now
        sendJson(res, 200, cfg);
        return true;
      }
      return false;
    },
  });

  peer.setHandler(async (req, res) => {
    if (req.method !== 'POST') {
      sendJson(res, 405, { error: 'method_not_allowed' }, { allow: 'POST' });
      return;
    }
    let raw;
    try {
      raw = await readRaw(req);
    } catch {
      sendJson(res, 413, { error: 'too_large' });
      return;
    }
    const receivedAt = new Date().toISOString();
    const headers = {
      'webhook-id': req.headers['webhook-id'],
      'webhook-timestamp': req.headers['webhook-timestamp'],
      'webhook-signature': req.headers['webhook-signature'],
    };
    let verified = false;
    let error = null;
    let payload = null;
    if (!webhook) {
      error = 'no --secret configured';
    } else {
      try {
        payload = webhook.verify(raw, headers);
        verified = true;
      } catch (err) {
        error = err?.message || 'verification failed';
      }
    }
    if (payload === null) {
      try {
        payload = JSON.parse(raw);
      } catch {
        payload = null;
      }
    }
    seen += 1;
    const attempt = seen;
    const record = {
      webhookId: headers['webhook-id'] ?? null,
      verified,
      eventId: eventIdOf(payload),
      type: payload && typeof payload === 'object' ? payload.type ?? null : null,
      receivedAt,
      path: new URL(req.url, 'http://127.0.0.1').pathname,
      attempt,
      status: null,
      error,
      // how many other deliveries with the same webhook-id were still being handled when this one arrived
      concurrent: inFlight.get(headers['webhook-id']) ?? 0,
      // the body as delivered, so a test can check it against the API's event schema
      payload,
    };
    deliveries.push(record);
    inFlight.set(headers['webhook-id'], record.concurrent + 1);
    try {
      await answer(record, res, verified, attempt);
    } finally {
      const left = (inFlight.get(headers['webhook-id']) ?? 1) - 1;
      if (left > 0) inFlight.set(headers['webhook-id'], left);
      else inFlight.delete(headers['webhook-id']);
    }
  });

  async function answer(record, res, verified, attempt) {
    if (cfg.delayMs > 0) await new Promise((r) => setTimeout(r, cfg.delayMs));
    let status;
    if (attempt <= cfg.failFirst) status = 500;
    else if (!verified) status = 400;
    else status = cfg.statusCode;
    record.status = status;
    if (res.destroyed) return; // the sender timed out and hung up
    if (status === 204 || status === 304) {
      res.writeHead(status);
      res.end();
    } else {
      sendJson(res, status, status < 300 ? { ok: true } : { error: status === 400 ? 'invalid_signature' : 'failing_on_purpose' });
    }
  }

  installShutdown([peer.server], opts);
  ready({
    port: peer.port,
    url: `${peer.origin}/webhook`,
    deliveriesUrl: `${peer.origin}/__deliveries`,
    logUrl: `${peer.origin}/__log`,
    failFirst: cfg.failFirst,
    statusCode: cfg.statusCode,
    delayMs: cfg.delayMs,
    verifying: !!webhook,
  });
}

main().catch(fatal);
