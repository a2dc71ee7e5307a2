import type { ParseArgsConfig } from 'node:util';
import type { Desk, DeskOptions } from '../desk';

export interface CliIo {
  stdout: { write(chunk: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** Aborted on SIGINT/SIGTERM. */
  signal: AbortSignal;
}

export type OptionValue = string | boolean | string[] | boolean[] | undefined;

export interface CommandContext {
  dataDir: string;
  json: boolean;
  io: CliIo;
  positionals: string[];
  values: Record<string, OptionValue>;
  /** Opens (once) the data dir's database with every module migrated. */
  desk(): Desk;
}

export interface Command {
  name: string;
  summary: string;
  /** Usage lines shown by `deskmate NAME --help` (after "usage: deskmate"). */
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Extra help text: options explained. */
  help?: string;
  /** How this command's desk is opened, beyond the data folder and environment. */
  deskOptions?: Pick<DeskOptions, 'questionCommitMs'>;
  run(ctx: CommandContext): Promise<number>;
}

/** Misuse: printed as one line `deskmate: <message>` with exit code 2. */
export class UsageError extends Error {}

export function print(ctx: CommandContext, text: string): void {
  ctx.io.stdout.write(text.endsWith('\n') ? text : text + '\n');
}

export function printJson(ctx: CommandContext, value: unknown): void {
  ctx.io.stdout.write(JSON.stringify(value) + '\n');
}

export function intOption(ctx: CommandContext, name: string, fallback: number, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  const raw = ctx.values[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (typeof raw !== 'string' || !Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got "${String(raw)}"`);
  }
  return n;
}
