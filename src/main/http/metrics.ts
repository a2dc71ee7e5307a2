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

/** One process's figures in a form that adds up over processes (`deskmate serve --workers N`). */
export interface MetricsState {
  total: number;
  completed: number;
  ttft: number | null;
  latency: number | null;
}

/** Streams of several processes as one: counts add up, each average is weighted by the completed streams behind it. */
export function combineMetrics(states: readonly MetricsState[]): StreamingMetrics {
  const weighted = (pick: (s: MetricsState) => number | null): number | null => {
    let sum = 0;
    let weight = 0;
    for (const s of states) {
      const v = pick(s);
      if (v === null) continue;
      const w = Math.max(1, s.completed);
      sum += v * w;
      weight += w;
    }
    return weight === 0 ? null : sum / weight;
  };
  return snapshotOf(
    states.reduce((n, s) => n + s.total, 0),
    weighted((s) => s.ttft),
    weighted((s) => s.latency),
  );
}

function snapshotOf(total: number, ttft: number | null, latency: number | null): StreamingMetrics {
  const round = (n: number | null): number => (n === null ? 0 : Math.round(n * 10) / 10);
  return { total_streams: total, avg_time_to_first_token_ms: round(ttft), avg_total_latency_ms: round(latency) };
}

export class StreamMetrics {
  private total = 0;
  private completed = 0;
  private ttft: number | null = null;
  private latency: number | null = null;

  /** Every stream that ended counts; the averages take completed streams only (a failed one has no fair latency). */
  record(s: { completed: boolean; ttftMs: number | null; latencyMs: number }): void {
    this.total += 1;
    if (!s.completed) return;
    this.completed += 1;
    if (s.ttftMs !== null) this.ttft = ema(this.ttft, s.ttftMs);
    this.latency = ema(this.latency, s.latencyMs);
  }

  snapshot(): StreamingMetrics {
    return snapshotOf(this.total, this.ttft, this.latency);
  }

  state(): MetricsState {
    return { total: this.total, completed: this.completed, ttft: this.ttft, latency: this.latency };
  }
}
