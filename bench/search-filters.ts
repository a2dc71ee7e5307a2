// `npm run bench -- search-filters [--products 5000] [--manual 6000] [--queries 2000]`: the scorer's word filters
// (catalog/word-filter.ts). A catalog of generated products is searched with the benchmark's question mix, with and
// without filters, in alternating passes over the same questions in one process (the caches warm for both), once with
// the generator's products as they are (no field long enough for a filter), then with a manual of --manual characters
// each (the long field that filters skip): --products of them (more than the document cache holds) and 800 (fewer). Prints the median time per search and the ratio; the results
// are compared too (they must be identical).
import type { Bench } from './registry';
import { searchCatalog } from '../src/main/catalog';
import { useWordFilters } from '../src/main/catalog/rerank';
import { benchmarkQueries } from './gen';
import { manualCatalog } from './manual-catalog';
import { alternatingMedians, numberOption, out } from './util';

async function one(products: number, manualChars: number, queries: number): Promise<void> {
  const { db, close } = await manualCatalog(products, manualChars);
  try {
    const qs = benchmarkQueries(products, 1, queries).map((q) => q.query);
    const run = (): string[] => qs.map((q) => JSON.stringify(searchCatalog(db, q, { snippets: false }).results));
    useWordFilters(false);
    const without = run();
    useWordFilters(true);
    const same = run().every((r, i) => r === without[i]);
    const { on, off } = alternatingMedians(6, qs.length, (filters) => {
      useWordFilters(filters);
      run();
    });
    out(
      `${products} products, ${manualChars ? `manuals of ~${manualChars} characters` : 'no manuals (the generator as is)'}: ${queries} questions, ` +
        `median of 6 passes — with filters ${on.toFixed(3)} ms per search, without ${off.toFixed(3)} ms (×${(on / off).toFixed(2)}); same results: ${same}`,
    );
  } finally {
    useWordFilters(true);
    close();
  }
}

export const searchFiltersBench: Bench = {
  name: 'search-filters',
  async run(args) {
    const products = numberOption(args, 'products', 5000, 100);
    const queries = numberOption(args, 'queries', 2000, 100);
    const manualChars = numberOption(args, 'manual', 6000, 500);
    await one(products, 0, queries);
    // more long documents than the search's document cache holds (16 MB: ~1,000 of these): each read afresh
    await one(products, manualChars, queries);
    // as many as it holds: each scored again and again
    await one(Math.min(products, 800), manualChars, Math.min(queries, 1000));
  },
};
