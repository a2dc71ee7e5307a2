// The catalog and settings screens in the browser: search and open a document, import a file with a progress
// bar and rejected lines, test the connection, set a key without ever seeing it, switch the UI to 中文.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDesk, screenshot, type DeskPage } from '../support/e2e-browser';
import { bulkJsonl, fixtureWithRejects } from '../support/e2e-catalog';
import { DeskUi, sel } from '../support/e2e-desk';
import { e2eAvailable } from '../support/e2e-env';
import { okData, startWorld, type E2EWorld } from '../support/e2e-fixture';
import { FAKE_MODELS } from '../support/fake-kimi';

const available = e2eAvailable();

describe.skipIf(!available)('desk in the browser: catalog and settings', () => {
  let world: E2EWorld;
  let desk: DeskPage | null = null;

  beforeAll(async () => {
    world = await startWorld();
  }, 300_000);

  afterAll(async () => {
    await desk?.close();
    await world?.close();
  });

  async function fresh(): Promise<DeskUi> {
    await desk?.close();
    desk = await openDesk(world.browser, world.server);
    return new DeskUi(desk.page);
  }

  it('catalog: counts, search with marked words, open a document, import with progress and rejected lines', async () => {
    const ui = await fresh();
    const page = ui.page;
    await ui.go('catalog');
    await ui.textOf('[data-testid="catalog-stat-products"] dd', (t) => t === '4');
    expect(await page.locator('[data-testid="catalog-stat-documents"] dd').innerText()).toBe('1');
    expect(await page.locator('[data-testid="catalog-stat-last-update"] dd').innerText()).toMatch(/\d/);

    await page.fill('[data-testid="catalog-search"]', 'X200 laptop');
    await page.locator('[data-testid="catalog-hit"]').first().waitFor();
    expect(await page.locator('[data-testid="catalog-hit"]').first().getAttribute('data-id')).toBe('LAP-X200');
    expect(await page.locator('[data-testid="catalog-results"] mark').count()).toBeGreaterThan(0);
    await page.locator('[data-testid="catalog-hit"]').first().click();
    await page.locator('[data-testid="catalog-doc"]').waitFor();
    expect(await page.locator('[data-testid="catalog-doc"]').innerText()).toContain('14 inch OLED');
    await screenshot(page, 'catalog');

    await page.setInputFiles('[data-testid="import-file"]', { name: 'update.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(fixtureWithRejects()) });
    const report = page.locator('[data-testid="import-report"]');
    await report.waitFor({ timeout: 30_000 });
    expect(await report.innerText()).toMatch(/1 new, 1 updated/);
    const rejected = await page.locator('[data-testid="import-rejected"] li').allInnerTexts();
    expect(rejected.map((r) => r.match(/Line (\d+)/)?.[1])).toEqual(['2', '4']);
    expect(rejected[1]).toMatch(/product_id/);
    await ui.textOf('[data-testid="catalog-stat-products"] dd', (t) => t === '5');
    await screenshot(page, 'catalog-import');
    expect(desk?.errors).toEqual([]);
  }, 90_000);

  it('catalog: a large import moves the progress bar before it reports', async () => {
    const ui = await fresh();
    const page = ui.page;
    await ui.go('catalog');
    await ui.textOf('[data-testid="catalog-stat-products"] dd', (t) => t === '5');
    // record every value the progress bar takes (in the page, so no update is missed between two polls)
    await page.evaluate(`(() => {
      window.__progress = [];
      new MutationObserver(() => {
        const p = document.querySelector('[data-testid="import-progress"] progress');
        if (p && p.hasAttribute('value')) window.__progress.push(Number(p.getAttribute('value')));
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['value'] });
    })()`);
    const content = bulkJsonl(20_000);
    await page.setInputFiles('[data-testid="import-file"]', { name: 'bulk.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(content) });
    await page.locator('[data-testid="import-report"]').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-testid="import-report"]').innerText()).toMatch(/20,?000 new/);
    const seen = (await page.evaluate('window.__progress')) as number[];
    expect(seen.some((v) => v > 0 && v < 100)).toBe(true);
    await ui.textOf('[data-testid="catalog-stat-products"] dd', (t) => t.replace(/\D/g, '') === '20005');
  }, 90_000);

  it('settings: test connection, write-only key, profile, and the language switch to 中文', async () => {
    const ui = await fresh();
    const page = ui.page;
    await ui.go('settings');
    const key = page.locator('[data-testid="api-key"]');
    expect(await key.inputValue()).toBe('');
    expect(await key.getAttribute('type')).toBe('password');
    expect(await page.locator('[data-testid="api-key-status"]').innerText()).toMatch(/key is set/i);
    // the model list comes from /v1/models of the (fake) Kimi
    const models = await page.locator('[data-testid="model"] option').allInnerTexts();
    for (const id of FAKE_MODELS) expect(models).toEqual(expect.arrayContaining([expect.stringContaining(id)]));

    await page.click('[data-testid="test-connection"]');
    const result = page.locator('[data-testid="test-result"]');
    await result.waitFor();
    expect(await result.innerText()).toMatch(/Connected in \d+ ms — \d+ models/);

    await key.fill('sk-e2e-new-key-123456');
    await page.click('[data-testid="save-key"]');
    await page.waitForSelector('[data-testid="settings-saved"]');
    expect(await key.inputValue()).toBe(''); // never kept in the page, never shown back
    const settings = okData(await world.server.invoke('settings.get', {}), 'settings.get');
    expect(JSON.stringify(settings)).not.toContain('sk-e2e-new-key');

    await page.click('[data-testid="profile-mobile"]');
    await page.waitForSelector('[data-testid="settings-saved"]');
    expect((okData(await world.server.invoke('settings.get', {}), 'settings.get') as { profile: string }).profile).toBe('mobile');
    // prices: edit one model's output price, add a comparison model
    const row = page.locator('[data-testid="price-row"][data-model="kimi-k2.6"]');
    await row.locator('[data-testid="price-output"]').fill('5.5');
    await row.locator('[data-testid="price-save"]').click();
    await row.locator('.settings-saved').waitFor();
    await page.fill('[data-testid="price-new-model"]', 'e2e-model');
    await page.fill('[data-testid="price-new-input"]', '1');
    await page.fill('[data-testid="price-new-output"]', '2');
    await page.click('[data-testid="price-add"]');
    await page.locator('[data-testid="price-row"][data-model="e2e-model"]').waitFor();
    const prices = okData(await world.server.invoke('pricing.list', {}), 'pricing.list') as { model: string; input: number; cachedInput: number; output: number }[];
    expect(prices.find((p) => p.model === 'kimi-k2.6')?.output).toBe(5.5);
    expect(prices.find((p) => p.model === 'e2e-model')).toMatchObject({ input: 1, cachedInput: 1, output: 2 });
    await screenshot(page, 'settings');

    await page.selectOption('[data-testid="language"]', 'zh');
    await ui.textOf('[data-testid="settings"] h2', (t) => t === '设置');
    expect(await page.locator(sel.nav('chat')).innerText()).toContain('对话');
    await screenshot(page, 'settings-zh');
    // saved: a new page opens in Chinese
    const again = await fresh();
    await again.textOf(sel.nav('chat'), (t) => t.includes('对话'));
    await again.go('dashboard');
    await again.page.waitForSelector('text=仪表盘');
    await screenshot(again.page, 'dashboard-zh');
    await again.go('catalog');
    await screenshot(again.page, 'catalog-zh');
    okData(await world.server.invoke('settings.set', { language: 'en' }), 'settings.set');
    expect(desk?.errors).toEqual([]);
  }, 90_000);
});
