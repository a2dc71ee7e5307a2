// Spec values the demo model name implies (earbuds are in-ear, gaming laptops have discrete graphics, a
// GoPro has no viewfinder ...), applied over the randomly drawn vocabulary values.
import { t, type Lang, type Tri } from '../vocab/types';

type Rule = readonly [category: string, model: RegExp, enKey: string, value: Tri | string];

const RULES: readonly Rule[] = [
  ['headphones', /\b(WF-|Earbuds|Buds|FreeBuds|Elite 10|Live Beam|버즈|耳机$)/i, 'Type', t('In-ear', '入耳式', '인이어')],
  ['headphones', /\b(WH-|Headphones|Momentum 4|Accentum|Tour One|Tune 770|DT 770|ATH-|Space Q45|Aonic|头戴)/i, 'Type', t('Over-ear', '头戴式', '오버이어')],
  ['headphones', /DT 770/i, 'Noise cancelling', t('None', '无', '없음')],
  ['headphones', /DT 770/i, 'Connectivity', '3.5 mm wired'],
  ['laptops', /(Legion|ROG|Omen|拯救者|Zephyrus)/i, 'Graphics', 'NVIDIA RTX 4070 8 GB'],
  ['laptops', /(XPS 13|Zenbook 14|Swift Go|Yoga Slim|Surface Laptop|Framework|gram|그램|MateBook X|灵耀)/i, 'Graphics', t('Integrated', '集成显卡', '내장 그래픽')],
  ['laptops', /Surface Laptop 7/i, 'Processor', 'Snapdragon X Plus'],
  ['cameras', /(GoPro|HERO|Osmo|PowerShot)/i, 'Viewfinder', t('None', '无', '없음')],
  ['cameras', /(GoPro|HERO|Osmo|PowerShot|X100)/i, 'Lens mount', t('Fixed lens', '定焦镜头', '고정 렌즈')],
  ['cameras', /(EOS R|Z6|Zf|Alpha 7|X-T5|X-S20|S5)/i, 'Stabilisation', t('5-axis IBIS', '五轴机身防抖', '5축 바디 손떨림 보정')],
  ['cameras', /(EOS R|Alpha 7|Z6|Zf|S5|Alpha 6700|X-T5)/i, 'Viewfinder', 'OLED EVF 3.69M dots'],
  ['cameras', /EOS R/i, 'Lens mount', 'RF'],
  ['cameras', /(Alpha|ZV-)/i, 'Lens mount', 'E-mount'],
  ['cameras', /(X-T5|X-S20)/i, 'Lens mount', 'X-mount'],
  ['cameras', /(Z6|Zf)/i, 'Lens mount', 'Z-mount'],
  ['cameras', /S5/i, 'Lens mount', 'L-mount'],
  ['tvs', /OLED/i, 'Panel', 'OLED'],
  ['tvs', /(Mini-LED|Mini LED|QM8|U8N|QN90D)/i, 'Panel', 'Mini-LED'],
  ['tvs', /(Neo QLED|The Frame|QNED|C805|E7N)/i, 'Panel', 'QLED'],
  ['mice', /(Superlight|DeathAdder|Basilisk|Aerox|Dark Core|炼狱蝰蛇)/i, 'Connectivity', '2.4 GHz wireless'],
  ['mice', /(M720|Pebble|M350|Magic Mouse|M650)/i, 'Sensor', '4000 DPI optical'],
  ['keyboards', /(MX Keys|K380|Magic Keyboard|Ergonomic Keyboard)/i, 'Switches', 'Scissor'],
  ['vacuums', /(Roborock|Roomba|Deebot|Robot|地宝|G20S|Q Revo)/i, 'Navigation', 'LiDAR'],
  ['vacuums', /(Dyson|Stratos|Detect Pro|Triflex|ONEPWR|코드제로)/i, 'Navigation', t('Manual', '手动', '수동')],
  ['vacuums', /(Dyson|Stratos|Detect Pro|Triflex|ONEPWR|코드제로)/i, 'Mopping', t('None', '无', '없음')],
  ['coffee-machines', /(Nespresso|Vertuo|Essenza|Dedica|Bambino)/i, 'Grinder', t('None', '无', '없음')],
  ['coffee-machines', /(Magnifica|Eletta|LatteGo|Jura|Melitta|Evidence|Oracle|Barista Express|ECAM|마그니피카)/i, 'Grinder', t('Conical steel burr, 13 settings', '锥形钢刀盘，13 档', '코니컬 버 13단계')],
  ['jackets', /(Down|Nuptse|Nano Puff|Cerium|羽绒)/i, 'Insulation', t('700-fill goose down', '700 蓬松度鹅绒', '700 필파워 구스다운')],
  ['jackets', /(Rain|Torrentshell|Beta AR|Watertight|BlockTech)/i, 'Insulation', t('None (shell)', '无（单层）', '없음(쉘)')],
  ['shoes', /(GTX|GORE-TEX)/i, 'Waterproof', 'GORE-TEX'],
  ['shoes', /(Speedgoat|Speedcross)/i, 'Use', t('Trail running', '越野跑', '트레일 러닝')],
  ['shoes', /(Adios Pro|飞电|Rebel)/i, 'Use', t('Race day', '竞速比赛', '레이스')],
];

/** The value a rule imposes on `enKey` for this model, in the product's language (undefined: keep the draw). */
export function impliedSpec(category: string, model: string, enKey: string, lang: Lang): string | undefined {
  let out: string | undefined;
  for (const [cat, re, key, value] of RULES) {
    if (cat === category && key === enKey && re.test(model)) out = typeof value === 'string' ? value : value[lang];
  }
  return out;
}
