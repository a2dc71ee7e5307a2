// The catalog module: store, importer, search. Everything takes the database as a parameter.
export { catalogMigrations } from './migrations';
export { importFile, importRecords, importStream, ImportStoppedError, type ImportOptions, type ImportProgress } from './import';
export { type ImportReport, MAX_REJECTED_KEPT } from './writer';
export { ImportFileError, type Format } from './sources';
export { searchCatalog, baselineSearch, type SearchOptions, type SearchResult } from './search';
export {
  getProduct,
  getProducts,
  getStandaloneDoc,
  listStandaloneDocs,
  getTokenCounts,
  getDocStamp,
  type DocStamp,
  setTokenCounts,
  uncountedDocuments,
  catalogStats,
  type CatalogStats,
} from './store';
export { ensureDemoCatalog } from './demo';
export { findResourcesDir } from './demo-rows';
export { ImportJobs, releaseImportOwner, takeImportOwner, type ImportOutcome } from './import-job';
