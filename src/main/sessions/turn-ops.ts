// The turn writer's queued operations, how each is described when it could not be saved (the log / stderr), and
// the connection's busy wait it sets around each attempt.
import type { Db } from '../db';
import type { Turn } from '../../shared/domain';
import type { CheckedTurn, TurnFinal, TurnPatch } from './turn-input';

export type Op =
  | { kind: 'append'; turnId: number; text: string }
  | { kind: 'update'; turnId: number; patch: TurnPatch }
  | { kind: 'answered'; turnId: number }
  | { kind: 'run'; label: string; run: () => void }
  | { kind: 'ensure'; sessionId: string; customerId: string | null; agentId?: string | null }
  | { kind: 'finish'; turnId: number; final: TurnFinal }
  | { kind: 'insert'; sessionId: string; turns: CheckedTurn[]; done: (t: Turn[]) => void; failed: (err: unknown) => void };

export function describe(op: Op): string {
  switch (op.kind) {
    case 'append':
      return `turn ${op.turnId}: text not saved: ${JSON.stringify(op.text)}`;
    case 'update':
      return `turn ${op.turnId}: ${op.patch.status ?? 'update'} not saved${op.patch.text !== undefined ? `: ${JSON.stringify(op.patch.text)}` : ''}`;
    case 'answered':
      return `turn ${op.turnId}: answered mark not saved`;
    case 'run':
      return `${op.label} not saved`;
    case 'ensure':
      return `session ${op.sessionId} not created`;
    case 'finish':
      return `turn ${op.turnId}: ${op.final.status} not saved: ${JSON.stringify(op.final.text)}`;
    case 'insert':
      return op.turns.map((t) => `session ${op.sessionId}: ${t.speaker} turn not saved: ${JSON.stringify(t.text)}`).join('; ');
  }
}

/** busy_timeout read and set through prepared statements (a flush per event-loop turn must not re-prepare them). */
export class BusyWait {
  private readonly read;
  private readonly statements = new Map<number, { run(): unknown }>();

  constructor(private readonly db: Db) {
    this.read = db.prepare('PRAGMA busy_timeout').pluck();
  }

  /** Runs `fn` with the connection's busy wait set to `busyMs` (null: as it is), restored after. */
  with<T>(busyMs: number | null, fn: () => T): T {
    let previous: number | undefined;
    try {
      if (busyMs !== null) {
        previous = this.read.get() as number;
        this.set(Math.max(0, Math.trunc(busyMs)));
      }
      return fn();
    } finally {
      try {
        if (previous !== undefined) this.set(previous);
      } catch {
        // the connection is closed
      }
    }
  }

  private set(ms: number): void {
    let stmt = this.statements.get(ms);
    if (!stmt) {
      stmt = this.db.prepare(`PRAGMA busy_timeout = ${ms}`);
      if (this.statements.size < 16) this.statements.set(ms, stmt);
    }
    stmt.run();
  }
}
