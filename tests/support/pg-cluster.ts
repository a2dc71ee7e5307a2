// Throwaway PostgreSQL for vitest files: `const pg = usePgCluster();` at the top of the file, then
// `const url = await pg.createDb()` in each test (one cluster per file, one database per test). The cluster is
// stopped and removed in afterAll and on process exit, also when a test fails. PostgreSQL missing → every test of
// the file FAILS with the printed reason (never a silent skip). The cluster itself: pg-cluster-core.ts.
import { afterAll, beforeAll } from 'vitest';
import { startPgCluster, type PgCluster, type StartOptions } from './pg-cluster-core';

export * from './pg-cluster-core';

/**
 * One cluster for a vitest file: started in beforeAll, destroyed in afterAll (and on process exit). Use the
 * returned handle inside tests: `await pg.createDb()`. When PostgreSQL is missing, beforeAll throws the reason
 * and every test of the file fails.
 */
export function usePgCluster(opts: StartOptions = {}): { get(): PgCluster; createDb(name?: string): Promise<string> } {
  let cluster: PgCluster | undefined;
  let failure: Error | undefined;
  beforeAll(async () => {
    try {
      cluster = await startPgCluster(opts);
    } catch (err) {
      failure = err as Error;
      process.stderr.write(`pg-cluster: ${failure.message}\n`);
      throw failure;
    }
  }, 180_000);
  afterAll(() => cluster?.destroy());
  const get = (): PgCluster => {
    if (!cluster) throw failure ?? new Error('pg-cluster: not started (usePgCluster must be called at the top of the test file)');
    return cluster;
  };
  return { get, createDb: (name) => get().createDb(name) };
}
