// English singular forms, picked by i18next's plural rules (Intl.PluralRules) when a string gets a `count`:
// `key_one` for 1, the plain key (or `key_other`) otherwise. Chinese and Korean have a single plural category
// ("other"), so their plain keys serve every count.
export const enPlurals: Readonly<Record<string, string>> = {
  'conn.queued_one': '{count} waiting',
  'sessions.turns_one': '{count} message',
  'chat.sources_one': '{count} source',
  'sources.moreSent_one': '{count} more sent, not cited',
  'catalog.results_one': '{count} result in {ms} ms',
  'catalog.rejected_one': '{count} line rejected',
  'catalog.importLive_one': '{count} row saved',
  'catalog.importCancelled_one': 'Import cancelled: {count} row was saved and stays in the catalog. Import the same file again to finish it.',
  'dashboard.estimatedNote_one': '{count} attempt used estimated token counts; {unpriced} had no price (counted as $0).',
  'chat.detailsAttempts_one': '{count} attempt',
  'dashboard.offlineNote_one': '{count} offline answer was composed from the catalog: no model, no cost, so it is not in the cost per 1,000.',
  'settings.testOk_one': 'Connected in {ms} ms — {count} model available',
};
