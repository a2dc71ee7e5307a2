// Dashboards in the app language and by keyboard (issue 12), in Debian's Chromium against `deskmate serve` + the fake
// Kimi: in the Chinese UI (browser locale English) money, durations and dates are written the zh-CN way by Intl; every
// chart's points are reachable with the keyboard — Tab to the chart (recharts' accessibility layer: arrows move the
// tooltip) and to its "Values" listbox (arrows, Home, End; the active point is visible and announced).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDesk, screenshot, type DeskPage } from '../support/e2e-browser';
import { DeskUi } from '../support/e2e-desk';
import { e2eAvailable } from '../support/e2e-env';
import { startWorld, type E2EWorld } from '../support/e2e-fixture';

const available = e2eAvailable();

describe.skipIf(!available)('dashboards: the app language’s formats and keyboard access to chart values', () => {
  let world: E2EWorld;
  let desk: DeskPage | null = null;

  beforeAll(async () => {
    world = await startWorld({ script: { ttftMs: 20, tokensPerSecond: 2_000, answer: 'The X200 can be returned within 30 days [Doc-1].' } });
    for (const q of ['Can I return the X200?', 'Is the N9 waterproof?']) {
      const r = await fetch(`${world.server.url}/v1/chat/stream`, {
        method: 'POST',
        headers: { authorization: `Bearer ${world.server.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ session_id: `dash-${q.length}`, conversation_context: [], query: q, user_id: 'agent-1', stream: false }),
      });
      await r.text();
    }
  }, 300_000);

  afterAll(async () => {
    await desk?.close();
    await world?.close();
  });

  it('writes figures the zh-CN way and reaches every chart’s points with the keyboard', async () => {
    await world.server.invoke('settings.set', { language: 'zh' });
    desk = await openDesk(world.browser, world.server, { viewport: { width: 1440, height: 900 }, locale: 'en-US' });
    const ui = new DeskUi(desk.page);
    const page = ui.page;
    await ui.go('dashboard');
    await ui.textOf('[data-testid="kpi-requests"] dd', (t) => t === '2');
    expect(await page.locator('[data-testid="kpi-cost"] dd').innerText()).toMatch(/^US\$\d/);
    expect(await page.locator('[data-testid="kpi-ttft-p50"] dd').innerText()).toMatch(/^[\d.,]+(毫秒|秒)$/);
    expect(await page.locator('[data-testid="kpi-escalation-rate"] dd').innerText()).toMatch(/^[\d.]+%$|^–$/);

    // Tab from the range buttons reaches the cost-per-day chart's Values disclosure
    await page.focus('[data-testid="range-7d"]');
    const summary = page.locator('[data-testid="chart-cost-day"] [data-testid="chart-values"] summary');
    let reached = false;
    for (let i = 0; i < 80 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await summary.evaluate((el) => el.matches(':focus'));
    }
    expect(reached).toBe(true);
    expect(await summary.innerText()).toContain('数值');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    const list = page.locator('[data-testid="chart-cost-day"] [role="listbox"]');
    expect(await list.evaluate((el) => el.matches(':focus'))).toBe(true);
    const active = async () => {
      const id = await list.getAttribute('aria-activedescendant');
      return page.locator(`[id="${id}"]`).innerText();
    };
    const first = await active();
    expect(first).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/); // the day, the zh-CN way
    expect(first).toMatch(/US\$/);
    await page.keyboard.press('End');
    expect(await list.locator('[aria-selected="true"]').count()).toBe(1);

    // the latency chart: two series per point, both values on the active option
    const ttftSummary = page.locator('[data-testid="chart-ttft"] [data-testid="chart-values"] summary');
    await ttftSummary.focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    const ttftList = page.locator('[data-testid="chart-ttft"] [role="listbox"]');
    expect(await ttftList.evaluate((el) => el.matches(':focus'))).toBe(true);
    const id = await ttftList.getAttribute('aria-activedescendant');
    expect(await page.locator(`[id="${id}"]`).innerText()).toMatch(/p50[^·]*(毫秒|秒).*·.*p95/);

    // recharts' accessibility layer: the chart itself is a Tab stop and arrow keys show a point's tooltip
    const surface = page.locator('[data-testid="chart-cost-model"] .recharts-wrapper [tabindex="0"], [data-testid="chart-cost-model"] .recharts-surface[tabindex="0"]').first();
    await surface.focus();
    await page.keyboard.press('ArrowRight');
    await ui.textOf('[data-testid="chart-cost-model"] .recharts-tooltip-wrapper', (t) => /US\$/.test(t), 10_000);
    await screenshot(page, 'dashboard-keyboard-zh');
    expect(desk.errors).toEqual([]);
    await world.server.invoke('settings.set', { language: 'en' });
  }, 120_000);
});
