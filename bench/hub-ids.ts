// Product ids of the bench generator (bench/gen), for stock feeds against the bench catalog.
import { productAt } from './gen/products';

export function productIdAt(i: number, seed = 1): string {
  return productAt(i, seed).product_id;
}
