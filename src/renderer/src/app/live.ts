// A value the desk can be asked for and that it also announces as it changes (outbox, hub sync state): asked
// once when the component mounts, then followed by its event. An event that arrives before the answer wins (the
// answer may describe an older state).
import { useEffect, useState } from 'react';
import type { DeskApi, EventName, EventPayload, RouteInput, RouteName, RouteOutput } from '../../../shared/contract';

/** Routes that take an empty input (`{}`). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- "an empty object is a valid input" is the test
type EmptyInputRoute = { [K in RouteName]: {} extends RouteInput<K> ? K : never }[RouteName];

export function useLiveValue<R extends EmptyInputRoute, E extends EventName>(api: DeskApi, route: R, event: E): RouteOutput<R> | EventPayload<E> | null {
  const [value, setValue] = useState<RouteOutput<R> | EventPayload<E> | null>(null);
  useEffect(() => {
    let live = true;
    let announced = false;
    void api.invoke(route, {} as RouteInput<R>).then((r) => {
      if (live && !announced && r.ok) setValue(r.data);
    });
    const off = api.on(event, (p) => {
      announced = true;
      setValue(p);
    });
    return () => {
      live = false;
      off();
    };
  }, [api, route, event]);
  return value;
}
