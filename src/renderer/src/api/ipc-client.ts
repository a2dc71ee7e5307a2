// DeskApi over the Electron preload bridge (`window.desk`): the same calls, with every event payload validated.
import type { DeskApi, EventName, EventPayload } from '../../../shared/contract';
import { parseEventPayload, transportError, type InvalidEventReporter } from './events';

export function createIpcClient(bridge: DeskApi, onInvalid?: InvalidEventReporter): DeskApi {
  return {
    async invoke(route, input) {
      try {
        return await bridge.invoke(route, input);
      } catch (err) {
        return transportError(err);
      }
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      return bridge.on(event, (payload: unknown) => {
        const parsed = parseEventPayload(event, payload);
        if (parsed) listener(parsed);
        else onInvalid?.(event, payload);
      });
    },
  };
}
