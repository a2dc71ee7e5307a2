// A small catalog for the browser end-to-end tests: a few products and a store policy (JSON Lines, the
// importer's field names), and a variant with broken lines to see rejected rows reported by line.

export interface FixtureProduct {
  product_id: string;
  product_name: string;
  category: string;
  brand: string;
  price: number;
  currency: string;
  specifications: Record<string, string | number | boolean>;
  faq_answers: string[];
  return_policy_excerpt: string;
  stock_status: string;
}

export const E2E_PRODUCTS: FixtureProduct[] = [
  {
    product_id: 'LAP-X200',
    product_name: 'Aurora X200 Laptop',
    category: 'Laptops',
    brand: 'Aurora',
    price: 1299,
    currency: 'USD',
    specifications: { screen: '14 inch OLED', memory: '32 GB', storage: '1 TB SSD', weight: '1.2 kg', battery_hours: 18 },
    faq_answers: ['The X200 charges over USB-C at up to 100 W.', 'Memory is soldered and cannot be upgraded.'],
    return_policy_excerpt: 'Laptops can be returned within 30 days of delivery in their original packaging.',
    stock_status: 'in_stock',
  },
  {
    product_id: 'PHN-N9',
    product_name: 'Nimbus N9 Phone',
    category: 'Phones',
    brand: 'Nimbus',
    price: 799,
    currency: 'USD',
    specifications: { screen: '6.4 inch', storage: '256 GB', camera: '50 MP', waterproof: 'IP68' },
    faq_answers: ['The N9 supports dual SIM (nano + eSIM).', 'Wireless charging up to 15 W.'],
    return_policy_excerpt: 'Phones can be returned within 14 days if the seal is intact.',
    stock_status: 'low_stock',
  },
  {
    product_id: 'HDP-Q5',
    product_name: 'Quiet Q5 Headphones',
    category: 'Audio',
    brand: 'Quiet',
    price: 249,
    currency: 'USD',
    specifications: { noise_cancelling: true, battery_hours: 30, bluetooth: '5.3' },
    faq_answers: ['Pair a second device by holding the power button for 5 seconds.'],
    return_policy_excerpt: 'Headphones can be returned within 30 days; earpads must be unused.',
    stock_status: 'out_of_stock',
  },
  {
    product_id: 'MON-U27',
    product_name: 'Ultra U27 Monitor',
    category: 'Monitors',
    brand: 'Ultra',
    price: 449,
    currency: 'USD',
    specifications: { size: '27 inch', resolution: '3840x2160', refresh_hz: 144, usb_c_power_w: 90 },
    faq_answers: ['One USB-C cable carries video and charges a laptop at up to 90 W.'],
    return_policy_excerpt: 'Monitors can be returned within 30 days; dead-pixel claims within 1 year.',
    stock_status: 'in_stock',
  },
];

export const E2E_POLICY = {
  doc_id: 'POL-RETURNS',
  kind: 'policy',
  title: 'Store return policy',
  body: 'Refunds are issued to the original payment method within 5 business days after the return is received.',
};

/** The fixture as JSON Lines (what catalog.importText reads). */
export function fixtureJsonl(): string {
  return [...E2E_PRODUCTS, E2E_POLICY].map((r) => JSON.stringify(r)).join('\n') + '\n';
}

/**
 * A file with two good products (one new, one update) and two broken lines: line 2 is not JSON, line 4 has no
 * product_id. The import keeps the good rows and reports the broken ones by line.
 */
export function fixtureWithRejects(): string {
  return [
    JSON.stringify({ product_id: 'KBD-K1', product_name: 'Keystone K1 Keyboard', category: 'Keyboards', faq_answers: ['Hot-swappable switches.'], return_policy_excerpt: '30 days.', stock_status: 'in_stock', specifications: { layout: 'ANSI' } }),
    '{"product_id": "BROKEN", ',
    JSON.stringify({ product_id: 'LAP-X200', stock_status: 'low_stock' }),
    JSON.stringify({ product_name: 'No id at all' }),
  ].join('\n') + '\n';
}

interface ReqLike {
  body: unknown;
}

/** The `[Doc-N]` number the engine gave the document holding `needle` in this request, or null. */
export function docNumberOf(req: ReqLike, needle: string): number | null {
  const body = req.body as { messages?: { content?: unknown }[] } | undefined;
  const text = (body?.messages ?? []).map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n');
  const parts = text.split(/\[Doc-(\d+)\]/);
  for (let i = 1; i < parts.length; i += 2) if (parts[i + 1]?.includes(needle)) return Number(parts[i]);
  return null;
}

/** An answer that cites the X200 laptop and the return policy by the numbers they got in this request. */
export function returnAnswer(req: ReqLike): string {
  const laptop = docNumberOf(req, 'LAP-X200') ?? 1;
  const policy = docNumberOf(req, 'POL-RETURNS');
  return (
    `Yes. The Aurora X200 Laptop can be returned within 30 days of delivery, in its original packaging [Doc-${laptop}]. ` +
    (policy ? `The refund goes to the original payment method within 5 business days after we receive it [Doc-${policy}]. ` : '') +
    'Ask the customer for the order number to start the return.'
  );
}

/** A long answer (≈ `tokens` tokens of ~4 characters) for streaming and stop tests. */
export function longAnswer(tokens: number): string {
  const words = ['The', 'X200', 'ships', 'with', 'a', 'USB-C', 'charger', 'and', 'a', 'sleeve;', 'returns', 'take', '30', 'days.'];
  const out: string[] = [];
  let chars = 0;
  for (let i = 0; chars < tokens * 4; i++) {
    const w = words[i % words.length];
    out.push(w);
    chars += w.length + 1;
  }
  return `${out.join(' ')} [Doc-1]`;
}

/** `n` generated products as JSON Lines (a file big enough for the import progress bar to move). */
export function bulkJsonl(n: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    lines.push(
      JSON.stringify({
        product_id: `BULK-${String(i).padStart(6, '0')}`,
        product_name: `Bulk Gadget ${i}`,
        category: ['Cables', 'Chargers', 'Cases', 'Stands'][i % 4],
        specifications: { length_m: (i % 5) + 1, colour: ['black', 'white', 'blue'][i % 3], warranty_years: 1 + (i % 3) },
        faq_answers: [`Gadget ${i} works with every USB-C laptop and phone.`, 'Ships in recyclable packaging.'],
        return_policy_excerpt: 'Accessories can be returned within 30 days.',
        stock_status: i % 7 === 0 ? 'out_of_stock' : 'in_stock',
      }),
    );
  }
  return lines.join('\n') + '\n';
}
