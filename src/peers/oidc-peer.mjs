#!/usr/bin/env node
// oidc-peer: a certified OpenID Provider (oidc-provider 9.13) with an issuer that has a path
// (default http://127.0.0.1:PORT/tenant1), open DCR, resource indicators (JWT access tokens with
// aud = the MCP resource), revocation, introspection, PKCE required, refresh tokens with rotation,
// and an interaction handler that auto-approves login and consent. On the same loopback port: a
// stateless Streamable HTTP MCP server at /mcp that validates those JWTs against the provider's
// JWKS (issuer + audience), with RFC 9728 metadata naming the path issuer.
//
//   node src/peers/oidc-peer.mjs --port 0 [--issuer-path /tenant1] [--access-ttl 3600]
//        [--refresh-ttl 1209600] [--client-id X --client-secret Y --redirect-uri U ...]
//        [--scopes-supported mcp:tools] [--required-scope X] [--step-up-challenge union|required]
//        [--bearer-required-scopes a,b] [--json-response] [--ignore-stdin]
//        [--dpop [--dpop-nonce] [--dpop-rs-nonce]] [--login-form]
//
// --login-form: the login interaction is an HTML form that asks for the account name (any name is
// accepted, no password) and the ID token's sub is the name typed, as at an operator's identity provider
// where people sign in; the openid, email and profile scopes are offered. Without it, login is automatic
// as user-1. Either way the ID token carries the authorization request's nonce.
//
// --dpop turns on oidc-provider's DPoP (RFC 9449; off otherwise, so that tokens stay Bearer) and makes /mcp
// demand DPoP-bound tokens with a valid, unreplayed proof (lib/dpop-resource.mjs, oauth4webapi); GET
// /__mcp-dpop lists what each /mcp request presented and whether it was accepted. --dpop-nonce makes the
// token endpoint require its nonce (use_dpop_nonce), --dpop-rs-nonce makes /mcp require its own.
import crypto from 'node:crypto';
import express from 'express';
import { generateKeyPair, exportJWK, createRemoteJWKSet, jwtVerify, decodeProtectedHeader } from 'jose';
import Provider, { errors } from 'oidc-provider';
import { InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { localhostHostValidation } from '@modelcontextprotocol/sdk/server/middleware/hostHeaderValidation.js';
import {
  parseArgs, intOpt, listOpt, startLoopbackServer, ready, installShutdown, fatal, sendJson, readJsonBody,
} from './lib/common.mjs';
import { mountMcp, MCP_PATH, prmUrlFor } from './lib/mcp.mjs';
import { dpopGuard } from './lib/dpop-resource.mjs';

const ACCOUNT_ID = 'user-1';
const HARNESS_HEADER = 'x-latchkey-peer-harness';

function normalizeIssuerPath(p) {
  if (p === undefined || p === true) return '/tenant1';
  let s = String(p).trim();
  if (s === '' || s === '/') return '';
  if (!s.startsWith('/')) s = `/${s}`;
  return s.replace(/\/+$/, '');
}

async function main() {
  const opts = parseArgs();
  const prefix = normalizeIssuerPath(opts['issuer-path']);
  const accessTtl = intOpt(opts, 'access-ttl', 3600);
  const refreshTtl = intOpt(opts, 'refresh-ttl', 14 * 24 * 3600);
  const scopesSupported = listOpt(opts, 'scopes-supported', ['mcp:tools']);
  const requiredScope = typeof opts['required-scope'] === 'string' ? opts['required-scope'] : undefined;
  const resourceScopes = [...new Set([...scopesSupported, ...(requiredScope ? [requiredScope] : [])])];

  // The introspection helper's route needs values known only after listen(): close over them.
  let introspect = async () => ({ active: false });
  let dpop; // the /mcp DPoP guard, with --dpop
  const peer = await startLoopbackServer({
    name: 'oidc-peer',
    port: intOpt(opts, 'port', 0),
    skipLog: (req) => req.headers[HARNESS_HEADER] === '1',
    async extraRoutes(req, res, url) {
      if (url.pathname === '/__mcp-dpop' && req.method === 'GET') {
        sendJson(res, 200, dpop ? dpop.seen : []);
        return true;
      }
      if (url.pathname === '/__introspect' && req.method === 'POST') {
        const body = await readJsonBody(req);
        if (typeof body.token !== 'string' || !body.token) {
          sendJson(res, 400, { error: 'token is required' });
        } else {
          sendJson(res, 200, await introspect(body.token, body.token_type_hint));
        }
        return true;
      }
      return false;
    },
  });

  const issuer = `${peer.origin}${prefix}`;
  const mcpUrl = `${peer.origin}${MCP_PATH}`;

  // Signing key for ID tokens and JWT access tokens (fresh per run).
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingJwk = { ...(await exportJWK(privateKey)), kid: crypto.randomUUID(), use: 'sig', alg: 'RS256' };

  // A confidential client used only by /__introspect (the provider's own introspection endpoint).
  const harnessClient = {
    client_id: '__latchkey-harness',
    client_secret: crypto.randomBytes(32).toString('hex'),
    grant_types: [],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: 'client_secret_basic',
  };
  const clients = [harnessClient];
  if (typeof opts['client-id'] === 'string') {
    if (typeof opts['client-secret'] !== 'string') throw new Error('--client-id needs --client-secret');
    const redirectUris = listOpt(opts, 'redirect-uri');
    if (redirectUris.length === 0) throw new Error('--client-id needs --redirect-uri');
    clients.push({
      client_id: opts['client-id'],
      client_secret: opts['client-secret'],
      redirect_uris: redirectUris,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    });
  }

  clients.push(...clientCredentialsClients(opts));

  const loginForm = !!opts['login-form'];
  const configuration = {
    clients,
    jwks: { keys: [signingJwk] },
    cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub }) }),
    claims: loginForm ? { openid: ['sub'], email: ['email'], profile: ['name'] } : { openid: ['sub'] },
    scopes: loginForm ? ['openid', 'offline_access', 'email', 'profile'] : ['openid', 'offline_access'],
    responseTypes: ['code'],
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      dPoP: {
        enabled: !!opts.dpop,
        ...(opts['dpop-nonce'] ? { nonceSecret: crypto.randomBytes(32), requireNonce: () => true } : {}),
      },
      registration: { enabled: true }, // open DCR, no initial access token
      revocation: { enabled: true },
      introspection: { enabled: true },
      clientCredentials: { enabled: clients.some((c) => c.grant_types.includes('client_credentials')) },
      resourceIndicators: {
        enabled: true,
        defaultResource: async (_ctx, _client, oneOf) => oneOf ?? undefined,
        useGrantedResource: async () => false,
        getResourceServerInfo: async (_ctx, resourceIndicator) => {
          if (resourceIndicator === mcpUrl) {
            return {
              scope: resourceScopes.join(' '),
              audience: mcpUrl,
              accessTokenTTL: accessTtl,
              accessTokenFormat: 'jwt',
              jwt: { sign: { alg: 'RS256' } },
            };
          }
          throw new errors.InvalidTarget();
        },
      },
    },
    // Refresh tokens for every client allowed the refresh_token grant (no offline_access needed).
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    ttl: {
      AccessToken: accessTtl,
      AuthorizationCode: 60,
      IdToken: 3600,
      RefreshToken: refreshTtl,
      Interaction: 3600,
      Session: 14 * 24 * 3600,
      Grant: 14 * 24 * 3600,
    },
    interactions: { url: (_ctx, interaction) => `${prefix}/interaction/${interaction.uid}` },
    clientBasedCORS: () => true,
  };

  const provider = new Provider(issuer, configuration);
  provider.on('server_error', (_ctx, err) => process.stderr.write(`[oidc-peer] server_error: ${err?.message}\n`));
  // Error codes and the provider's own (non-secret) details, to make failed flows diagnosable.
  for (const ev of ['grant.error', 'authorization.error', 'registration_create.error', 'revocation.error',
    'introspection.error', 'refresh_token.error']) {
    provider.on(ev, (_ctx, err) => process.stderr.write(`[oidc-peer] ${ev}: ${err?.error ?? err?.name} ${err?.error_detail ?? err?.error_description ?? ''}\n`));
  }

  // Copy the parsed body's parameter *names* (and the non-secret grant_type) into the request log.
  provider.use(async (ctx, next) => {
    await next();
    const entry = ctx.req.peerLog;
    const body = ctx.oidc?.body;
    if (entry && body && typeof body === 'object') {
      entry.body = Object.keys(body);
      if (typeof body.grant_type === 'string') entry.grant_type = body.grant_type;
    }
  });

  const app = express();
  app.disable('x-powered-by');
  app.use(localhostHostValidation());

  // Headless interaction: auto-login as user-1, auto-consent to everything requested.
  app.get(`${prefix}/interaction/:uid`, async (req, res, next) => {
    try {
      const details = await provider.interactionDetails(req, res);
      const { prompt, params, session, grantId } = details;
      if (prompt.name === 'login' && loginForm) {
        res.set('cache-control', 'no-store').type('html').send(loginPage(`${prefix}/interaction/${req.params.uid}/login`));
        return;
      }
      if (prompt.name === 'login') {
        await provider.interactionFinished(req, res, { login: { accountId: ACCOUNT_ID } }, { mergeWithLastSubmission: false });
        return;
      }
      if (prompt.name === 'consent') {
        const grant = grantId
          ? await provider.Grant.find(grantId)
          : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
        const d = prompt.details || {};
        if (d.missingOIDCScope) grant.addOIDCScope(d.missingOIDCScope.join(' '));
        if (d.missingOIDCClaims) grant.addOIDCClaims(d.missingOIDCClaims);
        if (d.missingResourceScopes) {
          for (const [indicator, scopes] of Object.entries(d.missingResourceScopes)) {
            grant.addResourceScope(indicator, scopes.join(' '));
          }
        }
        const savedId = await grant.save();
        const consent = grantId ? {} : { grantId: savedId };
        await provider.interactionFinished(req, res, { consent }, { mergeWithLastSubmission: true });
        return;
      }
      res.status(400).json({ error: 'unsupported_prompt', prompt: prompt.name });
    } catch (err) {
      next(err);
    }
  });
  // --login-form: the account typed is the one signed in (the form of loginPage below).
  app.post(`${prefix}/interaction/:uid/login`, express.urlencoded({ extended: false }), async (req, res, next) => {
    try {
      const account = typeof req.body?.account === 'string' ? req.body.account.trim() : '';
      if (!loginForm || !account) {
        res.status(400).type('text').send('an account name is required');
        return;
      }
      await provider.interactionFinished(req, res, { login: { accountId: account } }, { mergeWithLastSubmission: false });
    } catch (err) {
      next(err);
    }
  });
  app.use(prefix || '/', provider.callback());

  // The MCP resource server: JWT access tokens checked against the provider's JWKS.
  const jwksUri = `${issuer}/jwks`;
  const jwks = createRemoteJWKSet(new URL(jwksUri));
  const verifyJwt = (token) => jwtVerify(token, jwks, { issuer, audience: mcpUrl, typ: 'at+jwt' });
  const verifier = {
    async verifyAccessToken(token) {
      let payload;
      try {
        ({ payload } = await verifyJwt(token));
      } catch {
        throw new InvalidTokenError('Invalid or expired token');
      }
      return {
        token,
        clientId: payload.client_id,
        scopes: typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [],
        expiresAt: payload.exp,
        resource: new URL(mcpUrl),
        extra: { sub: payload.sub },
      };
    },
  };
  const prm = {
    resource: mcpUrl,
    authorization_servers: [issuer],
    scopes_supported: scopesSupported, // --required-scope is grantable but not advertised (step-up)
    bearer_methods_supported: ['header'],
    resource_name: 'Latchkey interop peer (oidc-provider)',
    ...(opts.dpop ? { dpop_signing_alg_values_supported: ['ES256'], dpop_bound_access_tokens_required: true } : {}),
  };
  app.get(new URL(prmUrlFor(mcpUrl)).pathname, (_req, res) => res.set('cache-control', 'no-store').json(prm));
  if (opts.dpop) {
    dpop = dpopGuard({ issuer, jwksUri, resourceUrl: mcpUrl, requireNonce: !!opts['dpop-rs-nonce'] });
    app.use(MCP_PATH, dpop.middleware);
  }
  mountMcp(app, {
    name: 'oidc-peer',
    verifier,
    resourceUrl: mcpUrl,
    requiredScope,
    stepUpChallenge: opts['step-up-challenge'] === 'required' ? 'required' : 'union',
    bearerRequiredScopes: listOpt(opts, 'bearer-required-scopes'),
    jsonResponse: !!opts['json-response'],
  });
  peer.setHandler(app);

  // /__introspect: opaque tokens (refresh tokens) through the provider's own introspection
  // endpoint; JWT access tokens are refused there (oidc-provider: "Structured JWT Tokens cannot
  // be introspected"), so those are checked like the resource server does (signature, iss, aud, exp).
  const introspectionEndpoint = `${issuer}/token/introspection`;
  introspect = async (token, hint) => {
    let isJwt = false;
    try {
      isJwt = !!decodeProtectedHeader(token);
    } catch {
      isJwt = false;
    }
    if (isJwt) {
      try {
        const { payload } = await verifyJwt(token);
        return {
          active: true, via: 'local_jwt_verification', client_id: payload.client_id, scope: payload.scope,
          aud: payload.aud, exp: payload.exp, sub: payload.sub, cnf: payload.cnf,
        };
      } catch (err) {
        return { active: false, via: 'local_jwt_verification', reason: err.code || 'invalid' };
      }
    }
    const form = new URLSearchParams({ token });
    if (hint) form.set('token_type_hint', hint);
    const basic = Buffer.from(`${harnessClient.client_id}:${harnessClient.client_secret}`).toString('base64');
    const r = await fetch(introspectionEndpoint, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', [HARNESS_HEADER]: '1' },
      body: form,
    });
    const json = await r.json();
    return { ...json, via: 'introspection_endpoint' };
  };

  installShutdown([peer.server], opts);
  ready({
    port: peer.port,
    issuer,
    mcpUrl,
    prmUrl: prmUrlFor(mcpUrl),
    discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    authorizationEndpoint: `${issuer}/auth`,
    tokenEndpoint: `${issuer}/token`,
    registrationEndpoint: `${issuer}/reg`,
    revocationEndpoint: `${issuer}/token/revocation`,
    introspectionEndpoint,
    jwksUri,
    introspectUrl: `${peer.origin}/__introspect`,
    logUrl: `${peer.origin}/__log`,
    scopesSupported: scopesSupported.join(' '),
    requiredScope: requiredScope ?? '',
    accessTtl,
    clientId: typeof opts['client-id'] === 'string' ? opts['client-id'] : '',
    accountId: ACCOUNT_ID,
    sharedPort: true,
  });
}

function loginPage(action) {
  return `<!doctype html><html><head><title>Sign in</title></head><body><h1>Sign in to the identity provider</h1>
<form method="post" action="${action}"><label>Account <input name="account" id="account" autofocus></label>
<button type="submit" id="login">Sign in</button></form></body></html>`;
}

// [--cc-client-id X --cc-client-secret Y] [--cc-jwt-client-id X --cc-jwk '<public JWK JSON>']: machine
// clients allowed only the client_credentials grant (no redirect URIs, no user), authenticating with
// client_secret_basic or private_key_jwt (RFC 7523, verified against the given public key).
function clientCredentialsClients(opts) {
  const machine = { grant_types: ['client_credentials'], response_types: [], redirect_uris: [] };
  const out = [];
  if (typeof opts['cc-client-id'] === 'string') {
    if (typeof opts['cc-client-secret'] !== 'string') throw new Error('--cc-client-id needs --cc-client-secret');
    out.push({ ...machine, client_id: opts['cc-client-id'], client_secret: opts['cc-client-secret'],
      token_endpoint_auth_method: 'client_secret_basic' });
  }
  if (typeof opts['cc-jwt-client-id'] === 'string') {
    if (typeof opts['cc-jwk'] !== 'string') throw new Error('--cc-jwt-client-id needs --cc-jwk');
    out.push({ ...machine, client_id: opts['cc-jwt-client-id'], jwks: { keys: [JSON.parse(opts['cc-jwk'])] },
      token_endpoint_auth_method: 'private_key_jwt' });
  }
  return out;
}

main().catch(fatal);
