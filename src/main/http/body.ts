// Reads a request body with a byte limit: refuses early on Content-Length, counts streamed bytes otherwise.
import type { IncomingMessage } from 'node:http';

export type BodyResult =
  | { ok: true; text: string }
  | { ok: false; status: 413; message: string }
  | { ok: false; status: 400; message: string };

export function declaredTooLarge(req: IncomingMessage, limit: number): boolean {
  const len = req.headers['content-length'];
  return len !== undefined && Number(len) > limit;
}

/** Resolves with the body text, or a 413 as soon as more than `limit` bytes have arrived (the rest is not read). */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  if (declaredTooLarge(req, limit)) {
    return Promise.resolve({ ok: false, status: 413, message: `body larger than ${limit} bytes` });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (r: BodyResult): void => {
      if (done) return;
      done = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      resolve(r);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        finish({ ok: false, status: 413, message: `body larger than ${limit} bytes` });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => finish({ ok: true, text: Buffer.concat(chunks, size).toString('utf8') });
    const onError = (): void => finish({ ok: false, status: 400, message: 'the request body could not be read' });
    // the connection went away before the body ended (a client that left, a 408): nothing more will come
    const onClose = (): void => {
      if (!req.complete) onError();
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.once('close', onClose);
  });
}

export type JsonResult = { ok: true; value: unknown } | { ok: false; status: 400 | 413; message: string };

export async function readJson(req: IncomingMessage, limit: number): Promise<JsonResult> {
  const body = await readBody(req, limit);
  if (!body.ok) return body;
  if (body.text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(body.text) as unknown };
  } catch (err) {
    return { ok: false, status: 400, message: `body: malformed JSON (${(err as Error).message})` };
  }
}
