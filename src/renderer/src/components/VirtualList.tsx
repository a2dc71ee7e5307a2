// A windowed vertical list: only the rows in (and near) the viewport are mounted. Rows start at an estimated
// height and are measured with one ResizeObserver; when the view is at the bottom it stays there as rows grow
// (a streaming answer) or arrive.
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState, type ReactNode } from 'react';
import { atBottom, HeightMap, visibleRange } from './virtual';

export interface VirtualListProps {
  keys: readonly string[];
  renderRow(key: string, index: number): ReactNode;
  estimate?: number;
  overscan?: number;
  /** Pin to the bottom when the user is there (chat). */
  followBottom?: boolean;
  /** Changes when a different list is shown (a session switch): scroll to the bottom again. */
  resetKey?: string | null;
  className?: string;
  testId?: string;
  ariaLabel?: string;
  empty?: ReactNode;
}

const Row = memo(function Row({ rowKey, index, render }: { rowKey: string; index: number; render: VirtualListProps['renderRow'] }) {
  return (
    <div className="vrow" data-key={rowKey}>
      {render(rowKey, index)}
    </div>
  );
});

export function VirtualList(props: VirtualListProps): ReactNode {
  const { keys, renderRow, estimate = 120, overscan = 600, followBottom = false, resetKey = null } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const heights = useMemo(() => new HeightMap(estimate), [estimate]);
  const [, relayout] = useReducer((n: number) => n + 1, 0);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(800);
  const pinned = useRef(true);
  const observer = useRef<ResizeObserver | null>(null);

  heights.setKeys(keys);

  // one ResizeObserver measures every mounted row
  useEffect(() => {
    const ro = new ResizeObserver((entries) => {
      let changed = false;
      for (const e of entries) {
        if (!e.target.isConnected) {
          ro.unobserve(e.target); // an unmounted row reports 0: not a measurement
          continue;
        }
        const key = (e.target as HTMLElement).dataset.key;
        if (key !== undefined) changed = heights.measure(key, e.borderBoxSize?.[0]?.blockSize ?? e.contentRect.height) || changed;
      }
      if (changed) relayout();
    });
    observer.current = ro;
    const el = scroller.current;
    const vo = new ResizeObserver(() => {
      if (el) setViewport(el.clientHeight);
    });
    if (el) vo.observe(el);
    return () => {
      ro.disconnect();
      vo.disconnect();
      observer.current = null;
    };
  }, [heights]);

  useEffect(() => {
    pinned.current = true;
    heights.prune();
  }, [resetKey, heights]);

  const offsets = heights.layout();
  const total = heights.total();
  const { start, end } = visibleRange(offsets, scrollTop, viewport, overscan);

  // observe the rows that are mounted now
  useLayoutEffect(() => {
    const el = scroller.current;
    const ro = observer.current;
    if (!el || !ro) return;
    for (const child of el.querySelectorAll<HTMLElement>('.vrow')) ro.observe(child);
  });

  // keep the bottom in view while pinned
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || !followBottom || !pinned.current) return;
    const target = el.scrollHeight - el.clientHeight;
    if (Math.abs(el.scrollTop - target) > 1) {
      el.scrollTop = target;
      setScrollTop(el.scrollTop);
    }
  });

  const onScroll = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    pinned.current = atBottom(el.scrollTop, el.clientHeight, el.scrollHeight);
    setScrollTop(el.scrollTop);
  }, []);

  const rows: ReactNode[] = [];
  for (let i = start; i < end; i++) {
    const key = keys[i];
    if (key !== undefined) rows.push(<Row key={key} rowKey={key} index={i} render={renderRow} />);
  }

  return (
    <div
      ref={scroller}
      className={`vlist ${props.className ?? ''}`}
      onScroll={onScroll}
      data-testid={props.testId}
      data-rows={keys.length}
      aria-label={props.ariaLabel}
      role="log"
    >
      {keys.length === 0 ? (
        props.empty
      ) : (
        <>
          <div className="vspacer" style={{ height: offsets[start] ?? 0 }} />
          {rows}
          <div className="vspacer" style={{ height: Math.max(0, total - (offsets[end] ?? total)) }} />
        </>
      )}
    </div>
  );
}
