import { parseArgs } from 'node:util';
import { defaultDataDir } from '../paths';
import { openDesk, type Desk } from '../desk';
import { commands } from './commands';
import { UsageError, type CliIo, type Command, type CommandContext } from './types';

const GLOBAL_OPTIONS = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function globalHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'deskmate — grounded, cited answers for support agents, from a local catalog cache and Kimi.',
    '',
    'usage: deskmate [--data-dir DIR] [--json] COMMAND [options]',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'global options:',
    '  --data-dir DIR  where the cache lives (env DESKMATE_DATA_DIR; default: the OS user-data folder)',
    '  --json          machine-readable output',
    '  -h, --help      help for deskmate or a command',
    '',
    'environment: KIMI_API_KEY, KIMI_BASE_URL, KIMI_MODEL, DESKMATE_PROFILE win over stored settings (CLI and serve);',
    'the API key is sent only to the origin it was entered for. `deskmate stats` shows the effective base URL.',
    '',
    'Run `deskmate COMMAND --help` for a command’s options.',
  ].join('\n');
}

function commandHelp(cmd: Command): string {
  return [`usage: deskmate ${cmd.usage}`, '', cmd.summary, ...(cmd.help ? ['', cmd.help] : [])].join('\n');
}

export function processIo(): CliIo {
  const controller = new AbortController();
  const onSignal = (): void => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: controller.signal };
}

/** Runs the CLI; returns the exit code. Never calls process.exit. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const name = argv.find((a) => !a.startsWith('-') && !isGlobalValue(argv, a));
  const cmd = commands.find((c) => c.name === name);
  let desk: Desk | undefined;
  try {
    if (!name) {
      const { values } = parseArgs({ args: argv, options: GLOBAL_OPTIONS, strict: true, allowPositionals: false });
      io.stdout.write(globalHelp() + '\n');
      return values.help ? 0 : 2;
    }
    if (!cmd) throw new UsageError(`unknown command "${name}" (try: ${commands.map((c) => c.name).join(', ')})`);
    const rest = argv.filter((a, i) => i !== argv.indexOf(name));
    let parsed;
    try {
      parsed = parseArgs({ args: rest, options: { ...GLOBAL_OPTIONS, ...cmd.options }, strict: true, allowPositionals: true });
    } catch (err) {
      throw new UsageError(`${cmd.name}: ${(err as Error).message.split('\n')[0]}`);
    }
    const values = parsed.values as Record<string, string | boolean | undefined>;
    if (values.help) {
      io.stdout.write(commandHelp(cmd) + '\n');
      return 0;
    }
    const dataDir = typeof values['data-dir'] === 'string' ? values['data-dir'] : defaultDataDir(io.env);
    const ctx: CommandContext = {
      dataDir,
      json: values.json === true,
      io,
      positionals: parsed.positionals,
      values: parsed.values,
      desk: () => {
        if (!desk) {
          desk = openDesk({ dataDir, env: io.env, ...cmd.deskOptions });
          // Settings that were present but unusable (a bad KIMI_BASE_URL, profile or window): say so, once.
          for (const w of desk.config.warnings) io.stderr.write(`deskmate: ${w}\n`);
        }
        return desk;
      },
    };
    return await cmd.run(ctx);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`deskmate: ${err.message}\n`);
      return 2;
    }
    const e = err as NodeJS.ErrnoException;
    io.stderr.write(`deskmate: ${e.message ?? String(err)}\n`);
    if (io.env.DESKMATE_DEBUG) io.stderr.write(`${e.stack}\n`);
    return 1;
  } finally {
    await desk?.close();
  }
}

function isGlobalValue(argv: string[], a: string): boolean {
  const i = argv.indexOf(a);
  return i > 0 && argv[i - 1] === '--data-dir';
}
