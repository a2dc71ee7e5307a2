// Coalesces high-rate updates into one application per animation frame: `push` keeps only the latest value
// per key (progress events carry the whole text so far), `apply` runs at most once per frame with all of them.

export type ScheduleFrame = (callback: () => void) => void;

export interface FrameBatcher<T> {
  push(key: string, value: T): void;
  /** Applies what is pending now (chat.done must not be overtaken by an older progress snapshot). */
  flush(): void;
  pending(): number;
}

export function createFrameBatcher<T>(apply: (batch: ReadonlyMap<string, T>) => void, schedule: ScheduleFrame): FrameBatcher<T> {
  let queue = new Map<string, T>();
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (queue.size === 0) return;
    const batch = queue;
    queue = new Map();
    apply(batch);
  };
  return {
    push(key, value) {
      queue.set(key, value);
      if (!scheduled) {
        scheduled = true;
        schedule(flush);
      }
    },
    flush,
    pending: () => queue.size,
  };
}

/** requestAnimationFrame when the page is visible; a timer otherwise (rAF pauses in background tabs). */
export function browserFrameScheduler(win: {
  requestAnimationFrame(cb: () => void): number;
  setTimeout(cb: () => void, ms: number): unknown;
  document: { visibilityState: string };
}): ScheduleFrame {
  return (cb) => {
    if (win.document.visibilityState === 'hidden') win.setTimeout(cb, 100);
    else win.requestAnimationFrame(cb);
  };
}
