// The sign-in screen (issue 12), in Debian's Chromium against `deskmate serve`: the page opened without the link's
// token explains where the link comes from and takes the link (or the token) pasted into a field; a wrong token is
// refused with a reason; the accepted one is kept in this tab's sessionStorage (no cookie, not in the address bar);
// a token the desk no longer accepts brings the screen back with that reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { screenshot } from '../support/e2e-browser';
import { e2eAvailable } from '../support/e2e-env';
import { startWorld, type E2EWorld } from '../support/e2e-fixture';

const available = e2eAvailable();

describe.skipIf(!available)('browser mode: the sign-in screen', () => {
  let world: E2EWorld;
  let context: BrowserContext | null = null;

  beforeAll(async () => {
    world = await startWorld({ catalog: false });
  }, 300_000);

  afterAll(async () => {
    await context?.close();
    await world?.close();
  });

  it('explains where the link comes from, refuses a wrong token, signs in with the pasted link, and comes back when the token is stale', async () => {
    context = await world.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    const page: Page = await context.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    // the refused token's 401 answers are expected; any other console error is not
    page.on('console', (m) => m.type() === 'error' && !/status of 401/.test(m.text()) && errors.push(`console: ${m.text()}`));
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));

    await page.goto(`${world.server.url}/`, { waitUntil: 'load' });
    await page.waitForSelector('[data-testid="sign-in"]');
    expect(await page.locator('[data-testid="app-shell"]').count()).toBe(0);
    const text = await page.locator('[data-testid="sign-in"]').innerText();
    expect(text).toContain('npm start');
    expect(text).toContain('#token=');
    expect(text).toContain('http-token');
    expect(text).toMatch(/no cookie/i);
    // nothing was asked of the API before a token was given (no 401 storm, no event stream)
    expect(requests.filter((p) => p.startsWith('/api/'))).toEqual([]);
    expect(await page.evaluate('document.activeElement?.getAttribute("data-testid")')).toBe('sign-in-token');
    await screenshot(page, 'sign-in');

    await page.click('[data-testid="sign-in-submit"]');
    expect(await page.locator('[data-testid="sign-in-problem"]').innerText()).toMatch(/Paste the link/);
    await page.fill('[data-testid="sign-in-token"]', 'not-the-token-of-this-desk-0123456789');
    await page.click('[data-testid="sign-in-submit"]');
    // A locator, not waitForFunction with a string: the page's CSP refuses eval, which Playwright's polling needs.
    await page.locator('[data-testid="sign-in-problem"]', { hasText: 'does not accept' }).waitFor();
    await screenshot(page, 'sign-in-refused');

    // the whole link, as the terminal printed it
    await page.fill('[data-testid="sign-in-token"]', world.server.signInUrl);
    await page.click('[data-testid="sign-in-submit"]');
    await page.waitForSelector('[data-testid="app-shell"]', { timeout: 20_000 });
    expect(page.url()).not.toContain('token');
    expect(await context.cookies()).toEqual([]);
    expect(await page.evaluate(`sessionStorage.getItem('deskmate.token')`)).toBe(world.server.token);

    // a stale token (the desk restarted with another one): back to the sign-in screen, saying why
    await page.evaluate(`sessionStorage.setItem('deskmate.token', 'a-token-from-an-earlier-run-0123456789')`);
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('[data-testid="sign-in"]', { timeout: 20_000 });
    expect(await page.locator('[data-testid="sign-in-problem"]').innerText()).toMatch(/no longer accepts/);
    expect(await page.evaluate(`sessionStorage.getItem('deskmate.token')`)).toBeNull();
    expect(await context.cookies()).toEqual([]);
    expect(errors).toEqual([]);
  }, 120_000);
});
