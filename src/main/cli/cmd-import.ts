import { existsSync, statSync } from 'node:fs';
import { importFile, ImportFileError, ImportStoppedError, releaseImportOwner, takeImportOwner, type Format, type ImportProgress } from '../catalog';
import { print, printJson, UsageError, type Command, type CommandContext } from './types';

const FORMATS: readonly string[] = ['jsonl', 'json', 'csv'];

function fmtDuration(s: number): string {
  if (!Number.isFinite(s)) return '--:--';
  const m = Math.floor(s / 60);
  return `${m}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
}

/** A one-line progress bar on stderr (TTY only): percent of bytes, rows/s, ETA from bytes read. */
/** The import report as `deskmate import` and `deskmate hub import` print it (JSON, or a line + rejected lines). */
export function printImportReport(
  ctx: CommandContext,
  label: string,
  report: { imported: number; updated: number; unchanged: number; rejected: { line: number; error: string }[]; rejectedTotal: number },
  secs: number,
): void {
  const { rejectedTotal, ...rest } = report;
  if (ctx.json) {
    printJson(ctx, rejectedTotal > rest.rejected.length ? { ...rest, rejectedTotal } : rest);
    return;
  }
  print(ctx, `${label}: ${report.imported} imported, ${report.updated} updated, ${report.unchanged} unchanged, ${rejectedTotal} rejected (${secs.toFixed(1)} s)`);
  for (const r of report.rejected.slice(0, 50)) print(ctx, `  line ${r.line}: ${r.error}`);
  if (rejectedTotal > 50) print(ctx, `  … ${rejectedTotal - 50} more rejected (use --json for the first ${report.rejected.length})`);
}

export function progressLine(p: ImportProgress, elapsedS: number, width = 30): string {
  const frac = p.totalBytes > 0 ? Math.min(p.bytes / p.totalBytes, 1) : 0;
  const filled = Math.round(frac * width);
  const rate = elapsedS > 0 ? p.rows / elapsedS : 0;
  const eta = frac > 0 ? (elapsedS / frac) * (1 - frac) : Infinity;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(frac * 100).toFixed(1)}% ${p.rows.toLocaleString('en-US')} rows ${Math.round(rate).toLocaleString('en-US')} rows/s ETA ${fmtDuration(eta)}`;
}

export const importCommand: Command = {
  name: 'import',
  summary: 'Import a product catalog (JSONL, JSON array or CSV) into the local cache',
  usage: 'import FILE [--format jsonl|json|csv] [--json]',
  options: { format: { type: 'string' } },
  help: [
    'Upserts by product_id (records with doc_id are store-wide documents). A record with only some fields',
    'updates just those fields; re-importing the same file changes nothing. Bad records are reported with',
    'their line number and reason; every valid record is imported.',
    '  --format F  jsonl | json | csv (default: from the extension, else sniffed)',
    '  --json      print {"imported","updated","unchanged","rejected":[{"line","error"}]}',
  ].join('\n'),
  async run(ctx: CommandContext): Promise<number> {
    const file = ctx.positionals[0];
    if (!file) throw new UsageError('import: missing FILE');
    if (ctx.positionals.length > 1) throw new UsageError(`import: one FILE expected, got ${ctx.positionals.length}`);
    const format = ctx.values.format;
    if (format !== undefined && (typeof format !== 'string' || !FORMATS.includes(format))) {
      throw new UsageError(`import: --format must be jsonl, json or csv, got "${String(format)}"`);
    }
    if (!existsSync(file) || !statSync(file).isFile()) {
      ctx.io.stderr.write(`deskmate: import: no such file: ${file}\n`);
      return 1;
    }
    const db = ctx.desk().db;
    // the same one-import-per-data-folder rule as the desktop and serve (a second writer would only wait on the lock)
    const owner = takeImportOwner(db);
    if (owner !== undefined) {
      ctx.io.stderr.write(`deskmate: import: another import is running on this data folder (process ${owner}); wait for it to finish or cancel it\n`);
      return 1;
    }
    const tty = ctx.io.stderr.isTTY === true && !ctx.json;
    const t0 = performance.now();
    let lastDraw = 0;
    try {
      const report = await importFile(db, file, {
        format: format as Format | undefined,
        signal: ctx.io.signal,
        onProgress: tty
          ? (p) => {
              const now = performance.now();
              if (now - lastDraw < 200 && p.bytes < p.totalBytes) return;
              lastDraw = now;
              ctx.io.stderr.write(`\r${progressLine(p, (now - t0) / 1000)}`);
            }
          : undefined,
      });
      if (tty) ctx.io.stderr.write('\n');
      printImportReport(ctx, file, report, (performance.now() - t0) / 1000);
      return 0;
    } catch (err) {
      if (tty) ctx.io.stderr.write('\n');
      if (err instanceof ImportFileError) {
        ctx.io.stderr.write(`deskmate: import: ${file}: ${err.message}\n`);
        return 1;
      }
      if (err instanceof ImportStoppedError) {
        // Cancelled (Ctrl-C), or the database could not be written (busy past its timeout, full, read-only).
        ctx.io.stderr.write(`deskmate: ${file}: ${err.message}\n`);
        if (ctx.json) printJson(ctx, { ...err.report, committed: err.committed, stopped: err.reason, error: err.message });
        return err.reason === 'aborted' ? 130 : 1;
      }
      throw err;
    } finally {
      releaseImportOwner(db);
    }
  },
};
