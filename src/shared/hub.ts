// Team hub sync state as the desk shows it. Never carries the hub URL or password.
import { z } from 'zod';

export const HubSyncState = z.object({
  configured: z.boolean(),
  /** off: no hub; syncing; idle: up to date; paused: hub unreachable or unusable (reason says why). */
  state: z.enum(['off', 'syncing', 'idle', 'paused']),
  deskName: z.string(),
  lastSyncAt: z.string().nullable(),
  cursor: z.number().nullable(),
  behind: z.number().nullable(),
  progress: z.object({ pulled: z.number(), total: z.number(), first: z.boolean() }).nullable(),
  reason: z.string().nullable(),
});
export type HubSyncState = z.infer<typeof HubSyncState>;

/** Settings → team hub: a postgres:// URL (stored encrypted, never read back) and this desk's name. */
export const HubConfigure = z
  .object({
    /** A postgres:// URL; null or '' clears it. */
    url: z.string().trim().max(2000).nullable(),
    deskName: z.string().trim().max(120).nullable(),
  })
  .partial()
  .strict();
