// Two desks on one team hub, in the browser: the real renderer in Chromium against two `deskmate serve` processes
// (fake Kimi) and a throwaway PostgreSQL hub. Desk A answers customer C; desk B, given C's reference, shows A's
// turns as earlier conversation from another desk and sends them to the model; the Team view lists both desks with
// their requests and costs written the app's way (Chinese UI, English browser); with the hub stopped desk A keeps
// answering with no error in the chat and says "team sync paused — N waiting"; the hub back, the outbox drains.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { Browser } from 'playwright-core';
import { usePgCluster } from '../support/pg-cluster';
import { startFakeKimi, type FakeKimi } from '../support/fake-kimi';
import { launchChromium, openDesk, screenshot, type DeskPage } from '../support/e2e-browser';
import { DeskUi, sel } from '../support/e2e-desk';
import { e2eAvailable, ensureRendererBuilt } from '../support/e2e-env';
import { okData } from '../support/e2e-fixture';
import { startDeskServe, type DeskServer } from '../support/e2e-server';
import { migrateHub } from '../../src/main/hub/migrations';
import { hubMigrationModules } from '../../src/main/hub/modules';
import { OutboxState, TeamReport } from '../../src/shared/team';
import { formatNumber, formatUsd } from '../../src/renderer/src/i18n';

const available = e2eAvailable();
const cluster = usePgCluster();

const CUSTOMER = 'C-1042';
const QUESTION_A = 'Can I return the X200 laptop after two weeks? It still has its box.';
const ticket = '[data-testid="session-ticket"]';
const nonResource = (errors: string[]): string[] => errors.filter((e) => !/Failed to load resource/.test(e));

describe.skipIf(!available)('two desks on one team hub, in the browser', () => {
  let kimi: FakeKimi;
  let hub: pg.Pool;
  let a: DeskServer;
  let b: DeskServer;
  let browser: Browser;
  const pages: DeskPage[] = [];

  beforeAll(async () => {
    const url = await cluster.createDb();
    hub = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 2_000 });
    hub.on('error', () => {}); // idle clients die when the test stops the hub
    const c = await hub.connect();
    try {
      await migrateHub(c, hubMigrationModules);
    } finally {
      c.release();
    }
    const built = ensureRendererBuilt();
    kimi = await startFakeKimi({ script: { ttftMs: 30, tokensPerSecond: 400, answer: 'The X200 laptop can be returned within 30 days in its original packaging [Doc-1].' } });
    // the history deadline is 150 ms by default; this test checks behaviour, not timing (the suite runs many
    // files at once on a small box), so the desks wait up to 3 s for the hub (DESKMATE_HUB_HISTORY_MS)
    const serve = (name: string): Promise<DeskServer> =>
      startDeskServe({ kimiUrl: kimi.url, env: { DESKMATE_HUB_URL: url, DESKMATE_DESK_NAME: name, DESKMATE_HUB_HISTORY_MS: '3000' }, args: ['--workers', '1'] });
    await built;
    [a, b] = await Promise.all([serve('desk-a'), serve('desk-b')]);
    okData(await b.invoke('settings.set', { language: 'zh' }), 'settings.set'); // desk B's agent reads Chinese
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    for (const p of pages) await p.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await Promise.all([a?.stop(), b?.stop()]);
    await kimi?.close();
    await hub?.end();
  });

  const outbox = async (s: DeskServer): Promise<OutboxState> => OutboxState.parse(okData(await s.invoke('team.outbox', {}), 'team.outbox'));
  async function drained(s: DeskServer, ui: DeskUi): Promise<void> {
    await ui.until(() => outbox(s), (o) => o.waiting === 0 && !o.paused, 20_000, 'the outbox to drain (background push)');
  }
  /** Asks and waits for THIS question's answer to complete (the previous answer is complete already). */
  async function askAndComplete(ui: DeskUi, text: string): Promise<void> {
    const before = await ui.answers().count();
    await ui.ask(text);
    await ui.until(() => ui.answers().count(), (n) => n > before, 15_000, 'the new answer to appear');
    await ui.lastStatus((s) => s === 'complete', 30_000);
  }
  async function setTicket(ui: DeskUi, value: string): Promise<void> {
    await ui.page.fill(ticket, value);
    await ui.page.press(ticket, 'Enter');
    await ui.until(() => ui.page.locator('[data-testid="session-item"]').first().innerText(), (t) => t.includes(value), 10_000, 'the session list to show the reference');
  }

  it('B sees and uses A’s turns with C; the Team view lists both desks in the app’s language; hub down → paused, no error', async () => {
    // desk A answers customer C
    const pa = await openDesk(browser, a);
    pages.push(pa);
    const ua = new DeskUi(pa.page);
    await ua.ask(QUESTION_A);
    expect(await (await ua.waitAnswerSettled(30_000)).getAttribute('data-status')).toBe('complete');
    await setTicket(ua, CUSTOMER);
    await drained(a, ua);

    // desk B takes C's call: once the agent enters C's reference, A's turns show as earlier conversation from desk-a
    const pb = await openDesk(browser, b);
    pages.push(pb);
    const ub = new DeskUi(pb.page);
    await ub.ask('我上周问过笔记本退货的事，现在想继续。');
    await ub.waitAnswerSettled(30_000);
    await setTicket(ub, CUSTOMER);
    const panel = pb.page.locator('[data-testid="team-history"][data-source="hub"]');
    await panel.waitFor({ timeout: 15_000 });
    expect(await panel.locator('summary').innerText()).toBe('来自工作台 desk-a 的早前对话（2 轮）');
    const turns = panel.locator('[data-testid="team-history-turn"]');
    expect(await turns.count()).toBe(2);
    expect(await turns.evaluateAll((els) => els.map((e) => [e.getAttribute('data-desk'), e.getAttribute('data-speaker')]))).toEqual([
      ['desk-a', 'customer'],
      ['desk-a', 'assistant'],
    ]);
    expect(await turns.first().innerText()).toContain(QUESTION_A);
    // B's own conversation does not contain A's turns: they are apart, in the side panel
    expect(await pb.page.locator(sel.turn).allInnerTexts()).not.toContainEqual(expect.stringContaining(QUESTION_A));
    await screenshot(pb.page, 'team-history-from-another-desk');

    // B's next answer has A's turns in its prompt
    const before = kimi.requests.length;
    await askAndComplete(ub, '那我现在还能退吗？');
    const prompt = JSON.stringify(kimi.requests.slice(before).map((r) => r.body));
    expect(prompt).toContain(QUESTION_A);

    // the Team view: both desks, their requests and costs, written the app's (Chinese) way in an English browser
    await drained(b, ub);
    const report = TeamReport.parse(okData(await b.invoke('team.report', {}), 'team.report'));
    expect(report.byDesk.map((d) => [d.desk, d.requests])).toEqual([
      ['desk-a', 1],
      ['desk-b', 2],
    ]);
    await ub.go('dashboard');
    const view = pb.page.locator('[data-testid="team-view"]');
    await view.waitFor({ timeout: 15_000 });
    const byDesk = view.locator('[data-testid="team-by-desk"]');
    await byDesk.waitFor();
    expect(await byDesk.locator('thead th').allInnerTexts()).toEqual(['工作台', '请求数', '费用', '每千次查询', '延迟 p50', '延迟 p95', '离线', '已转人工', '无信息']);
    for (const d of report.byDesk) {
      const row = byDesk.locator(`[data-testid="team-row"][data-key="${d.desk}"]`);
      expect(await row.locator('[data-testid="team-requests"]').innerText()).toBe(formatNumber('zh', d.requests));
      const cost = await row.locator('[data-testid="team-cost"]').innerText();
      expect(cost).toBe(formatUsd('zh', d.costUsd));
      expect(cost).toMatch(/^US\$/); // zh-CN writes dollars as US$…, the browser's en-US would write $…
    }
    expect(await byDesk.locator('tbody th').allInnerTexts()).toEqual(['desk-a', 'desk-b', '整个团队']);
    expect(await view.locator('[data-testid="team-outbox"]').getAttribute('data-paused')).toBe('false');
    // the top bar's team sync line speaks the app's language too (up to date, syncing or paused — all start 团队)
    await ub.textOf('[data-testid="hub-sync"]', (t) => /^团队/.test(t), 10_000);
    expect(await pb.page.locator('[data-testid="hub-sync"]').getAttribute('title')).toContain('工作台 desk-b');
    await screenshot(pb.page, 'team-view-zh');

    // the hub stops: desk A keeps answering (online to Kimi), says the history is local only, and no error shows
    cluster.get().stop('fast');
    try {
      await askAndComplete(ua, 'And if the box is damaged?');
      expect(await pa.page.locator(`${sel.turn}[data-status="error"]`).count()).toBe(0);
      expect(await pa.page.locator('[data-testid="chat"] [role="alert"]').count()).toBe(0);
      await pa.page.locator('[data-testid="team-history"][data-source="local"]').waitFor({ timeout: 15_000 });
      // the top bar says it on every screen, with the rows waiting
      await ua.textOf('[data-testid="hub-sync"]', (t) => /^Team sync paused — \d+ waiting$/.test(t), 20_000);
      await screenshot(pa.page, 'team-hub-down-chat');
      await ua.go('dashboard');
      const line = await ua.textOf('[data-testid="team-outbox"]', (t) => /^Team sync paused — \d+ waiting$/.test(t), 20_000);
      const waiting = Number(/— (\d+) waiting/.exec(line)![1]);
      expect(waiting).toBeGreaterThanOrEqual(3); // the question, the answer and its ledger row (and the session)
      expect((await outbox(a)).waiting).toBe(waiting);
      await screenshot(pa.page, 'team-sync-paused');
    } finally {
      cluster.get().start();
    }
    // the hub is back: the outbox drains by itself, every row once
    await ua.textOf('[data-testid="team-outbox"]', (t) => t.startsWith('Team hub up to date'), 30_000);
    await ua.textOf('[data-testid="hub-sync"]', (t) => !/waiting/.test(t), 30_000);
    const counts = await hub.query<{ t: number; l: number }>('SELECT (SELECT count(*) FROM hub_turns)::int AS t, (SELECT count(*) FROM hub_usage)::int AS l');
    expect(counts.rows[0]).toEqual({ t: 8, l: 4 });
    expect(nonResource(pa.errors)).toEqual([]);
    expect(nonResource(pb.errors)).toEqual([]);
  }, 120_000);
});
