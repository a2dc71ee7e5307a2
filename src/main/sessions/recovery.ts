// At start: answers left `streaming` by a process that no longer runs (kill -9, a crash, power loss) become
// `interrupted` — the renderer then offers Continue / Ask again — and a question with no answer text is queued.
// A streaming turn records its writer's pid (TurnWriter); a turn whose writer is still alive (another desk or
// `serve` on the same data folder) is left alone.
import type { Db } from '../db';

/** Stored in a streaming turn's meta by the TurnWriter: which process is writing it. */
export const WRITER_PID = 'writerPid';

export const INTERRUPTED_MESSAGE = 'Deskmate stopped (it was closed, killed or crashed) while writing this answer. Continue it or ask again.';

function alive(pid: number): boolean {
  if (pid === process.pid) return false; // this process just started: none of its answers is streaming yet
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Marks orphaned streaming answers interrupted; returns how many. Never throws (a read-only database is left as is). */
export function recoverInterruptedAnswers(db: Db, opts: { isAlive?: (pid: number) => boolean; now?: () => Date } = {}): number {
  const isAlive = opts.isAlive ?? alive;
  try {
    const rows = db.prepare("SELECT id, session_id, seq, text, meta FROM turns WHERE status = 'streaming'").all() as {
      id: number;
      session_id: string;
      seq: number;
      text: string;
      meta: string | null;
    }[];
    const orphans = rows.filter((r) => {
      let pid: unknown;
      try {
        pid = r.meta ? (JSON.parse(r.meta) as Record<string, unknown>)[WRITER_PID] : undefined;
      } catch {
        pid = undefined;
      }
      return !(typeof pid === 'number' && Number.isInteger(pid) && pid > 0 && isAlive(pid));
    });
    if (orphans.length === 0) return 0;
    const now = (opts.now?.() ?? new Date()).toISOString();
    const update = db.prepare(
      "UPDATE turns SET status = 'interrupted', meta = json_set(COALESCE(meta, '{}'), '$.error', json(?)), updated_at = ? WHERE id = ? AND status = 'streaming'",
    );
    const queue = db.prepare(
      "UPDATE turns SET status = 'queued', updated_at = ? WHERE id = (SELECT id FROM turns WHERE session_id = ? AND seq < ? AND speaker = 'customer' ORDER BY seq DESC LIMIT 1) AND status = 'complete'",
    );
    const error = JSON.stringify({ type: 'shutdown', message: INTERRUPTED_MESSAGE });
    db.transaction(() => {
      for (const r of orphans) {
        update.run(error, now, r.id);
        // Nothing was written: the question waits to be asked again, like an unanswered offline question.
        if (r.text.trim() === '') queue.run(now, r.session_id, r.seq);
      }
    }).immediate();
    return orphans.length;
  } catch {
    return 0;
  }
}
