// Streaming figures for `/v1/health`: exponential moving averages (alpha 0.1), updated per completed stream.
export interface StreamingMetrics {
  total_streams: number;
  avg_time_to_first_token_ms: number;
  avg_total_latency_ms: number;
}

export const EMA_ALPHA = 0.1;

export function ema(previous: number | null, sample: number, alpha = EMA_ALPHA): number {
  return previous === null ? sample : alpha * sample + (1 - alpha) * previous;
}

export class StreamMetrics {
  private total = 0;
  private ttft: number | null = null;
  private latency: number | null = null;

  /** Every stream that ended counts; the averages take completed streams only (a failed one has no fair latency). */
  record(s: { completed: boolean; ttftMs: number | null; latencyMs: number }): void {
    this.total += 1;
    if (!s.completed) return;
    if (s.ttftMs !== null) this.ttft = ema(this.ttft, s.ttftMs);
    this.latency = ema(this.latency, s.latencyMs);
  }

  snapshot(): StreamingMetrics {
    const round = (n: number | null): number => (n === null ? 0 : Math.round(n * 10) / 10);
    return {
      total_streams: this.total,
      avg_time_to_first_token_ms: round(this.ttft),
      avg_total_latency_ms: round(this.latency),
    };
  }
}
