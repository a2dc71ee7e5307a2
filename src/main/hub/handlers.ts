// The desk's hub routes: sync state, and Settings → team hub (URL stored through the hub secret store, never
// returned; desk name in the local catalog meta).
import type { Desk } from '../desk';
import { DeskError, type Handlers } from '../routes';
import { setMeta } from '../catalog/store';
import { hubUrlProblem } from './config';
import { META } from './catalog-sync';

export function hubHandlers(desk: Desk): Pick<Handlers, 'hub.status' | 'hub.configure'> {
  return {
    'hub.status': () => desk.hub.state(),
    'hub.configure': async (i) => {
      if (i.url) {
        const problem = hubUrlProblem(i.url);
        if (problem) throw new DeskError('invalid_input', problem, 'url');
      }
      if (i.url !== undefined) desk.hubSecrets.set(i.url ?? undefined);
      if (i.deskName !== undefined) setMeta(desk.db, META.deskName, i.deskName ?? '');
      await desk.hub.reconfigure();
      return desk.hub.state();
    },
  };
}
