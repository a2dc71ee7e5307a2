// Public surface of the synthetic data generator (imported by the catalog benchmark and tests).
export { MAX_PRODUCTS, modelCodeAt, skuCodeAt } from './codes';
export {
  describeProduct, MAX_LINE_BYTES, MIN_LINE_BYTES, productAt, productLineAt, type ProductParts, type RawProduct,
  type StockStatus,
} from './products';
export { writeJsonl, type WriteProgress } from './write';
export { benchmarkQueries, kindCounts, QUERY_MIX, type BenchQuery, type QueryKind } from './queries';
export { manualText } from './manual';
