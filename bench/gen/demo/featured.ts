// Hand-written demo products: the two examples the team uses everywhere (ThinkPad X1 Carbon Gen 12 and
// Logitech MX Master 3S), their predecessors (for disambiguation), and products with manuals or unusual
// stock states.
import type { RawProduct } from '../products';

export type DemoProduct = RawProduct & { manual?: string };

const LAPTOP_POLICY = '30-day return window for unopened items; opened laptops can be returned within 15 days with a 15% restocking fee.';

export const X1_CARBON_GEN12: DemoProduct = {
  product_id: 'LP-TP-X1C-2024',
  product_name: 'Lenovo ThinkPad X1 Carbon Gen 12 (14" 2.8K OLED, Core Ultra 7)',
  brand: 'Lenovo',
  category: 'laptops',
  specifications: {
    'Model number': '21KC0077US',
    'Machine type (MTM)': '21KC / 21KD',
    Processor: 'Intel Core Ultra 7 155U (12 cores, up to 4.8 GHz)',
    RAM: '32 GB LPDDR5x-6400 (soldered)',
    Storage: '1 TB PCIe Gen4 NVMe SSD (M.2 2242)',
    Display: '14" 2.8K (2880×1800) OLED, 120 Hz, 400 nits, Dolby Vision',
    Graphics: 'Intel Graphics (integrated)',
    Weight: '1.09 kg (2.42 lb)',
    Battery: '57 Wh, up to 15 hours (MobileMark 2018)',
    Ports: '2× Thunderbolt 4 (USB-C), 2× USB-A 5 Gbps, HDMI 2.1, 3.5 mm audio',
    Wireless: 'Wi-Fi 6E, Bluetooth 5.3; optional 5G',
    Camera: '1080p FHD + IR, privacy shutter',
    'Operating system': 'Windows 11 Pro',
    Warranty: '3 years depot (upgradeable to on-site)',
  },
  faq_answers: [
    'Battery life is rated up to 15 hours (MobileMark 2018); with the OLED panel at typical office brightness customers usually see 9–11 hours.',
    'Linux is supported: the X1 Carbon Gen 12 is certified for Ubuntu 22.04 LTS and Red Hat Enterprise Linux; Wi-Fi, suspend and the fingerprint reader work out of the box.',
    'The 32 GB of RAM is soldered to the mainboard and cannot be upgraded later; choose the memory size at purchase. The SSD (M.2 2242) can be replaced.',
    'The warranty is 3 years depot: we ship a prepaid box, Lenovo repairs it and returns it in about 5–7 business days. On-site upgrades can be bought within 90 days.',
    'It charges over either Thunderbolt 4 port with the included 65 W USB-C adapter; Rapid Charge reaches 80% in about an hour.',
  ],
  return_policy_excerpt: LAPTOP_POLICY,
  stock_status: 'in_stock',
  price: 1899,
  currency: 'USD',
  locale: 'en-US',
  updated_at: '2025-01-15T09:00:00Z',
  manual: [
    'Getting started. Connect the 65 W USB-C adapter to either Thunderbolt 4 port on the left side and press the power button on the right hinge; the first boot completes Windows setup in about 10 minutes. Enroll the fingerprint reader (integrated in the power button) from Settings > Accounts > Sign-in options.',
    'Battery care. Lenovo Vantage > Power > Battery Charge Threshold lets you stop charging at 80% for laptops that stay plugged in; this extends battery lifespan. The battery is covered for 1 year as a consumable part, even with the 3-year depot warranty.',
    'Resetting. If the laptop does not power on, hold the power button for 10 seconds, or insert a straightened paper clip into the emergency-reset hole on the underside for 1 second with the adapter disconnected.',
    'Memory and storage. Memory is soldered (not upgradeable). The SSD is an M.2 2242 drive under the bottom cover (5 captive screws); replacing it does not void the warranty if no damage is caused.',
  ].join('\n\n'),
};

export const MX_MASTER_3S: DemoProduct = {
  product_id: 'ACC-MSE-WL-001',
  product_name: 'Logitech MX Master 3S Performance Wireless Mouse',
  brand: 'Logitech',
  category: 'mice',
  specifications: {
    'Model number': 'MX3S (910-006557)',
    Sensor: '8000 DPI Darkfield high-precision, tracks on glass',
    Clicks: 'Quiet clicks (90% less click noise than MX Master 3)',
    Charging: 'USB-C rechargeable Li-Po 500 mAh',
    'Battery life': 'up to 70 days on a full charge',
    Connectivity: 'Bluetooth Low Energy + Logi Bolt USB receiver',
    'Multi-device': 'Easy-Switch, up to 3 devices',
    'Scroll wheel': 'MagSpeed electromagnetic, 1,000 lines per second',
    Buttons: 7,
    Weight: '141 g',
    Compatibility: 'Windows, macOS, Linux, ChromeOS, iPadOS, Android',
    Colour: 'Graphite',
  },
  faq_answers: [
    'Yes, it works on glass: the Darkfield sensor tracks on glass tables with a minimum thickness of 4 mm.',
    'It is fully Mac compatible (macOS 11 or later) over Bluetooth or the Logi Bolt receiver; install Logi Options+ for gesture and per-app button settings.',
    'Charging time: a 1-minute quick charge gives about 3 hours of use; a full charge takes about 2 hours over USB-C and lasts up to 70 days.',
    'The Logi Bolt receiver is not compatible with older Unifying receivers; pair up to 3 devices and switch with the Easy-Switch button under the mouse.',
  ],
  return_policy_excerpt: 'Returns accepted within 30 days in original packaging; free return shipping.',
  stock_status: 'low_stock',
  price: 99.99,
  currency: 'USD',
  locale: 'en-US',
  updated_at: '2025-02-03T14:30:00Z',
};

export const FEATURED: readonly DemoProduct[] = [
  X1_CARBON_GEN12,
  MX_MASTER_3S,
  {
    product_id: 'LP-TP-X1C-2023', product_name: 'Lenovo ThinkPad X1 Carbon Gen 11 (14" WUXGA, Core i7-1365U)', brand: 'Lenovo', category: 'laptops',
    specifications: { 'Model number': '21HM004GUS', Processor: 'Intel Core i7-1365U vPro', RAM: '16 GB LPDDR5 (soldered)', Storage: '512 GB SSD', Display: '14" WUXGA (1920×1200) IPS, 400 nits', Weight: '1.12 kg', Battery: '57 Wh, up to 13 hours', Warranty: '3 years depot' },
    faq_answers: [
      'This Gen 11 model is discontinued and replaced by the X1 Carbon Gen 12 (LP-TP-X1C-2024); remaining warranty and repairs are unaffected.',
      'RAM is soldered and cannot be upgraded; the SSD can be replaced.',
    ],
    return_policy_excerpt: LAPTOP_POLICY, stock_status: 'discontinued', price: 1399, currency: 'USD', locale: 'en-US', updated_at: '2024-06-30T00:00:00Z',
  },
  {
    product_id: 'ACC-MSE-WL-900', product_name: 'Logitech MX Master 3 Advanced Wireless Mouse', brand: 'Logitech', category: 'mice',
    specifications: { 'Model number': 'MX3 (910-005647)', Sensor: '4000 DPI Darkfield', Clicks: 'Standard clicks', Charging: 'USB-C', 'Battery life': 'up to 70 days', Connectivity: 'Bluetooth + Unifying receiver', Weight: '141 g' },
    faq_answers: [
      'The MX Master 3 is discontinued; its successor is the MX Master 3S (ACC-MSE-WL-001) with quiet clicks and an 8000 DPI sensor.',
      'It uses the older Unifying receiver, not Logi Bolt.',
    ],
    return_policy_excerpt: 'Returns accepted within 30 days in original packaging; free return shipping.', stock_status: 'discontinued', price: 79.99, currency: 'USD', locale: 'en-US', updated_at: '2023-09-01T00:00:00Z',
  },
  {
    product_id: 'LP-TP-X1Y-2023', product_name: 'Lenovo ThinkPad X1 Yoga Gen 8 2-in-1', brand: 'Lenovo', category: 'laptops',
    specifications: { 'Model number': '21HQ0055US', Processor: 'Intel Core i7-1355U', RAM: '16 GB LPDDR5', Storage: '512 GB SSD', Display: '14" WUXGA touch, pen support', Weight: '1.38 kg', Battery: '57 Wh, up to 12 hours', Pen: 'Integrated garaged pen' },
    faq_answers: [
      'Out of stock: the next delivery is expected in 3–4 weeks; customers can join the back-in-stock email list on the product page.',
      'The garaged pen charges inside the laptop in about 15 seconds for 100 minutes of use.',
    ],
    return_policy_excerpt: LAPTOP_POLICY, stock_status: 'out_of_stock', price: 1649, currency: 'USD', locale: 'en-US', updated_at: '2025-01-20T00:00:00Z',
  },
  {
    product_id: 'HP-SON-XM4-2020', product_name: 'Sony WH-1000XM4 Wireless Noise Cancelling Headphones', brand: 'Sony', category: 'headphones',
    specifications: { 'Model number': 'WH-1000XM4', 'Noise cancelling': 'Dual Noise Sensor ANC', 'Battery life': 'up to 30 hours (ANC on)', 'Quick charge': '10 min for 5 h', Connectivity: 'Bluetooth 5.0, multipoint (2 devices)', Codecs: 'SBC, AAC, LDAC', Weight: '254 g' },
    faq_answers: [
      'The WH-1000XM4 is discontinued; the WH-1000XM5 is the current model. Warranty repairs continue through Sony for 2 years from purchase.',
      'Multipoint lets it connect to a phone and a laptop at the same time (LDAC is disabled while multipoint is on).',
    ],
    return_policy_excerpt: 'Returns accepted within 30 days in original packaging; free return shipping.', stock_status: 'discontinued', price: 279.99, currency: 'USD', locale: 'en-US', updated_at: '2024-03-01T00:00:00Z',
  },
  {
    product_id: 'SPK-SNS-ARCU-2024', product_name: 'Sonos Arc Ultra Dolby Atmos Soundbar', brand: 'Sonos', category: 'speakers',
    specifications: { 'Model number': 'ARCU1US1BLK', Channels: '9.1.4 spatial audio', Drivers: '14 drivers incl. Sound Motion woofer', Connectivity: 'Wi-Fi 6, Bluetooth 5.3, HDMI eARC', 'Voice assistant': 'Sonos Voice Control, Alexa', Weight: '5.9 kg' },
    faq_answers: [
      'Pre-order: shipping starts on the release date shown at checkout; your card is charged only when the order ships, and you can cancel any time before that.',
      'It connects to the TV with a single HDMI eARC cable (included); an optical adapter is in the box for older TVs.',
    ],
    return_policy_excerpt: '60-day satisfaction guarantee: return for any reason within 60 days, even if used.', stock_status: 'preorder', price: 999, currency: 'USD', locale: 'en-US', updated_at: '2025-02-10T00:00:00Z',
  },
  {
    product_id: 'MON-SAM-G95SC-2023', product_name: 'Samsung Odyssey OLED G9 49" G95SC Curved Gaming Monitor', brand: 'Samsung', category: 'monitors',
    specifications: { 'Model number': 'LS49CG954SNXZA', 'Screen size': '49"', Resolution: '5120×1440 (DQHD)', 'Panel type': 'QD-OLED, 1800R curve', 'Refresh rate': '240 Hz', 'Response time': '0.03 ms', Inputs: 'HDMI 2.1, DisplayPort 1.4, USB-C 65 W', Weight: '10.1 kg' },
    faq_answers: [
      'Out of stock until further notice; the 49" G93SC is a close alternative that lacks the smart-TV apps.',
      'OLED burn-in is covered for 3 years under Samsung\'s panel warranty when Pixel Refresh is left enabled.',
    ],
    return_policy_excerpt: '14-day return window; opened-box returns carry a 10% fee unless the item is faulty.', stock_status: 'out_of_stock', price: 1299.99, currency: 'USD', locale: 'en-US', updated_at: '2025-01-05T00:00:00Z',
  },
  {
    product_id: 'JKT-ARC-ALPSV-2023', product_name: "Arc'teryx Alpha SV Jacket Men's (Final Sale)", brand: "Arc'teryx", category: 'jackets',
    specifications: { 'Model number': 'X000007555', 'Shell material': 'GORE-TEX PRO 3L, N100p-X face', 'Waterproof rating': '28,000 mm', Fit: 'Regular fit', Sizes: 'S–XXL', 'Size chart (chest, M)': '104 cm', Weight: '490 g', Colour: 'Dynasty' },
    faq_answers: [
      'This clearance colour is final sale and cannot be returned or exchanged; Arc\'teryx still repairs manufacturing defects under its lifetime warranty.',
      'Size M fits a 104 cm chest with room for a mid layer; size up only for heavy insulation underneath.',
    ],
    return_policy_excerpt: 'Final sale: this clearance item cannot be returned or exchanged; the manufacturer warranty still applies.', stock_status: 'low_stock', price: 629, currency: 'USD', locale: 'en-US', updated_at: '2024-12-01T00:00:00Z',
  },
];
