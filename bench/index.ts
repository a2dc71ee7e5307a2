// `npm run bench -- NAME [options]`: runs one benchmark (or all with no name) and prints its figures.
import { benches } from './registry';

async function run(): Promise<void> {
  const [name, ...rest] = process.argv.slice(2);
  const chosen = name && !name.startsWith('-') ? benches.filter((b) => b.name === name) : benches;
  if (name && !name.startsWith('-') && chosen.length === 0) {
    process.stderr.write(`bench: unknown benchmark "${name}" (have: ${benches.map((b) => b.name).join(', ')})\n`);
    process.exitCode = 2;
    return;
  }
  const args = name && !name.startsWith('-') ? rest : process.argv.slice(2);
  for (const b of chosen) {
    process.stdout.write(`\n=== bench ${b.name} ===\n`);
    await b.run(args);
  }
}

await run();
