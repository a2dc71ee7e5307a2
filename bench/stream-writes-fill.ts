// `stream-writes --prefill N`: a data folder that already holds N turns (months of a desk's sessions: ~47-turn
// conversations of 847 agents, the turn text index built, one ledger row per answer), written with plain SQL in
// one transaction — not through the engine — and kept as a template in the temp folder (`deskmate-prefill-N`), so
// later runs only copy it.
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDesk } from '../src/main/desk';
import { databasePath } from '../src/main/paths';

const AGENTS = 847;
const TURNS_PER_SESSION = 47;
const DAY_MS = 86_400_000;

const COMMON =
  'the a of to and in is it for on with this that your can you be as at by from or not are will if have has an battery charger laptop phone screen warranty return order delivery size colour price stock model cable adapter speaker headphones keyboard mouse monitor printer camera lens tablet watch case bag shoe jacket shirt fridge oven kettle blender vacuum fan heater light bulb socket plug usb hdmi bluetooth wifi storage memory processor inch hours days weeks euro pounds dollars kilo gram litre metre centimetre black white silver blue red green grey compatible replacement refund exchange manual setup install update reset pair charge lasts works supports includes fits weighs measures comes ships arrives'.split(
    ' ',
  );
const BRANDS = 'acme nordic zento kaveri lumos orbix tessla valdo quarto mirra helio pavo sendai brisk'.split(' ');

/** A small deterministic PRNG (the same folder every time). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sentence(r: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    const x = r();
    if (x < 0.1) out.push(`${BRANDS[Math.floor(r() * BRANDS.length)]}-${String.fromCharCode(65 + Math.floor(r() * 26))}${Math.floor(r() * 5000)}`);
    else if (x < 0.15) out.push(String(Math.floor(r() * 1000)));
    else out.push(COMMON[Math.floor(r() * COMMON.length)]!);
  }
  return out.join(' ');
}

/** The template folder of `turns` turns (made once), copied into `dir` (a new, empty folder). */
export async function prefilledCopy(turns: number, dir: string, log: (s: string) => void): Promise<void> {
  const template = join(tmpdir(), `deskmate-prefill-${turns}`);
  if (!existsSync(databasePath(template))) await makeTemplate(turns, template, log);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const f of readdirSync(template)) copyFileSync(join(template, f), join(dir, f));
}

async function makeTemplate(turns: number, template: string, log: (s: string) => void): Promise<void> {
  const t0 = performance.now();
  const building = `${template}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  const desk = openDesk({ dataDir: building, env: {}, resourcesDir: null, tokenizerMode: 'inline' });
  const db = desk.db;
  const r = rng(13);
  // text pools (a turn's text is one of them plus a part of its own): realistic lengths, many distinct trigrams
  const questions = Array.from({ length: 4000 }, () => `${sentence(r, 6 + Math.floor(r() * 12))}?`);
  const answers = Array.from({ length: 4000 }, () => `${sentence(r, 70 + Math.floor(r() * 50))} [1] [2].`);
  const insertSession = db.prepare(
    'INSERT INTO sessions (id, customer_id, agent_id, title, title_auto, created_at, updated_at, turn_count) VALUES (?, ?, ?, ?, 1, ?, ?, ?)',
  );
  const insertTurn = db.prepare(
    'INSERT INTO turns (session_id, seq, speaker, text, status, meta, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertUsage = db.prepare(
    `INSERT INTO usage_ledger (at, session_id, turn_id, model, attempt, prompt_tokens, completion_tokens, cached_tokens, estimated,
       ttft_ms, latency_ms, tokens_per_second, cost_pico, priced, outcome, error_type, mode)
     VALUES (?, ?, ?, 'kimi-k2.6', 1, 1800, 120, 0, 0, 400, 2100, 60, 2200000000, 1, 'ok', NULL, 'online')`,
  );
  const sessions = Math.ceil(turns / TURNS_PER_SESSION);
  const end = Date.now() - DAY_MS; // everything stored before today
  const span = 120 * DAY_MS; // over four months
  db.exec('BEGIN');
  // the triggers note every inserted turn as pending: the index is built in one pass below instead
  let stored = 0;
  for (let s = 0; s < sessions && stored < turns; s++) {
    const id = `prefill-${s}`;
    const start = end - span + Math.floor((s / sessions) * span);
    const n = Math.min(TURNS_PER_SESSION, turns - stored);
    const at = (k: number): string => new Date(start + k * 40_000).toISOString();
    const q0 = questions[s % questions.length]!;
    insertSession.run(id, `cust-${Math.floor(r() * 100000)}`, `agent-${s % AGENTS}`, q0.slice(0, 60), at(0), at(n), n);
    for (let k = 1; k <= n; k++) {
      const customer = k % 2 === 1;
      const text = customer
        ? `${questions[Math.floor(r() * questions.length)]} ${sentence(r, 2)}`
        : `${answers[Math.floor(r() * answers.length)]} ${sentence(r, 4)}`;
      const meta = customer
        ? null
        : JSON.stringify({ model: 'kimi-k2.6', citations: [1, 2], unsupportedCitations: [], noInformation: false, escalation: { needed: false }, usage: { promptTokens: 1800, completionTokens: 120, cachedTokens: 0, estimated: false }, costUsd: 0.0022, ttftMs: 400, latencyMs: 2100, error: null });
      const info = insertTurn.run(id, k, customer ? 'customer' : 'assistant', text, 'complete', meta, at(k), at(k));
      if (!customer) insertUsage.run(at(k), id, Number(info.lastInsertRowid));
    }
    stored += n;
  }
  db.exec('DELETE FROM turn_fts_pending');
  db.exec('INSERT INTO turn_fts (rowid, text) SELECT id, text FROM turns');
  db.exec('COMMIT');
  const t1 = performance.now();
  db.pragma('wal_checkpoint(TRUNCATE)');
  // not an optimised index: FTS5's own automerge over the segments one transaction wrote (roughly what a desk that
  // stored answers for months has)
  const ftsRows = db.prepare('SELECT count(*) FROM turn_fts_data').pluck().get();
  const pages = db.pragma('page_count', { simple: true });
  await desk.close();
  renameSync(building, template);
  log(`  prefill: ${stored} turns in ${sessions} sessions written in ${((t1 - t0) / 1000).toFixed(1)} s (${String(pages)} pages, ${String(ftsRows)} FTS data rows): ${template}\n`);
}
