// Serves the built renderer (`out/renderer`) at `/` with a strict CSP; no directory traversal; a hint when unbuilt.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { BASE_HEADERS, CSP, sendText } from './respond';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function contentType(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Deskmate</title>
<p>The desk's web interface is not built yet. Run <code>npm run build</code>, then reload this page.</p>
<p>The API works already: see <code>/v1/openapi.json</code>.</p>`;

/** Maps a URL path inside `root`, or null when it would leave it (`..`, encoded separators, NUL). */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const base = resolve(root);
  const full = resolve(join(base, decoded));
  if (full !== base && !full.startsWith(base + sep)) return null;
  return full;
}

async function fileAt(path: string): Promise<{ size: number } | null> {
  try {
    const s = await stat(path);
    return s.isFile() ? { size: s.size } : null;
  } catch {
    return null;
  }
}

export async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string, rendererDir: string | undefined): Promise<void> {
  const headers = { 'Content-Security-Policy': CSP, 'X-Frame-Options': 'DENY' };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendText(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n', { ...headers, Allow: 'GET, HEAD' });
    return;
  }
  const index = rendererDir ? join(rendererDir, 'index.html') : undefined;
  if (!rendererDir || !index || !(await fileAt(index))) {
    sendText(res, pathname === '/' ? 200 : 404, 'text/html; charset=utf-8', NOT_BUILT, headers);
    return;
  }
  const target = pathname === '/' ? index : resolveInside(rendererDir, pathname);
  if (!target) {
    sendText(res, 404, 'text/plain; charset=utf-8', 'not found\n', headers);
    return;
  }
  let file = target;
  let info = await fileAt(file);
  if (!info && !extname(pathname)) {
    // client-side routes fall back to the app
    file = index;
    info = await fileAt(file);
  }
  if (!info) {
    sendText(res, 404, 'text/plain; charset=utf-8', 'not found\n', headers);
    return;
  }
  const isHtml = file.endsWith('.html');
  res.writeHead(200, {
    ...BASE_HEADERS,
    ...headers,
    'Content-Type': contentType(file),
    'Content-Length': String(info.size),
    // hashed assets may be cached; the page itself never is
    'Cache-Control': isHtml || !pathname.startsWith('/assets/') ? 'no-cache' : 'public, max-age=31536000, immutable',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
