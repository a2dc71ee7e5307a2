// The WHERE clause of a session search: title / customer id / session id substring, or a turn holding every term.

export interface SessionFilter {
  where: string;
  params: unknown[];
}

/** Shortest term the trigram index can answer; shorter terms fall back to a LIKE scan of turn text. */
const TRIGRAM_MIN = 3;

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => '\\' + c);
}

/** One FTS5 phrase per term (quotes doubled), ANDed: every term must appear, in any order, in one turn. */
export function ftsExpression(terms: readonly string[]): string {
  return terms.map((t) => `"${t.replace(/"/g, '""')}"`).join(' AND ');
}

export function sessionFilter(query: string): SessionFilter | undefined {
  const q = query.trim();
  if (q === '') return undefined;
  const terms = q.split(/\s+/);
  const whole = `%${escapeLike(q)}%`;
  const head = "s.title LIKE ? ESCAPE '\\' OR s.customer_id LIKE ? ESCAPE '\\' OR s.id = ?";
  const likes = terms.map(() => "t.text LIKE ? ESCAPE '\\'").join(' AND ');
  const likeParams = terms.map((t) => `%${escapeLike(t)}%`);
  if (terms.every((t) => Array.from(t).length >= TRIGRAM_MIN)) {
    // Indexed turns through the index; turns whose entry is missing or stale (turn_fts_pending: indexed in batches,
    // within about a second) by their text.
    return {
      where: `${head} OR s.id IN (SELECT t.session_id FROM turn_fts JOIN turns t ON t.id = turn_fts.rowid WHERE turn_fts MATCH ?
          AND NOT EXISTS (SELECT 1 FROM turn_fts_pending p WHERE p.turn_id = t.id))
        OR s.id IN (SELECT t.session_id FROM turn_fts_pending p JOIN turns t ON t.id = p.turn_id WHERE t.status <> 'streaming' AND ${likes})`,
      params: [whole, whole, q, ftsExpression(terms), ...likeParams],
    };
  }
  return {
    where: `${head} OR s.id IN (SELECT t.session_id FROM turns t WHERE ${likes})`,
    params: [whole, whole, q, ...likeParams],
  };
}
