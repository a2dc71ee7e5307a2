// `POST /api/import?fileName=<name>[&format=jsonl|json|csv]`: a catalog file uploaded as the raw request body and
// imported as it arrives (never held whole in memory). Answers with the /api/invoke envelope. One import at a time.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { InvokeResult } from '../../shared/contract';
import type { ImportJobs, ImportOutcome } from '../catalog';
import { DeskError } from '../routes';
import { sendJson } from './respond';
import { sendInvokeError } from './contract-transport';

const Query = z.object({
  fileName: z.string().trim().min(1, 'fileName is required').max(500),
  format: z.enum(['jsonl', 'json', 'csv']).optional(),
});

export interface UploadDeps {
  imports: ImportJobs | undefined;
  /** Largest body accepted, bytes. */
  limit: number;
  /** An upload that sends nothing for this long is ended (rows committed so far stay). Default 30 s. */
  idleMs?: number;
}

/** The body as chunks, ending the import with an error when it passes `limit` or stalls for `idleMs`. */
async function* limited(req: IncomingMessage, limit: number, idleMs: number, fail: (code: string, msg: string) => void): AsyncGenerator<Uint8Array> {
  let seen = 0;
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      fail('upload_timeout', `the upload sent nothing for ${Math.round(idleMs / 1000)} s`);
      req.destroy();
    }, idleMs);
  };
  arm();
  try {
    // Ending early (cancel, limit) must not destroy the request: the answer still goes back on this connection and
    // the rest of the body is discarded. A destroyed socket makes Chromium silently re-send the whole upload
    // (a new import) instead of showing the answer.
    for await (const chunk of req.iterator({ destroyOnReturn: false })) {
      const b = chunk as Buffer;
      seen += b.length;
      if (seen > limit) {
        fail('payload_too_large', `the upload is larger than ${limit} bytes`);
        return;
      }
      arm();
      yield b;
    }
  } finally {
    clearTimeout(timer);
  }
}

export async function handleUpload(req: IncomingMessage, res: ServerResponse, url: URL, deps: UploadDeps): Promise<void> {
  const q = Query.safeParse({ fileName: url.searchParams.get('fileName') ?? undefined, format: url.searchParams.get('format') ?? undefined });
  const refuse = (status: number, code: string, message: string): void => {
    // The body was not read: close the connection rather than drain an upload we refuse.
    sendInvokeError(res, status, code, message, { Connection: 'close' });
    req.resume();
  };
  if (!q.success) {
    const issue = q.error.issues[0];
    refuse(400, 'invalid_input', `${issue?.path.join('.') || 'query'}: ${issue?.message ?? 'invalid'}`);
    return;
  }
  if (!deps.imports) {
    refuse(404, 'not_found', 'imports are not available on this server');
    return;
  }
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > deps.limit) {
    refuse(413, 'payload_too_large', `the upload is larger than ${deps.limit} bytes`);
    return;
  }
  if (deps.imports.busy) {
    refuse(409, 'import_busy', 'Another import is running; wait for it to finish or cancel it (catalog.importCancel).');
    return;
  }
  let failure: { status: number; code: string; message: string } | undefined;
  const cut = new AbortController();
  const fail = (code: string, message: string): void => {
    failure ??= { status: code === 'payload_too_large' ? 413 : 408, code, message };
    cut.abort();
  };
  // The client went away mid-upload: stop, keeping what was committed.
  const onClose = (): void => {
    if (!req.complete) cut.abort();
  };
  req.on('close', onClose);
  try {
    const outcome: ImportOutcome = await deps.imports.stream(limited(req, deps.limit, deps.idleMs ?? 30_000, fail), {
      fileName: q.data.fileName,
      format: q.data.format,
      totalBytes: Number.isFinite(declared) ? declared : 0,
      signal: cut.signal,
    });
    if (failure) {
      sendInvokeError(res, failure.status, failure.code, `${failure.message}; ${outcome.committed} rows were committed and are kept; upload the same file again to finish the import`, { Connection: 'close' });
      return;
    }
    const body: InvokeResult<ImportOutcome> = { ok: true, data: outcome };
    // Cancelled mid-upload: the rest of the body is discarded as it arrives (Node drains it after the answer); a
    // browser reads the answer once it has sent the rest, or drops the upload itself.
    sendJson(res, 200, body);
    if (!req.complete) req.resume();
  } catch (err) {
    if (err instanceof DeskError) sendInvokeError(res, statusOf(err.code), err.code, err.message);
    else sendInvokeError(res, 500, 'internal', err instanceof Error ? err.message : String(err));
  } finally {
    req.off('close', onClose);
  }
}

function statusOf(code: string): number {
  if (code === 'import_busy') return 409;
  if (code === 'storage_full') return 507;
  if (code.startsWith('storage_') || code === 'import_failed') return 503;
  return 400;
}
