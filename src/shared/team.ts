// Team (hub) shapes shared by main and renderer: the team usage report, outbox state, customer history.
// No node, electron or react imports.
import { z } from 'zod';
import { UsageFigures } from './usage';
import { Turn } from './domain';

/** The local report's figures plus what only a team view needs. Rates are shares of requests (0–1). */
export const TeamFigures = UsageFigures.extend({
  /** Nearest-rank percentiles of the answered requests' total latency (ms). */
  latencyP50: z.number().nullable(),
  latencyP95: z.number().nullable(),
  offlineShare: z.number().nullable(),
  escalationRate: z.number().nullable(),
  noInformationRate: z.number().nullable(),
});
export type TeamFigures = z.infer<typeof TeamFigures>;

export const TeamReport = z.object({
  since: z.string().nullable(),
  until: z.string().nullable(),
  utcOffsetMinutes: z.number().int(),
  byDesk: z.array(TeamFigures.extend({ desk: z.string(), deskId: z.string() })),
  byModel: z.array(TeamFigures.extend({ model: z.string() })),
  byDay: z.array(TeamFigures.extend({ day: z.string() })),
  totals: TeamFigures,
  tookMs: z.number(),
});
export type TeamReport = z.infer<typeof TeamReport>;

/** The desk's outbox towards the hub: "team sync paused — N waiting" when the hub cannot be reached. */
export const OutboxState = z.object({
  /** False without a hub (nothing is recorded). */
  enabled: z.boolean(),
  waiting: z.number().int(),
  pushed: z.number().int(),
  lastPushAt: z.string().nullable(),
  lastError: z.string().nullable(),
  /** True when the last push failed (the hub was unreachable or refused). */
  paused: z.boolean(),
});
export type OutboxState = z.infer<typeof OutboxState>;

/** How an answer's history was gathered, stored on the answer turn as `meta.teamHistory`. */
export const TeamHistoryMeta = z.union([
  z.object({ source: z.literal('hub'), turns: z.number().int(), desks: z.array(z.string()) }),
  z.object({ source: z.literal('local'), reason: z.string() }),
]);
export type TeamHistoryMeta = z.infer<typeof TeamHistoryMeta>;

/** Earlier turns of a customer at other desks (`turn.meta.fromDesk` names the desk), oldest first. */
export const TeamHistory = z.object({
  /** hub: read now; local: a hub is configured but unreachable; none: no hub or no customer. */
  source: z.enum(['hub', 'local', 'none']),
  reason: z.string().nullable(),
  turns: z.array(Turn),
});
export type TeamHistory = z.infer<typeof TeamHistory>;
