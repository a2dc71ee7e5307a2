// The throwaway cluster harness itself: a database per test, data kept across a restart, refused while stopped.
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { usePgCluster } from '../support/pg-cluster';

const cluster = usePgCluster();

async function query<T>(url: string, sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows as T[];
  } finally {
    await c.end();
  }
}

describe('pg-cluster', () => {
  it('creates a database per test and keeps its data across a restart', async () => {
    const url = await cluster.createDb();
    await query(url, 'CREATE TABLE t (x int); INSERT INTO t VALUES (1), (2)');
    cluster.get().restart();
    expect(await query<{ n: string }>(url, 'SELECT count(*) AS n FROM t')).toEqual([{ n: '2' }]);
  });

  it('refuses connections while stopped, and a wrong password', async () => {
    const url = await cluster.createDb();
    cluster.get().stop();
    await expect(query(url, 'SELECT 1')).rejects.toThrow(/ECONNREFUSED/);
    cluster.get().start();
    expect(await query<{ one: number }>(url, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await expect(query(url.replace(/:[^:@]+@/, ':wrong@'), 'SELECT 1')).rejects.toThrow(/password authentication failed/);
  });
});
