// Issue 8 (2): nothing that grants access is stored in a cookie (cookies ignore ports: every other server on
// 127.0.0.1 the agent's browser visits would receive it). Real `deskmate serve`, real Chromium: the sign-in link
// carries the token in the fragment, the page keeps it in sessionStorage, wipes it from the address bar, sends it as
// a Bearer header, and reads the event stream through fetch; another local server then sees no cookie and no token.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDesk, type DeskPage } from '../support/e2e-browser';
import { returnAnswer } from '../support/e2e-catalog';
import { DeskUi } from '../support/e2e-desk';
import { e2eAvailable } from '../support/e2e-env';
import { startWorld, type E2EWorld } from '../support/e2e-fixture';

const available = e2eAvailable();

describe.skipIf(!available)('browser sign-in without cookies', () => {
  let world: E2EWorld;
  let desk: DeskPage | null = null;
  let other: http.Server;
  const seen: http.IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    world = await startWorld({ script: { ttftMs: 5, tokensPerSecond: 400, answer: returnAnswer } });
    // "another local server": any app on 127.0.0.1 the agent's browser might visit
    other = http.createServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>other</title><p>other app</p>');
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', () => r()));
  }, 300_000);

  afterAll(async () => {
    await desk?.close();
    await world?.close();
    await new Promise<void>((r) => other?.close(() => r()));
  });

  it('keeps the token out of cookies and the address bar, streams events over fetch, and leaks nothing to another port', async () => {
    desk = await openDesk(world.browser, world.server);
    const page = desk.page;
    const token = world.server.token;
    expect(world.server.signInUrl).toContain('/#token=');
    expect(page.url()).not.toContain(token);
    expect(page.url()).not.toContain('token=');
    expect(await page.evaluate("sessionStorage.getItem('deskmate.token')")).toBe(token);
    expect(await page.evaluate('document.cookie')).toBe('');
    expect(await desk.context.cookies()).toEqual([]);

    // an answer arrives through chat.* events: the event stream works with the Bearer header
    const ui = new DeskUi(page);
    await ui.ask('Can I return the X200 laptop after two weeks?');
    await ui.lastStatus((s) => s === 'complete', 60_000);

    // a reload of the plain URL stays signed in (sessionStorage), still without cookies
    await page.goto(`${world.server.url}/`, { waitUntil: 'load' });
    await page.waitForSelector('[data-testid="app-shell"]', { timeout: 20_000 });
    expect(await desk.context.cookies()).toEqual([]);

    // the same browser visits another local server: it receives no cookie and no token
    const port = (other.address() as AddressInfo).port;
    await page.goto(`http://127.0.0.1:${port}/`, { waitUntil: 'load' });
    expect(seen.length).toBeGreaterThan(0);
    for (const h of seen) {
      expect(h.cookie).toBeUndefined();
      expect(JSON.stringify(h)).not.toContain(token);
    }
    expect(desk.errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  }, 120_000);

  it('the server refuses a cookie-only request and never sets a cookie, even for the old /?token= link', async () => {
    const token = world.server.token;
    const old = await fetch(`${world.server.url}/?token=${encodeURIComponent(token)}`, { redirect: 'manual' });
    expect(old.headers.get('set-cookie')).toBeNull();
    expect(old.headers.get('location')).toBe(`/#token=${encodeURIComponent(token)}`);
    for (const path of ['/api/invoke/app.info', '/v1/health', '/api/events']) {
      const r = await fetch(`${world.server.url}${path}`, {
        method: path.startsWith('/api/invoke') ? 'POST' : 'GET',
        headers: { cookie: `deskmate_token=${token}`, 'content-type': 'application/json' },
        ...(path.startsWith('/api/invoke') ? { body: '{}' } : {}),
      });
      expect(r.status, path).toBe(401);
      expect(r.headers.get('set-cookie')).toBeNull();
      await r.body?.cancel();
    }
  });
});
