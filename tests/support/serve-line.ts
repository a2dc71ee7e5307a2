// `deskmate serve --json` prints one JSON line once it listens ({ url, processes, … }): the tests that start a real
// serve process wait for it here (stderr kept for the error when it never comes).
import type { ChildProcess } from 'node:child_process';

export interface ServeLine {
  url: string;
  processes?: number;
}

/** Resolves with serve's start line; rejects after `timeoutMs` with what it wrote to stderr (`stderr()`). */
export function serveStarted(child: ChildProcess, stderr: () => string, name = 'serve', timeoutMs = 60_000): Promise<ServeLine> {
  let out = '';
  return new Promise<ServeLine>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start: ${stderr()}`)), timeoutMs);
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line) as ServeLine);
      }
    });
  });
}
