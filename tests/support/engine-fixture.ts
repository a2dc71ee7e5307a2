// A real Desk (SQLite file in a temp dir) wired to the fake Kimi server, with a small known catalog.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDesk, type Desk, type DeskOptions } from '../../src/main/desk';
import { importRecords } from '../../src/main/catalog';
import { startFakeKimi, type FakeKimi, type FakeKimiOptions } from './fake-kimi';

export const PRODUCTS = [
  {
    product_id: 'LP-TP-X1C-2024',
    product_name: 'ThinkPad X1 Carbon Gen 12',
    brand: 'Lenovo',
    category: 'laptops',
    specifications: { battery: '57 Wh, up to 15 hours', weight: '1.09 kg', ram: '32 GB LPDDR5x (soldered)' },
    faq_answers: ['Battery life is up to 15 hours in MobileMark testing.', 'RAM is soldered and cannot be upgraded.'],
    return_policy_excerpt: '30-day return window for unopened items; opened laptops within 15 days with a 15% restocking fee.',
    stock_status: 'in_stock',
    price: 1899,
    currency: 'USD',
  },
  {
    product_id: 'ACC-MSE-WL-001',
    product_name: 'Logitech MX Master 3S',
    brand: 'Logitech',
    category: 'mice',
    specifications: { model: 'MX3S', dpi: '8000', battery: 'up to 70 days' },
    faq_answers: ['Works on glass with the Darkfield sensor.', 'One minute of charging gives three hours of use.'],
    return_policy_excerpt: 'Returns accepted within 30 days in original packaging; free return shipping.',
    stock_status: 'low_stock',
    price: 99.99,
    currency: 'USD',
  },
  {
    product_id: 'HP-SNY-WH5-001',
    product_name: 'Sony WH-1000XM5 Wireless Headphones',
    brand: 'Sony',
    category: 'headphones',
    specifications: { battery: 'up to 30 hours', noise_cancelling: 'yes' },
    faq_answers: ['Multipoint pairing connects two devices at once.'],
    return_policy_excerpt: 'Headphones can be returned within 14 days if unopened.',
    stock_status: 'out_of_stock',
    price: 399,
  },
];

export interface Fixture {
  desk: Desk;
  kimi: FakeKimi;
  dataDir: string;
  close(): Promise<void>;
}

export async function startFixture(
  o: { kimi?: FakeKimiOptions; env?: Record<string, string>; key?: string | null; model?: string; desk?: Partial<DeskOptions> } = {},
): Promise<Fixture> {
  const kimi = await startFakeKimi(o.kimi);
  const dataDir = mkdtempSync(join(tmpdir(), 'deskmate-engine-'));
  const env: NodeJS.ProcessEnv = {
    KIMI_BASE_URL: kimi.url,
    KIMI_MODEL: o.model ?? 'kimi-k2.6',
    DESKMATE_PROFILE: 'fast',
    ...(o.key === null ? {} : { KIMI_API_KEY: o.key ?? 'sk-test-0123456789' }),
    ...o.env,
  };
  const desk = openDesk({
    dataDir,
    env,
    resourcesDir: null,
    tokenizerMode: 'inline',
    retryPolicy: { baseDelayMs: 1, maxDelayMs: 5, maxHintDelayMs: 3_000 },
    ...o.desk,
  });
  await importRecords(desk.db, PRODUCTS);
  return {
    desk,
    kimi,
    dataDir,
    async close() {
      await desk.close();
      await kimi.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The knowledge block (the system message before the last user message) of a recorded request. */
export function knowledgeOf(body: unknown): string {
  const msgs = (body as { messages: { role: string; content: string }[] }).messages;
  const kb = msgs.slice(0, -1).reverse().find((m) => m.role === 'system' && m.content.includes('[Doc-'));
  return kb?.content ?? '';
}

/** A full disk for the desk's database (its size now is the limit); the returned function frees it again. */
export function fillDisk(desk: Desk): () => void {
  const pages = desk.db.pragma('page_count', { simple: true }) as number;
  desk.db.pragma(`max_page_count = ${pages}`);
  return () => void desk.db.pragma('max_page_count = 1073741823');
}

/** Waits until the session exists and holds a turn (a question kept in memory while the disk was full). */
export async function untilStored(desk: Desk, sessionId: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!desk.sessions.getSession(sessionId) || desk.sessions.getTurns(sessionId).length === 0) {
    if (Date.now() > end) throw new Error(`the question of ${sessionId} was not saved`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
