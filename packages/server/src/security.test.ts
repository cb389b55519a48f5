import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerContext } from './context.js';
import { bindRefusal, isLoopback } from './security.js';
import { BindRefusedError, startServer } from './serve.js';
import { local, silentLogger, testApp, testContext } from './testing/test-context.js';

const TOKEN = 'a-test-token-of-32-characters-xx';

let context: ServerContext;
beforeAll(async () => {
  context = await testContext();
});
afterAll(() => context.store.close());

describe('binding', () => {
  it('treats 127.0.0.0/8, ::1 and localhost as loopback, nothing else', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost'])
      expect(isLoopback(host)).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'example.com', '128.0.0.1'])
      expect(isLoopback(host)).toBe(false);
  });

  it('refuses a non-loopback address without a token (or with a short one)', () => {
    expect(bindRefusal('127.0.0.1', undefined)).toBeNull();
    expect(bindRefusal('0.0.0.0', undefined)).toMatch(/CASCADE_TOKEN/);
    expect(bindRefusal('0.0.0.0', 'short')).toMatch(/too short/);
    expect(bindRefusal('0.0.0.0', TOKEN)).toBeNull();
  });

  it('startServer refuses to listen on 0.0.0.0 without a token', async () => {
    await expect(
      startServer({ store: context.store, host: '0.0.0.0', port: 0, logger: silentLogger }),
    ).rejects.toBeInstanceOf(BindRefusedError);
  });
});

describe('bearer token', () => {
  const api = () => testApp(context, { token: TOKEN, loopbackOnly: false });

  it('rejects requests without the token, or with a wrong one', async () => {
    const missing = await api().app.request('/api/health', local());
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const wrong = await api().app.request(
      '/api/health',
      local({ headers: { authorization: `Bearer ${TOKEN}x` } }),
    );
    expect(wrong.status).toBe(401);
    // Static files too: the token guards everything.
    expect((await api().app.request('/', local())).status).toBe(401);
  });

  it('serves requests that carry it', async () => {
    const ok = await api().app.request(
      '/api/health',
      local({ headers: { authorization: `Bearer ${TOKEN}` } }),
    );
    expect(ok.status).toBe(200);
  });

  it('guards a real listener on 127.0.0.1', async () => {
    const server = await startServer({
      store: context.store,
      port: 0,
      token: TOKEN,
      logger: silentLogger,
    });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${server.url}/api/health`)).status).toBe(401);
      const ok = await fetch(`${server.url}/api/health`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(ok.status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe('browser sign-in (a server with a token)', () => {
  const api = () => testApp(context, { token: TOKEN, loopbackOnly: false });
  const page = { headers: { accept: 'text/html,application/xhtml+xml' } };
  const signIn = async (token: string): Promise<Response> =>
    await api().app.request(
      '/login',
      local({
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token }).toString(),
      }),
    );

  it('sends a browser without a session to the sign-in form; API calls still get 401', async () => {
    const dashboard = await api().app.request('/', local(page));
    expect(dashboard.status).toBe(303);
    expect(dashboard.headers.get('location')).toBe('/login');
    const form = await api().app.request('/login', local(page));
    expect(form.status).toBe(200);
    expect(form.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await form.text()).toContain('<form method="post" action="/login">');
    expect((await api().app.request('/api/health', local(page))).status).toBe(401);
  });

  it('a wrong token gets the form again and no cookie', async () => {
    const wrong = await signIn(`${TOKEN}x`);
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    expect(await wrong.text()).toContain('not the one this server was started with');
  });

  it('the right token sets an HttpOnly, SameSite=Strict session that is not the token', async () => {
    const ok = await signIn(TOKEN);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/');
    const cookie = ok.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^cascade_session=[0-9a-f]{64}; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(cookie).not.toContain(TOKEN);
    const session = cookie.split(';')[0] ?? '';
    const health = await api().app.request('/api/health', local({ headers: { cookie: session } }));
    expect(health.status).toBe(200);
    const forged = await api().app.request(
      '/api/health',
      local({ headers: { cookie: `cascade_session=${'0'.repeat(64)}` } }),
    );
    expect(forged.status).toBe(401);
    const out = await api().app.request(
      '/logout',
      local({ method: 'POST', headers: { cookie: session } }),
    );
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/^cascade_session=; Max-Age=0; Path=\//);
  });

  it('has no sign-in route when the server runs without a token', async () => {
    const open = testApp(context, { loopbackOnly: false });
    expect((await open.app.request('/login', local({ method: 'POST' }))).status).toBe(404);
  });
});

describe('headers', () => {
  it('sends a restrictive CSP and secure headers', async () => {
    const response = await testApp(context).app.request('/api/health', local());
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('sends no CORS headers, even to a preflight from another origin', async () => {
    const app = testApp(context).app;
    const origin = { origin: 'https://evil.example' };
    const simple = await app.request('/api/health', local({ headers: origin }));
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await app.request(
      '/api/liq-price',
      local({
        method: 'OPTIONS',
        headers: { ...origin, 'access-control-request-method': 'POST' },
      }),
    );
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-methods')).toBeNull();
  });

  it('on loopback, refuses a foreign Host header (DNS rebinding)', async () => {
    const app = testApp(context).app;
    const rebound = await app.request('/api/health', { headers: { host: 'evil.example:8686' } });
    expect(rebound.status).toBe(403);
    for (const host of ['127.0.0.1:8686', 'localhost:8686', '[::1]:8686'])
      expect((await app.request('/api/health', { headers: { host } })).status).toBe(200);
  });
});

describe('dashboard files', () => {
  it('answers 503 with the build command when the dashboard is not built', async () => {
    const response = await testApp(context).app.request('/', local());
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm run build -w packages/dashboard');
  });

  it('serves the built files, the page for app paths, 404 for missing files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cascade-dashboard-'));
    try {
      await mkdir(join(dir, 'assets'));
      await writeFile(join(dir, 'index.html'), '<!doctype html><title>Cascade</title>');
      await writeFile(join(dir, 'assets', 'app.js'), 'export {};');
      const app = testApp(context, { dashboardDir: dir }).app;
      const page = await app.request('/', local());
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>Cascade</title>');
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      const script = await app.request('/assets/app.js', local());
      expect(script.status).toBe(200);
      expect(script.headers.get('content-type')).toMatch(/javascript/);
      expect(await (await app.request('/simulator', local())).text()).toContain('Cascade');
      expect((await app.request('/assets/missing.js', local())).status).toBe(404);
      expect((await app.request('/../package.json', local())).status).not.toBe(200);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
