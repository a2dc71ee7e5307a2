// Demo products that carry a long `manual` text (appliances whose questions are answered from manuals).
import type { DemoProduct } from './featured';

export const WITH_MANUALS: readonly DemoProduct[] = [
  {
    product_id: 'VAC-ROB-S8PU-2023', product_name: 'Roborock S8 Pro Ultra Robot Vacuum and Mop with RockDock', brand: 'Roborock', category: 'vacuums',
    specifications: { 'Model number': 'S8PU52-00', 'Suction power': '6000 Pa', Navigation: 'LiDAR + 3D structured light', Mopping: 'VibraRise 2.0 sonic mop, auto-lift', 'Self-emptying dock': 'Empty, wash, dry, refill', 'Dust bag': '2.5 L, about 7 weeks', Runtime: 'up to 180 minutes', 'Noise level': '67 dB' },
    faq_answers: [
      'The dock empties the dust bin, washes and hot-air dries the mop and refills the water tank; replace the dust bag about every 7 weeks.',
      'It maps up to 4 floors; the mop lifts 2 cm automatically on carpets.',
      'Error 5 means the main brush is tangled: remove the brush guard and clear hair from both ends of the brush.',
    ],
    return_policy_excerpt: '30-day return window for unopened items; opened items can be returned within 15 days with a 15% restocking fee.',
    stock_status: 'in_stock', price: 1599.99, currency: 'USD', locale: 'en-US', updated_at: '2024-11-12T00:00:00Z',
    manual: [
      'First run. Place the RockDock against a wall with 50 cm of free space on each side and 1.5 m in front. Fill the clean-water tank, empty the dirty-water tank, and let the robot charge fully (about 4 hours) before the first mapping run. Keep the Wi-Fi router on 2.4 GHz during setup in the Roborock app.',
      'Mapping. The first run is a fast mapping run without cleaning. Afterwards, edit rooms, add no-go zones and invisible walls in the app. Carpet areas are detected automatically; set "Avoid carpets when mopping" if the mop should never touch them.',
      'Maintenance. Clean the main brush weekly, the side brush and filter every two weeks, and the dock water filter monthly. Replace the filter every 6 months and the mop pad every 3–6 months.',
      'Error codes. Error 1: the LiDAR turret is blocked — check nothing is pressing on it. Error 5: main brush jammed. Error 8: wheels stuck — move the robot to a flat surface. Error 14: dock dirty-water tank full or missing. If an error persists after cleaning, restart the robot by holding the power button for 15 seconds.',
    ].join('\n\n'),
  },
  {
    product_id: 'COF-DLG-ECAM370-2022', product_name: "De'Longhi Dinamica Plus ECAM370.95.T Bean-to-Cup Coffee Machine", brand: "De'Longhi", category: 'coffee-machines',
    specifications: { 'Model number': 'ECAM370.95.T', 'Pump pressure': '19 bar', Grinder: 'Conical steel burr, 13 settings', 'Milk system': 'LatteCrema automatic carafe', Drinks: 16, 'Water tank': '1.8 L', 'Bean hopper': '300 g', Power: '1450 W', Display: '3.5" colour touchscreen', Connectivity: 'Coffee Link app (Wi-Fi)' },
    faq_answers: [
      'Descale when the machine prompts you (roughly every 2–3 months); use De\'Longhi EcoDecalk only — damage from limescale is not covered by warranty.',
      'The LatteCrema carafe is dishwasher-safe and can be stored in the fridge between uses.',
      'Opened machines that have brewed coffee can only be returned if faulty, because of food hygiene rules.',
    ],
    return_policy_excerpt: '30-day return window for unopened items; opened items can be returned within 15 days with a 15% restocking fee.',
    stock_status: 'in_stock', price: 1099.95, currency: 'USD', locale: 'en-US', updated_at: '2024-10-02T00:00:00Z',
    manual: [
      'Setting up. Rinse the water tank, fill it with fresh water and insert the water filter after soaking it for 5 seconds. Select the language and water hardness (test strip in the box) on first start. The machine rinses its circuits each time it is switched on and off; this is normal.',
      'Grinder. Change the grind setting only while the grinder is running, one step at a time. Finer settings give slower extraction and a richer crema; if coffee drips slowly, move one step coarser.',
      'Descaling. When "Descale" appears: empty the drip tray, pour the descaler into the water tank up to the A mark, add water to the 1 L mark, place a 2 L container under the spouts and start the programme (about 30 minutes). Rinse and refill to MAX when prompted.',
      'Alarms. "Insert brew unit": the brew unit is missing or not locked. "Fill tank": the tank is empty or seated badly. "Ground too fine": adjust the grinder one step coarser and run hot water.',
    ].join('\n\n'),
  },
  {
    product_id: 'WSH-MIE-WEG675-2022', product_name: 'Miele WEG 675 WCS TwinDos 8 kg Washing Machine', brand: 'Miele', category: 'washers',
    specifications: { 'Model number': 'WEG675 WCS', Capacity: '8 kg', 'Spin speed': '1400 rpm', 'Energy class': 'A', 'Noise level': '72 dB (spin)', Dosing: 'TwinDos automatic detergent dosing', Programmes: 20, Warranty: '2 years; 10-year parts availability' },
    faq_answers: [
      'TwinDos doses UltraPhase 1 and 2 detergent automatically; one cartridge set lasts about 20 washes.',
      'Delivery includes installation and removal of the old machine; the transit bolts must be removed before first use.',
      'Fault F13 means the drain is blocked: clean the drain filter behind the lower front flap.',
    ],
    return_policy_excerpt: 'Large appliance: returns within 14 days must be booked for collection; a $79 collection fee applies unless faulty.',
    stock_status: 'preorder', price: 1349, currency: 'USD', locale: 'en-US', updated_at: '2025-02-01T00:00:00Z',
    manual: [
      'Installation. Remove the three transit bolts on the back (the washer will be damaged if it spins with them in). Level the machine with the adjustable feet so it does not move during spin. Connect the cold-water inlet hose and hang the drain hose at least 60 cm high.',
      'TwinDos. Insert UltraPhase 1 in compartment 1 and UltraPhase 2 in compartment 2, then activate TwinDos in the settings. The display shows when a cartridge is nearly empty.',
      'Fault codes. F10: water intake problem — check the tap is open and the inlet filter is clean. F13: drain fault — clean the drain filter. F34: door lock fault — close the door firmly and restart. Waterproof: the Waterproof System cuts the water supply if a leak is detected; call service.',
    ].join('\n\n'),
  },
];
