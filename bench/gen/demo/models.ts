// Real-ish model lines of the demo catalog, per category: [brand, model, year]. Specs, FAQs and policies
// are drawn from the category vocabulary with a fixed seed (see build.ts), names and SKUs come from here.
export type ModelLine = readonly [brand: string, model: string, year: number];

export const EN_MODELS: Record<string, readonly ModelLine[]> = {
  laptops: [
    ['Dell', 'XPS 14 9440', 2024], ['Dell', 'XPS 13 9340', 2024], ['Dell', 'Latitude 7450', 2024], ['Dell', 'Inspiron 16 Plus 7640', 2024],
    ['HP', 'EliteBook 840 G11', 2024], ['HP', 'Spectre x360 14', 2024], ['HP', 'Pavilion Aero 13', 2023], ['HP', 'Omen Transcend 14', 2024],
    ['Lenovo', 'Yoga Slim 7i Gen 9', 2024], ['Lenovo', 'ThinkPad T14s Gen 5', 2024], ['Lenovo', 'Legion Pro 5i Gen 9', 2024], ['Lenovo', 'IdeaPad Slim 5 14', 2023],
    ['ASUS', 'Zenbook 14 OLED UX3405', 2024], ['ASUS', 'ROG Zephyrus G14 GA403', 2024], ['ASUS', 'Vivobook S 15 S5507', 2024],
    ['Microsoft', 'Surface Laptop 7 13.8"', 2024], ['Lenovo', 'ThinkPad E14 Gen 6', 2024], ['Dell', 'Latitude 5450', 2024], ['Acer', 'Swift Go 14 SFG14-73', 2024], ['Framework', 'Laptop 13 (Intel Core Ultra)', 2024],
  ],
  phones: [
    ['Samsung', 'Galaxy S24 Ultra', 2024], ['Samsung', 'Galaxy S24', 2024], ['Samsung', 'Galaxy A55 5G', 2024], ['Samsung', 'Galaxy Z Flip6', 2024],
    ['Google', 'Pixel 9 Pro', 2024], ['Google', 'Pixel 8a', 2024], ['OnePlus', '12', 2024], ['OnePlus', 'Nord 4', 2024],
    ['Motorola', 'edge 50 pro', 2024], ['Motorola', 'moto g power 5G (2024)', 2024], ['Nothing', 'Phone (2a)', 2024], ['Sony', 'Xperia 1 VI', 2024],
    ['Xiaomi', 'Redmi Note 13 Pro 5G', 2024], ['Fairphone', '5', 2023], ['Samsung', 'Galaxy S23 FE', 2023], ['Google', 'Pixel 7a', 2023],
  ],
  tablets: [
    ['Samsung', 'Galaxy Tab S9 FE', 2023], ['Samsung', 'Galaxy Tab S9 Ultra', 2023], ['Samsung', 'Galaxy Tab A9+', 2023], ['Lenovo', 'Tab P12', 2023],
    ['Lenovo', 'Tab M11', 2024], ['Xiaomi', 'Pad 6', 2023], ['Microsoft', 'Surface Pro 11th Edition', 2024], ['Amazon', 'Fire HD 10 (2023)', 2023],
    ['OnePlus', 'Pad 2', 2024], ['Google', 'Pixel Tablet', 2023],
    ['Samsung', 'Galaxy Tab S10+', 2024], ['Amazon', 'Fire Max 11', 2023], ['Xiaomi', 'Redmi Pad Pro', 2024],
  ],
  headphones: [
    ['Sony', 'WH-1000XM5', 2022], ['Sony', 'WF-1000XM5', 2023], ['Sony', 'WH-CH720N', 2023], ['Bose', 'QuietComfort Ultra Headphones', 2023],
    ['Bose', 'QuietComfort Ultra Earbuds', 2023], ['Sennheiser', 'Momentum 4 Wireless', 2022], ['Sennheiser', 'Accentum Plus', 2024],
    ['JBL', 'Tour One M2', 2023], ['JBL', 'Tune 770NC', 2023], ['JBL', 'Live Beam 3', 2024], ['Jabra', 'Elite 10 Gen 2', 2024],
    ['Beyerdynamic', 'DT 770 Pro 80 Ohm', 2021], ['Audio-Technica', 'ATH-M50xBT2', 2022], ['Anker', 'Soundcore Space Q45', 2023],
    ['Shure', 'Aonic 50 Gen 2', 2023],
  ],
  speakers: [
    ['JBL', 'Flip 6', 2022], ['JBL', 'Charge 5', 2021], ['JBL', 'PartyBox 310', 2022], ['Sonos', 'Era 100', 2023], ['Sonos', 'Roam 2', 2024],
    ['Sonos', 'Move 2', 2023], ['Bose', 'SoundLink Flex (2nd Gen)', 2024], ['Bose', 'SoundLink Max', 2024], ['Marshall', 'Emberton III', 2024],
    ['Marshall', 'Stanmore III', 2022], ['Ultimate Ears', 'BOOM 4', 2024], ['Bang & Olufsen', 'Beosound A1 2nd Gen', 2022],
    ['Sonos', 'Five', 2020], ['JBL', 'Go 4', 2024], ['Anker', 'Soundcore Motion 300', 2023],
  ],
  monitors: [
    ['Dell', 'UltraSharp U2724DE', 2023], ['Dell', 'S2722QC', 2022], ['Dell', 'Alienware AW3423DWF', 2023], ['LG', 'UltraGear 27GR95QE-B', 2023],
    ['LG', 'UltraFine 32UN880-B Ergo', 2021], ['Samsung', 'Odyssey OLED G8 G80SD', 2024], ['Samsung', 'ViewFinity S8 S80PB', 2023],
    ['BenQ', 'PD2706U', 2023], ['BenQ', 'MOBIUZ EX2710Q', 2022], ['ASUS', 'ProArt PA278CV', 2021], ['Gigabyte', 'M27Q X', 2022],
    ['AOC', '24G2SP', 2022], ['MSI', 'MAG 274UPF', 2023],
  ],
  keyboards: [
    ['Logitech', 'MX Keys S', 2023], ['Logitech', 'MX Mechanical Mini', 2022], ['Logitech', 'K380 Multi-Device', 2019], ['Logitech', 'G915 TKL', 2020],
    ['Keychron', 'Q1 Max', 2024], ['Keychron', 'K3 Pro', 2023], ['Keychron', 'V1 Max', 2024], ['Razer', 'BlackWidow V4 Pro', 2023],
    ['Razer', 'Huntsman V3 Pro TKL', 2023], ['Corsair', 'K70 RGB Pro', 2022], ['Apple', 'Magic Keyboard with Touch ID', 2021],
    ['Microsoft', 'Ergonomic Keyboard', 2019], ['NuPhy', 'Air75 V2', 2023], ['Logitech', 'Wave Keys', 2023],
  ],
  mice: [
    ['Logitech', 'MX Anywhere 3S', 2023], ['Logitech', 'Lift Vertical Ergonomic', 2022], ['Logitech', 'G Pro X Superlight 2', 2023],
    ['Logitech', 'M720 Triathlon', 2017], ['Logitech', 'Pebble Mouse 2 M350s', 2022], ['Razer', 'DeathAdder V3 Pro', 2022],
    ['Razer', 'Basilisk V3', 2021], ['Microsoft', 'Bluetooth Ergonomic Mouse', 2021], ['Apple', 'Magic Mouse', 2021],
    ['Corsair', 'Dark Core RGB Pro SE', 2020], ['SteelSeries', 'Aerox 3 Wireless', 2022],
  ],
  cameras: [
    ['Canon', 'EOS R6 Mark II', 2022], ['Canon', 'EOS R50', 2023], ['Canon', 'PowerShot V10', 2023], ['Sony', 'Alpha 7 IV', 2021],
    ['Sony', 'ZV-E10 II', 2024], ['Sony', 'Alpha 6700', 2023], ['Fujifilm', 'X-T5', 2022], ['Fujifilm', 'X100VI', 2024],
    ['Fujifilm', 'X-S20', 2023], ['Nikon', 'Z6III', 2024], ['Nikon', 'Zf', 2023], ['GoPro', 'HERO12 Black', 2023],
    ['DJI', 'Osmo Action 4', 2023], ['DJI', 'Osmo Pocket 3', 2023], ['Panasonic', 'LUMIX S5IIX', 2023],
  ],
  tvs: [
    ['LG', 'OLED evo C4 65"', 2024], ['LG', 'OLED evo G4 55"', 2024], ['LG', 'QNED85 75"', 2023], ['Samsung', 'Neo QLED QN90D 65"', 2024],
    ['Samsung', 'The Frame LS03D 55"', 2024], ['Samsung', 'Crystal UHD DU7200 50"', 2024], ['Sony', 'Bravia 8 OLED 65"', 2024],
    ['Sony', 'Bravia 7 Mini-LED 75"', 2024], ['TCL', 'QM8 Mini-LED 85"', 2023], ['TCL', 'C805 55"', 2023], ['Hisense', 'U8N 65"', 2024],
    ['Hisense', 'E7N Pro 55"', 2024], ['Philips', 'OLED809 55"', 2024],
  ],
  washers: [
    ['Bosch', 'Serie 6 WGG244F9GB 9 kg', 2023], ['Bosch', 'Serie 8 WAX32GH1GB 10 kg', 2022], ['LG', 'F4V909WTSE TurboWash 9 kg', 2023],
    ['Samsung', 'Bespoke AI WW11DB8B95GB 11 kg', 2024], ['Samsung', 'WW90T534DAW 9 kg', 2021], ['Miele', 'WWD320 WCS 8 kg', 2022],
    ['Electrolux', 'EW7F3946LB 9 kg', 2022], ['Beko', 'B5W5841AW 8 kg', 2023], ['Whirlpool', 'FFD 9448 BV 9 kg', 2021],
    ['Haier', 'I-Pro Series 7 HW100-B14979 10 kg', 2023], ['AEG', '7000 Series LFR74944UD', 2023],
  ],
  fridges: [
    ['Samsung', 'Bespoke RB38C7B6AS9 Fridge Freezer', 2023], ['Samsung', 'Family Hub RF65A977FSR', 2022], ['LG', 'InstaView GSXV91BSAE', 2023],
    ['LG', 'GBB72PZUGN Fridge Freezer', 2023], ['Bosch', 'Serie 4 KGN39VLCTG', 2023], ['Bosch', 'Serie 6 KGN49AIBT', 2023],
    ['Haier', 'Cube 90 HTF-540DGG7', 2022], ['Liebherr', 'CNsfd 5723 Plus', 2023], ['Fisher & Paykel', 'RF610ADUX5', 2022],
    ['Hisense', 'RF632N4WIE1 French Door', 2023], ['Beko', 'CNG4692VPS', 2023],
  ],
  vacuums: [
    ['Dyson', 'V15 Detect Absolute', 2023], ['Dyson', 'Gen5detect', 2024], ['Dyson', 'V8 Advanced', 2022], ['Shark', 'Stratos IZ400UKT', 2022],
    ['Shark', 'Detect Pro IW3611UK', 2023], ['Roborock', 'S8 MaxV Ultra', 2024], ['Roborock', 'Q Revo', 2023], ['Ecovacs', 'Deebot T30 Omni', 2024],
    ['iRobot', 'Roomba Combo j9+', 2023], ['Xiaomi', 'Robot Vacuum X20+', 2024], ['Miele', 'Triflex HX2 Pro', 2022], ['Vax', 'ONEPWR Blade 5', 2022],
  ],
  'air-purifiers': [
    ['Philips', 'Series 3000i AC3033/30', 2022], ['Philips', 'PureProtect Mini 900 Series AC0920', 2023], ['Coway', 'Airmega 250', 2021],
    ['Coway', 'Airmega AP-1512HH Mighty', 2020], ['Blueair', 'Blue Pure 211i Max', 2023], ['Blueair', 'HealthProtect 7470i', 2021],
    ['Levoit', 'Core 400S', 2021], ['Levoit', 'Core 300S', 2021], ['Levoit', 'Vital 200S', 2022], ['Dyson', 'Purifier Cool TP07', 2021], ['Winix', 'Zero Pro', 2022],
    ['Xiaomi', 'Smart Air Purifier 4 Pro', 2022],
  ],
  'coffee-machines': [
    ["De'Longhi", 'Magnifica Evo ECAM290.61.B', 2022], ["De'Longhi", 'Dedica Style EC685.M', 2019], ["De'Longhi", 'Eletta Explore ECAM450.86.T', 2023],
    ['Breville', 'Barista Express Impress BES876', 2022], ['Breville', 'Bambino Plus BES500', 2019], ['Nespresso', 'Vertuo Next', 2020],
    ['Nespresso', 'Essenza Mini EN85', 2018], ['Philips', '5400 Series LatteGo EP5447/90', 2022], ['Sage', 'The Oracle Jet', 2024],
    ['Jura', 'E8 (EC)', 2023], ['Melitta', 'Barista TS Smart', 2021], ['Krups', 'Evidence One EA895N', 2021],
  ],
  jackets: [
    ['The North Face', "Men's 1996 Retro Nuptse Jacket", 2023], ['The North Face', "Women's Antora Rain Jacket", 2023],
    ['Patagonia', "Men's Torrentshell 3L Rain Jacket", 2023], ['Patagonia', "Women's Nano Puff Hoody", 2023], ['Patagonia', "Men's Down Sweater", 2023],
    ["Arc'teryx", 'Beta AR Jacket', 2024], ["Arc'teryx", 'Atom Hoody', 2023], ["Arc'teryx", 'Cerium Down Hoody', 2023],
    ['Uniqlo', 'Ultra Light Down Jacket', 2024], ['Uniqlo', 'BlockTech Parka', 2023], ['Columbia', 'Omni-Heat Infinity Marquam Peak Fusion', 2023],
    ['Columbia', 'Watertight II Jacket', 2022], ['Rab', 'Microlight Alpine Down Jacket', 2023], ["Fjällräven", 'Expedition Pack Down Hoodie', 2022],
  ],
  shoes: [
    ['Nike', 'Pegasus 41', 2024], ['Nike', 'Vomero 17', 2024], ['Nike', 'Invincible 3', 2023], ['Adidas', 'Ultraboost Light', 2023],
    ['Adidas', 'Adizero Adios Pro 3', 2023], ['ASICS', 'Gel-Kayano 31', 2024], ['ASICS', 'Novablast 4', 2024], ['ASICS', 'Gel-Nimbus 26', 2024],
    ['New Balance', 'Fresh Foam X 1080v14', 2024], ['New Balance', 'FuelCell Rebel v4', 2024], ['Hoka', 'Clifton 9', 2023],
    ['Hoka', 'Speedgoat 6 GTX', 2024], ['Brooks', 'Ghost 16', 2024], ['Brooks', 'Glycerin 21', 2024], ['Saucony', 'Endorphin Speed 4', 2024], ['Salomon', 'Speedcross 6 GORE-TEX', 2023], ['On', 'Cloudmonster 2', 2024],
  ],
};

/** [category, brand (local script), brand code, model name (local), year]. */
export type LocalLine = readonly [category: string, brand: string, code: string, model: string, year: number];

export const ZH_MODELS: readonly LocalLine[] = [
  ['laptops', '华为', 'HUA', 'MateBook X Pro 2024 酷睿 Ultra 轻薄笔记本', 2024], ['laptops', '联想', 'LEN', '小新 Pro 14 2024 锐龙版', 2024],
  ['laptops', '联想', 'LEN', '拯救者 Y9000P 2024 游戏本', 2024], ['laptops', '华硕', 'ASU', '灵耀 14 2024 OLED', 2024],
  ['phones', '小米', 'XIA', '14 Ultra 徕卡影像旗舰', 2024], ['phones', '华为', 'HUA', 'Mate 60 Pro', 2023], ['phones', '一加', 'ONE', 'Ace 3', 2024],
  ['phones', '红米', 'XIA', 'K70 至尊版', 2024], ['tablets', '华为', 'HUA', 'MatePad Pro 13.2 英寸', 2023], ['tablets', '小米', 'XIA', '平板 6S Pro 12.4', 2024],
  ['headphones', '华为', 'HUA', 'FreeBuds Pro 3 无线降噪耳机', 2023], ['headphones', '索尼', 'SON', 'WH-1000XM5 头戴式降噪耳机', 2022],
  ['speakers', '小米', 'XIA', '小爱音箱 Pro', 2022], ['monitors', '小米', 'XIA', 'Redmi 27 英寸 4K 显示器', 2023],
  ['keyboards', '罗技', 'LOG', 'K855 无线机械键盘', 2023], ['mice', '罗技', 'LOG', 'M650 无线静音鼠标', 2022], ['mice', '雷蛇', 'RAZ', '炼狱蝰蛇 V3 专业版', 2022],
  ['cameras', '大疆', 'DJI', 'Osmo Pocket 3 一英寸口袋云台相机', 2023], ['cameras', '佳能', 'CAN', 'EOS R50 微单相机', 2023],
  ['tvs', '海信', 'HIS', 'E8N Pro 65 英寸 Mini LED 电视', 2024], ['tvs', '小米', 'XIA', '电视 S Pro 85 英寸', 2024],
  ['washers', '美的', 'MID', '元气轻氧 10 公斤滚筒洗衣机 MG100V58WT', 2023], ['washers', '海尔', 'HAI', '精华洗 EG100MATE81SU1 洗烘一体机', 2023],
  ['fridges', '海尔', 'HAI', 'BCD-510WGHTD14SXU1 十字对开门冰箱', 2023], ['fridges', '美的', 'MID', 'BCD-521WSPZM 微晶冰箱', 2023],
  ['vacuums', '石头', 'ROB', 'G20S 扫拖机器人', 2024], ['vacuums', '科沃斯', 'ECO', '地宝 X2 Pro', 2023], ['air-purifiers', '小米', 'XIA', '米家空气净化器 4 Pro', 2022],
  ['coffee-machines', '德龙', 'DLG', 'ECAM22.110.B 全自动咖啡机', 2021], ['shoes', '李宁', 'LNG', '飞电 4 Ultra 竞速跑鞋', 2024],
  ['jackets', '波司登', 'BSD', '极寒系列 鹅绒羽绒服', 2023],
];

export const KO_MODELS: readonly LocalLine[] = [
  ['laptops', 'LG전자', 'LGE', '그램 16 16Z90S 노트북', 2024], ['laptops', '삼성전자', 'SAM', '갤럭시 북4 프로 NT960XGQ', 2024],
  ['phones', '삼성전자', 'SAM', '갤럭시 S24 울트라 자급제', 2024], ['phones', '삼성전자', 'SAM', '갤럭시 Z 폴드6', 2024],
  ['tablets', '삼성전자', 'SAM', '갤럭시 탭 S9 FE', 2023], ['headphones', '삼성전자', 'SAM', '갤럭시 버즈3 프로', 2024],
  ['monitors', 'LG전자', 'LGE', '울트라기어 27GR95QE OLED 모니터', 2023], ['tvs', 'LG전자', 'LGE', '올레드 에보 OLED65C4 TV', 2024],
  ['washers', 'LG전자', 'LGE', '트롬 오브제컬렉션 워시타워 W20WANA', 2023], ['washers', '삼성전자', 'SAM', '비스포크 그랑데 AI 세탁기 WF24B9600KW', 2023],
  ['fridges', '삼성전자', 'SAM', '비스포크 4도어 냉장고 RF85C90D1AP', 2023], ['air-purifiers', '코웨이', 'COW', '노블 공기청정기 AP-1523E', 2023],
  ['vacuums', 'LG전자', 'LGE', '코드제로 A9S 무선청소기', 2023], ['coffee-machines', '드롱기', 'DLG', '마그니피카 에보 전자동 커피머신', 2022],
  ['shoes', '휠라', 'FIL', '뉴트로 러닝화 인터런', 2023],
];
