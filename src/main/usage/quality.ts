// How the desk's answers went over a time range, from the stored answer turns: offline answers (composed from the
// catalog, no model cost), escalations, "no information" answers and the agents' thumbs up / down (chat.feedback).
import type { Db } from '../db';
import type { AnswerQuality } from '../../shared/usage';
import { rangeClause, type TimeRange } from './ledger';

export function answerQuality(db: Db, range: TimeRange): AnswerQuality {
  const where = rangeClause(range, 'created_at');
  const row = db
    .prepare<string[], Record<keyof AnswerQuality, number | null>>(
      `SELECT count(*) AS answers,
        sum(status = 'offline' OR json_extract(meta, '$.mode') = 'offline') AS offline,
        sum(coalesce(json_extract(meta, '$.escalation.needed'), 0) = 1) AS escalations,
        sum(coalesce(json_extract(meta, '$.noInformation'), 0) = 1) AS noInformation,
        sum(json_extract(meta, '$.feedback.rating') = 'up') AS feedbackUp,
        sum(json_extract(meta, '$.feedback.rating') = 'down') AS feedbackDown
       FROM turns
       WHERE speaker = 'assistant' AND status NOT IN ('streaming', 'error') ${where.sql ? `AND ${where.sql.replace(/^WHERE /, '')}` : ''}`,
    )
    .get(...where.params);
  return {
    answers: row?.answers ?? 0,
    offline: row?.offline ?? 0,
    escalations: row?.escalations ?? 0,
    noInformation: row?.noInformation ?? 0,
    feedbackUp: row?.feedbackUp ?? 0,
    feedbackDown: row?.feedbackDown ?? 0,
  };
}
