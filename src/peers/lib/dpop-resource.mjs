// A DPoP-checking resource server guard (RFC 9449 §7) for the peers' /mcp: the JWT access token and its
// DPoP proof are validated by oauth4webapi's validateJwtAccessToken (signature, iss, aud, exp, cnf.jkt =
// the proof key's thumbprint, htm, htu, ath, iat); what that library leaves to the resource server is done
// here: a proof is accepted once (jti replay), and with requireNonce the proof must carry this server's
// current nonce (401 WWW-Authenticate: DPoP error="use_dpop_nonce" with a DPoP-Nonce header otherwise).
// A request that passes goes on as "Bearer <token>" to the SDK's own bearer check.
import crypto from 'node:crypto';
import * as oauth from 'oauth4webapi';
import { decodeJwt, decodeProtectedHeader, calculateJwkThumbprint } from 'jose';

export function dpopGuard({ issuer, jwksUri, resourceUrl, requireNonce = false }) {
  const as = { issuer, jwks_uri: jwksUri };
  const usedJti = new Set();
  const seen = []; // harness log: what each request presented, and whether it was accepted
  let nonce = crypto.randomBytes(16).toString('base64url');

  const refuse = (res, entry, error, description, extraHeaders = {}) => {
    entry.accepted = false;
    entry.reason = error;
    res.set({ 'WWW-Authenticate': `DPoP error="${error}", error_description="${description}", algs="ES256"`, ...extraHeaders });
    res.status(401).json({ error, error_description: description });
  };

  const middleware = async (req, res, next) => {
    const authorization = String(req.headers.authorization ?? '');
    const proof = typeof req.headers.dpop === 'string' ? req.headers.dpop : undefined;
    const [scheme, token] = authorization.split(' ', 2);
    const entry = { method: req.method, scheme: scheme ?? '', token: token ?? '', proof: proof ?? '' };
    seen.push(entry);
    const request = new Request(resourceUrl, { method: req.method, headers: new Headers(
      Object.entries(req.headers).filter(([, v]) => typeof v === 'string'),
    ) });
    let claims;
    try {
      claims = await oauth.validateJwtAccessToken(as, request, resourceUrl, {
        requireDPoP: true, signingAlgorithms: ['RS256', 'ES256'], [oauth.allowInsecureRequests]: true,
      });
    } catch (err) {
      refuse(res, entry, 'invalid_token', String(err?.message ?? 'invalid').replace(/"/g, "'"));
      return;
    }
    const proofClaims = decodeJwt(proof);
    entry.jkt = await calculateJwkThumbprint(decodeProtectedHeader(proof).jwk);
    entry.cnfJkt = claims.cnf?.jkt;
    entry.ath = proofClaims.ath;
    entry.htu = proofClaims.htu;
    entry.htm = proofClaims.htm;
    entry.nonce = proofClaims.nonce;
    if (requireNonce && proofClaims.nonce !== nonce) {
      refuse(res, entry, 'use_dpop_nonce', 'Resource server requires nonce in DPoP proof', { 'DPoP-Nonce': nonce });
      return;
    }
    if (usedJti.has(proofClaims.jti)) {
      refuse(res, entry, 'invalid_dpop_proof', 'DPoP proof replayed');
      return;
    }
    usedJti.add(proofClaims.jti);
    entry.accepted = true;
    req.headers.authorization = `Bearer ${token}`;
    next();
  };

  return {
    middleware,
    seen,
    /** A new nonce: the next proof with the old one is refused with use_dpop_nonce. */
    rotateNonce() {
      nonce = crypto.randomBytes(16).toString('base64url');
    },
  };
}
