/**
 * Transport security: loopback by default, a bearer token required on any other address,
 * DNS-rebinding protection on loopback, restrictive CSP and secure headers, no CORS.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { problem } from './problems.js';

export const TOKEN_ENV = 'CASCADE_TOKEN';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (LOOPBACK_NAMES.has(bare)) return true;
  return isIP(bare) === 4 && bare.startsWith('127.');
}

/**
 * Why the server must not start, or null: binding a non-loopback address without a token
 * would expose the API (and the Monte Carlo CPU) to the network unauthenticated.
 */
export function bindRefusal(host: string, token: string | undefined): string | null {
  if (isLoopback(host)) return null;
  if (token !== undefined && token.length >= 16) return null;
  return token === undefined || token === ''
    ? `refusing to listen on ${host} without ${TOKEN_ENV}: set ${TOKEN_ENV} (16+ characters) so every request must carry "Authorization: Bearer <token>", or bind 127.0.0.1`
    : `${TOKEN_ENV} is too short (${token.length} characters; 16 or more required)`;
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** Every request must carry `Authorization: Bearer <token>` (constant-time comparison). */
export function requireToken(token: string): MiddlewareHandler {
  const expected = digest(token);
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (match?.[1] === undefined || !timingSafeEqual(digest(match[1].trim()), expected)) {
      c.header('WWW-Authenticate', 'Bearer realm="cascade"');
      return problem(c, 401, 'missing or invalid bearer token');
    }
    await next();
    return undefined;
  };
}

/**
 * On a loopback listener only loopback Host headers are served, so a web page cannot reach the
 * API through a DNS name rebound to 127.0.0.1.
 */
export function loopbackHostsOnly(): MiddlewareHandler {
  return async (c, next) => {
    const host = c.req.header('host') ?? '';
    const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
    if (name === undefined || !isLoopback(name))
      return problem(c, 403, `host "${host}" is not served (loopback listener)`);
    await next();
    return undefined;
  };
}

/** CSP for the dashboard: its own scripts, styles, images and API only; no inline scripts. */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

export function securityHeaders(): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    crossOriginResourcePolicy: 'same-origin',
    crossOriginOpenerPolicy: 'same-origin',
    referrerPolicy: 'no-referrer',
    xFrameOptions: 'DENY',
    strictTransportSecurity: false,
  });
}
