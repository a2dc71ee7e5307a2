// The two IPC channels between main and the preload bridge. Pure constants: imported by both sides.

/** renderer → main: `invoke(INVOKE_CHANNEL, route, input)` → `InvokeResult`. */
export const INVOKE_CHANNEL = 'desk:invoke';
/** main → renderer: `send(EVENT_CHANNEL, eventName, payload)`. */
export const EVENT_CHANNEL = 'desk:event';
