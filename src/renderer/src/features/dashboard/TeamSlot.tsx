// Mount point for the Team view (helper "hub2"): a separate component shown at the end of the dashboard. Replace
// the body of TeamSlot (or render your component from here); it gets the client and the translator.
import type { ReactNode } from 'react';
import type { DeskApi } from '../../../../shared/contract';
import type { Translate } from './strings';

export interface TeamSlotProps {
  api: DeskApi;
  t: Translate;
}

export function TeamSlot(_props: TeamSlotProps): ReactNode {
  return null;
}
