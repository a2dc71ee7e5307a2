// Catalog import from the desk in browser mode (issue 12), in Debian's Chromium against `deskmate serve`: the chosen
// file is streamed to POST /api/import (never read into the page, never one catalog.importText body), rows saved
// count live from catalog.importProgress, bytes sent show, and Cancel stops an import, says how many rows were kept,
// and those rows stay searchable. Long tasks on the page during the upload are printed (figures, not a timed test).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDesk, screenshot, type DeskPage } from '../support/e2e-browser';
import { DeskUi } from '../support/e2e-desk';
import { e2eAvailable } from '../support/e2e-env';
import { startWorld, type E2EWorld } from '../support/e2e-fixture';

const available = e2eAvailable();

/** A JSON Lines catalog of `rows` products with ids PREFIX-n; the first product is named `firstName`. */
function writeCatalog(dir: string, name: string, prefix: string, rows: number, firstName: string): { path: string; bytes: number } {
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    lines.push(
      JSON.stringify({
        product_id: `${prefix}-${i}`,
        product_name: i === 0 ? firstName : `${prefix} streamed gadget ${i}`,
        category: 'Gadgets',
        brand: 'Streamline',
        price: 10 + (i % 500),
        currency: 'USD',
        specifications: { weight: `${(i % 40) / 10 + 0.5} kg`, colour: ['red', 'blue', 'green'][i % 3]!, batch: i },
        faq_answers: [`Gadget ${i} ships in ${1 + (i % 5)} days and comes with a two-year warranty covering parts and labour.`],
        return_policy_excerpt: 'Gadgets can be returned within 30 days of delivery in their original packaging.',
        stock_status: 'in_stock',
      }),
    );
  }
  const text = `${lines.join('\n')}\n`;
  const path = join(dir, name);
  writeFileSync(path, text);
  return { path, bytes: Buffer.byteLength(text) };
}

interface Watch {
  rows: number[];
  longest: number;
  longTasks: number;
}

/** Samples the live row count (every animation frame) and long tasks until stopped. */
const START_WATCH = `(() => {
  const w = { rows: [], longest: 0, longTasks: 0, on: true };
  window.__watch = w;
  new PerformanceObserver((l) => { for (const e of l.getEntries()) { w.longTasks++; w.longest = Math.max(w.longest, e.duration); } }).observe({ type: 'longtask' });
  const tick = () => {
    const el = document.querySelector('[data-testid="import-rows"]');
    const n = el ? Number(el.getAttribute('data-rows')) : NaN;
    if (Number.isFinite(n) && w.rows[w.rows.length - 1] !== n) w.rows.push(n);
    if (w.on) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;
const STOP_WATCH = `(() => { window.__watch.on = false; const { rows, longest, longTasks } = window.__watch; return { rows, longest, longTasks }; })()`;

describe.skipIf(!available)('catalog import in the browser: streamed upload, live rows, cancel', () => {
  let world: E2EWorld;
  let desk: DeskPage | null = null;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'deskmate-e2e-import-'));
    world = await startWorld();
  }, 300_000);

  afterAll(async () => {
    await desk?.close();
    await world?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function productCount(): Promise<number> {
    const r = (await world.server.invoke('catalog.stats', {})) as { data: { products: number } };
    return r.data.products;
  }

  it('streams a few-MB file to POST /api/import with live row counts; a cancelled import keeps its committed rows, searchable', async () => {
    desk = await openDesk(world.browser, world.server, { viewport: { width: 1440, height: 900 } });
    const ui = new DeskUi(desk.page);
    const page = ui.page;
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST') posts.push(new URL(r.url()).pathname);
    });
    await ui.go('catalog');
    const before = await productCount();

    // 1. a whole import: rows count up while it runs, bytes sent shown, the report at the end
    const first = writeCatalog(dir, 'streamed.jsonl', 'STR', 9_000, 'Quillfeather espresso grinder');
    expect(first.bytes).toBeGreaterThan(3 * 1024 * 1024);
    await page.evaluate(START_WATCH);
    await page.setInputFiles('[data-testid="import-file"]', first.path);
    await page.waitForSelector('[data-testid="import-progress"]');
    await ui.until(() => page.locator('[data-testid="import-rows"]').getAttribute('data-rows').then(Number), (n) => n > 0, 60_000, 'live rows');
    expect(await page.locator('[data-testid="import-bytes"]').innerText()).toMatch(/sent/);
    await screenshot(page, 'catalog-import-live');
    await page.waitForSelector('[data-testid="import-report"]', { timeout: 120_000 });
    const watch1 = (await page.evaluate(STOP_WATCH)) as Watch;
    expect(await page.locator('[data-testid="import-report"]').innerText()).toContain('9,000 new');
    // live: several growing counts were on screen before the report
    expect(watch1.rows.filter((n) => n > 0 && n < 9_000).length).toBeGreaterThanOrEqual(2);
    expect([...watch1.rows].sort((a, b) => a - b)).toEqual(watch1.rows);
    console.log(`[catalog-import] ${(first.bytes / 1048576).toFixed(1)} MB: ${watch1.rows.length} distinct live counts; long tasks on the page: ${watch1.longTasks}, longest ${Math.round(watch1.longest)} ms`);
    expect(await productCount()).toBe(before + 9_000);
    // streamed to /api/import: never one JSON body with the file's text
    expect(posts).toContain('/api/import');
    expect(posts.some((p) => p.endsWith('/catalog.importText'))).toBe(false);

    // 2. cancel a second import mid-way: what was committed stays, the panel says how many
    const second = writeCatalog(dir, 'cancelled.jsonl', 'CXL', 80_000, 'Zephyrine kettle');
    await page.setInputFiles('[data-testid="import-file"]', second.path);
    await ui.until(() => page.locator('[data-testid="import-rows"]').getAttribute('data-rows').then(Number), (n) => n > 0, 60_000, 'live rows of the second import');
    await page.click('[data-testid="import-cancel"]');
    const said = await ui.textOf('[data-testid="import-cancelled"]', (t) => t.length > 0, 30_000);
    const kept = Number(/([\d,]+) rows? (?:was|were) saved/.exec(said)?.[1]?.replace(/,/g, '') ?? NaN);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(80_000);
    await screenshot(page, 'catalog-import-cancelled');
    // the server finished with the import (a new one is accepted) and the kept rows are in the catalog
    await ui.until(() => productCount(), (n) => n === before + 9_000 + kept, 10_000, 'products after cancel');
    await page.fill('[data-testid="catalog-search"]', 'Zephyrine kettle');
    await ui.until(() => page.locator('[data-testid="catalog-hit"]').first().getAttribute('data-id'), (id) => id === 'CXL-0', 10_000, 'the kept row found');
    await page.fill('[data-testid="catalog-search"]', 'Quillfeather');
    await ui.until(() => page.locator('[data-testid="catalog-hit"]').first().getAttribute('data-id'), (id) => id === 'STR-0', 10_000, 'the first import found');
    expect(desk.errors).toEqual([]);
  }, 300_000);
});
