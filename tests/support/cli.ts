// Runs the CLI in-process with captured output (no child process): `main(args, io)` as bin/deskmate.js does.
import { main } from '../../src/main/cli/main';
import type { CliIo } from '../../src/main/cli/types';

export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: { write: (c: string) => (out += c) },
    stderr: { write: (c: string) => (err += c) },
    env,
    signal: new AbortController().signal,
  };
  const code = await main(args, io);
  return { code, out, err };
}
