// Browser mode: a catalog file streamed to `POST /api/import` as the raw request body. XMLHttpRequest sends a File
// straight from disk (the page never reads it into memory) and reports upload progress; a streamed fetch body would
// need HTTP/2 (`duplex: 'half'`), which `deskmate serve` does not speak. Rows committed arrive as
// catalog.importProgress events; Cancel asks the server to stop (catalog.importCancel), which answers with what stayed.
import { ImportOutcome as ImportOutcomeSchema, type InvokeResult } from '../../../shared/contract';
import type { z } from 'zod';

export type ImportOutcome = z.output<typeof ImportOutcomeSchema>;

/** The slice of XMLHttpRequest used here (a fake in unit tests). */
export interface XhrLike {
  open(method: string, url: string): void;
  setRequestHeader(name: string, value: string): void;
  send(body: Blob): void;
  abort(): void;
  readonly status: number;
  readonly responseText: string;
  upload: { onprogress: ((ev: { loaded: number; total: number; lengthComputable: boolean }) => void) | null };
  onload: (() => void) | null;
  onerror: (() => void) | null;
  onabort: (() => void) | null;
}

export interface UploadOptions {
  file: Blob;
  fileName: string;
  /** Bytes sent so far (the browser's upload progress). */
  onSent?(sent: number, total: number): void;
}

export interface Upload {
  /** The server's answer: the import's outcome, or its error (409 import_busy, 413, 408 upload_timeout…). */
  done: Promise<InvokeResult<ImportOutcome>>;
  /** Stops sending at once (the server keeps the rows it committed). */
  abort(): void;
}

export type CatalogUploader = (opts: UploadOptions) => Upload;

export function createCatalogUploader(deps: { baseUrl: string; token: string | null; createXhr: () => XhrLike }): CatalogUploader {
  const base = deps.baseUrl.replace(/\/+$/, '');
  return ({ file, fileName, onSent }) => {
    const xhr = deps.createXhr();
    let aborted = false;
    const done = new Promise<InvokeResult<ImportOutcome>>((resolve) => {
      xhr.open('POST', `${base}/api/import?fileName=${encodeURIComponent(fileName)}`);
      if (deps.token) xhr.setRequestHeader('Authorization', `Bearer ${deps.token}`);
      xhr.setRequestHeader('Content-Type', 'application/octet-stream');
      xhr.upload.onprogress = (ev) => onSent?.(ev.loaded, ev.lengthComputable ? ev.total : file.size);
      xhr.onload = () => resolve(parseAnswer(xhr.status, xhr.responseText));
      xhr.onerror = () => resolve({ ok: false, error: { code: 'transport', message: 'the upload was interrupted (the desk could not be reached)' } });
      xhr.onabort = () => resolve({ ok: false, error: { code: 'aborted', message: aborted ? 'the upload was stopped' : 'the upload was aborted' } });
      xhr.send(file);
    });
    return {
      done,
      abort() {
        aborted = true;
        xhr.abort();
      },
    };
  };
}

function parseAnswer(status: number, text: string): InvokeResult<ImportOutcome> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  if (typeof body === 'object' && body !== null && 'ok' in body) {
    const b = body as { ok: unknown; data?: unknown; error?: { code?: unknown; message?: unknown } };
    if (b.ok === true) {
      const data = ImportOutcomeSchema.safeParse(b.data);
      if (data.success) return { ok: true, data: data.data };
    }
    if (b.ok === false && typeof b.error?.code === 'string' && typeof b.error.message === 'string') {
      return { ok: false, error: { code: b.error.code, message: b.error.message } };
    }
  }
  if (status === 401) return { ok: false, error: { code: 'unauthorized', message: 'The desk no longer accepts this page. Sign in again with the link `deskmate serve` printed.' } };
  return { ok: false, error: { code: 'transport', message: `unexpected answer from the desk (HTTP ${status})` } };
}
