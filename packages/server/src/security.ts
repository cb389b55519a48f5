/**
 * Transport security: loopback by default, a bearer token required on any other address,
 * DNS-rebinding protection on loopback, restrictive CSP and secure headers, no CORS.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from './api-router.js';
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
const sameDigest = (a: string, b: Buffer): boolean => timingSafeEqual(digest(a), b);

/** The browser session cookie: set by POST /login, sent back by the dashboard's requests. */
export const SESSION_COOKIE = 'cascade_session';

/**
 * The session cookie's value: an HMAC of a fixed label under the token, so the cookie proves
 * the token was typed without being it (a leaked cookie does not reveal the token).
 */
const sessionValue = (token: string): string =>
  createHmac('sha256', token).update('cascade dashboard session v1').digest('hex');

const wantsPage = (c: Context): boolean =>
  c.req.method === 'GET' &&
  !c.req.path.startsWith('/api/') &&
  (c.req.header('accept') ?? '').includes('text/html');

/**
 * Every request must carry `Authorization: Bearer <token>` (constant-time comparison) or the
 * session cookie that POST /login sets. A browser asking for a page without either is sent to
 * the sign-in page; everything else gets 401.
 */
export function requireToken(token: string): MiddlewareHandler {
  const expected = digest(token);
  const session = digest(sessionValue(token));
  return async (c, next) => {
    if (c.req.path === '/login') {
      await next();
      return undefined;
    }
    const match = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '');
    const cookie = getCookie(c, SESSION_COOKIE);
    const bearerOk = match?.[1] !== undefined && sameDigest(match[1].trim(), expected);
    const cookieOk = cookie !== undefined && sameDigest(cookie, session);
    if (!bearerOk && !cookieOk) {
      if (wantsPage(c)) return c.redirect('/login', 303);
      c.header('WWW-Authenticate', 'Bearer realm="cascade"');
      return problem(c, 401, 'missing or invalid bearer token');
    }
    await next();
    return undefined;
  };
}

const loginPage = (failed: boolean): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cascade: sign in</title></head>
<body><main><h1>Cascade</h1>
<p>This server requires its access token (the <code>${TOKEN_ENV}</code> it was started with).</p>
${failed ? '<p role="alert"><strong>That token is not the one this server was started with.</strong></p>\n' : ''}<form method="post" action="/login">
<label>Token <input name="token" type="password" autocomplete="current-password" required minlength="16"></label>
<button type="submit">Sign in</button>
</form></main></body></html>
`;

/**
 * Browser sign-in for a server started with a token: GET /login shows a form, POST /login checks
 * the token and sets the session cookie (HttpOnly, SameSite=Strict: other sites' pages cannot
 * send it), POST /logout clears it. API clients keep using the bearer header.
 */
export function loginRoutes(app: Hono<{ Bindings: AppEnv }>, token: string): void {
  const expected = digest(token);
  app.get('/login', (c) => c.html(loginPage(false)));
  app.post('/login', async (c) => {
    const form = await c.req.parseBody();
    const typed = typeof form['token'] === 'string' ? form['token'] : '';
    if (!sameDigest(typed, expected)) return c.html(loginPage(true), 401);
    setCookie(c, SESSION_COOKIE, sessionValue(token), {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
    });
    return c.redirect('/', 303);
  });
  app.post('/logout', (c) => {
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/login', 303);
  });
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
