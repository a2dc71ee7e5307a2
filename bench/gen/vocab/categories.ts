// The category table and its sampling weights (how often each category appears in a generated catalog).
import { jackets, shoes } from './apparel';
import { keyboards, laptops, mice, monitors, tablets } from './computing';
import { airPurifiers, coffeeMachines, fridges, vacuums, washers } from './home';
import { cameras, headphones, phones, speakers, tvs } from './media';
import type { CategoryDef } from './types';

const WEIGHTED: ReadonlyArray<readonly [CategoryDef, number]> = [
  [laptops, 9], [phones, 9], [tablets, 5], [headphones, 8], [speakers, 5], [monitors, 6], [keyboards, 5],
  [mice, 5], [cameras, 5], [tvs, 6], [washers, 4], [fridges, 4], [vacuums, 5], [airPurifiers, 4],
  [coffeeMachines, 4], [jackets, 8], [shoes, 8],
];

export const CATEGORIES: readonly CategoryDef[] = WEIGHTED.map(([c]) => c);

/** Cumulative weights normalised to [0, 1], for one uniform draw per product. */
const CUMULATIVE: readonly number[] = (() => {
  const total = WEIGHTED.reduce((s, [, w]) => s + w, 0);
  let acc = 0;
  return WEIGHTED.map(([, w]) => (acc += w / total));
})();

export function categoryFor(u: number): CategoryDef {
  for (let k = 0; k < CUMULATIVE.length; k++) if (u < CUMULATIVE[k]) return WEIGHTED[k][0];
  return WEIGHTED[WEIGHTED.length - 1][0];
}
