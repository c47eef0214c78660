import {
  useCallback,
  useEffect,
  useImperativeHandle,
  useRef,
  useState,
  type HTMLAttributes,
  type ReactNode,
  type Ref,
} from 'react';

/** Below this many rows everything is rendered; above it only the rows in view (plus a margin). */
export const VIRTUALISE_FROM = 200;
const OVERSCAN = 8;

export interface VirtualListHandle {
  scrollToIndex: (index: number) => void;
  focus: () => void;
}

interface VirtualListProps extends Omit<HTMLAttributes<HTMLDivElement>, 'onScroll'> {
  count: number;
  rowHeight: number;
  renderRow: (index: number) => ReactNode;
  ref?: Ref<VirtualListHandle>;
}

/**
 * A fixed-row-height window over a long list: the rows in view are absolutely placed inside a
 * spacer of the full height, so 2,000 accounts cost about 30 DOM rows.
 */
export function VirtualList({
  count,
  rowHeight,
  renderRow,
  className,
  ref,
  ...rest
}: VirtualListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const frame = useRef(0);
  const virtual = count > VIRTUALISE_FROM;

  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setHeight(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const onScroll = useCallback(() => {
    if (!virtual || frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      if (scroller.current) setScrollTop(scroller.current.scrollTop);
    });
  }, [virtual]);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  useImperativeHandle(
    ref,
    () => ({
      focus: () => scroller.current?.focus(),
      scrollToIndex(index: number) {
        const element = scroller.current;
        if (!element) return;
        const top = index * rowHeight;
        if (top < element.scrollTop) element.scrollTop = top;
        else if (top + rowHeight > element.scrollTop + element.clientHeight)
          element.scrollTop = top + rowHeight - element.clientHeight;
        setScrollTop(element.scrollTop);
      },
    }),
    [rowHeight],
  );

  const first = virtual ? Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN) : 0;
  const last = virtual
    ? Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN)
    : count;
  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) rows.push(renderRow(i));

  return (
    <div
      {...rest}
      ref={scroller}
      className={`virtual-scroller ${className ?? ''}`}
      onScroll={onScroll}
    >
      {virtual ? (
        <div className="virtual-spacer" role="presentation" style={{ height: count * rowHeight }}>
          <div
            role="presentation"
            className="virtual-window"
            style={{ transform: `translateY(${first * rowHeight}px)` }}
          >
            {rows}
          </div>
        </div>
      ) : (
        rows
      )}
    </div>
  );
}
