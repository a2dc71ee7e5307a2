// Apparel: jackets and shoes (sizes, materials, care instructions instead of electronics specs).
import { pick } from '../rng';
import { colour, faqFixed, faqOn, oneOf, spec, t, weightG, type CategoryDef } from './types';

const APPAREL_COLOURS = [
  t('Black', '黑色', '블랙'), t('Navy', '藏青色', '네이비'), t('Olive', '橄榄绿', '올리브'), t('Sand', '沙色', '샌드'),
  t('Burgundy', '酒红色', '버건디'), t('Grey heather', '麻灰', '그레이 헤더'),
];

export const jackets: CategoryDef = {
  id: 'jackets', prefix: 'JKT', price: [49, 699],
  noun: t('Jacket', '夹克', '재킷'),
  adjectives: [t('Waterproof', '防水', '방수'), t('Down', '羽绒', '다운'), t('Softshell', '软壳', '소프트쉘'), t('Insulated', '保暖', '보온')],
  brands: [
    { name: t('The North Face', '北面', '노스페이스'), code: 'TNF', series: [t('Nuptse'), t('Summit'), t('Antora')] },
    { name: t('Patagonia', '巴塔哥尼亚', '파타고니아'), code: 'PAT', series: [t('Torrentshell'), t('Nano Puff'), t('Down Sweater')] },
    { name: t("Arc'teryx", '始祖鸟', '아크테릭스'), code: 'ARC', series: [t('Beta'), t('Atom'), t('Cerium')] },
    { name: t('Uniqlo', '优衣库', '유니클로'), code: 'UNI', series: [t('Ultra Light Down', '高级轻型羽绒', '울트라 라이트 다운'), t('BlockTech', 'BlockTech', '블록테크')] },
    { name: t('Columbia', '哥伦比亚', '컬럼비아'), code: 'COL', series: [t('Omni-Heat'), t('Watertight')] },
  ],
  specs: [
    oneOf(t('Shell material', '面料', '겉감'), [t('100% recycled nylon', '100% 再生尼龙', '재생 나일론 100%'), t('Polyester ripstop', '涤纶格子布', '폴리에스터 립스탑'), t('3-layer GORE-TEX', '三层 GORE-TEX', '3레이어 고어텍스')]),
    oneOf(t('Insulation', '填充物', '충전재'), [t('700-fill goose down', '700 蓬松度鹅绒', '700 필파워 구스다운'), t('Synthetic PrimaLoft', 'PrimaLoft 合成棉', '프리마로프트 합성 충전재'), t('None (shell)', '无（单层）', '없음(쉘)')]),
    oneOf(t('Waterproof rating', '防水指数', '방수 등급'), ['10,000 mm', '20,000 mm', '28,000 mm', t('Water-repellent (DWR)', '泼水处理（DWR）', '발수 처리(DWR)')]),
    oneOf(t('Fit', '版型', '핏'), [t('Regular fit', '常规版型', '레귤러 핏'), t('Relaxed fit', '宽松版型', '릴랙스 핏'), t('Slim fit', '修身版型', '슬림 핏')]),
    oneOf(t('Sizes', '尺码', '사이즈'), ['XS–XXL', 'S–XXXL', 'XS–XL']),
    spec(t('Size chart (chest, M)', '尺码表（M 胸围）', '사이즈표(M 가슴둘레)'), (r) => `${pick(r, [96, 100, 104, 108])} cm`),
    weightG(240, 980),
    oneOf(t('Hood', '帽子', '후드'), [t('Adjustable, helmet-compatible', '可调节，可容纳头盔', '조절형, 헬멧 호환'), t('Stowable', '可收纳', '수납형'), t('None', '无', '없음')]),
    oneOf(t('Pockets', '口袋', '주머니'), [t('2 zip hand pockets, 1 chest', '2 个拉链手袋 + 1 个胸袋', '지퍼 손주머니 2, 가슴 1'), t('2 hand pockets', '2 个手袋', '손주머니 2')]),
    oneOf(t('Care', '洗涤说明', '세탁 방법'), [t('Machine wash 30 °C, tumble dry low', '30°C 机洗，低温烘干', '30°C 세탁기, 저온 건조'), t('Hand wash only', '仅可手洗', '손세탁만')]),
    oneOf(t('Packable', '可收纳', '패커블'), [t('Packs into its own pocket', '可收进自身口袋', '자체 주머니에 수납'), t('No', '否', '아니요')]),
    colour(APPAREL_COLOURS),
  ],
  faqs: [
    faqOn('Size chart (chest, M)', (v) => [`Size M fits a ${v} chest; if you are between sizes and layer a fleece underneath, size up.`, `M 码胸围 ${v}；介于两个尺码之间且内搭抓绒时建议选大一码。`, `M 사이즈 가슴둘레는 ${v}이며 중간 사이즈에 플리스를 겹쳐 입으면 한 치수 크게 고르세요.`]),
    faqFixed(['Free size exchanges within 30 days if the tags are still attached and it has not been worn outdoors.', '吊牌完好且未外穿，30 天内可免费换码。', '택이 있고 외부 착용하지 않았다면 30일 내 무료 사이즈 교환됩니다.']),
    faqOn('Care', (v) => [`Care: ${v}. Re-apply DWR spray once a season to keep water beading.`, `洗涤：${v}。每季补喷一次防泼水剂。`, `세탁: ${v}. 시즌마다 발수 스프레이를 다시 뿌려 주세요.`]),
    faqOn('Waterproof rating', (v) => [`Waterproof rating ${v}: enough for steady rain; seams are fully taped.`, `防水指数 ${v}：可应对持续降雨，接缝全压胶。`, `방수 ${v}: 계속 내리는 비에도 충분하며 봉제선이 실링되어 있습니다.`]),
  ],
  common: ['waterproof jacket', 'winter jacket size', 'rain jacket hood', 'down jacket warm'],
};

export const shoes: CategoryDef = {
  id: 'shoes', prefix: 'SHO', price: [39, 259],
  noun: t('Shoes', '鞋', '신발'),
  adjectives: [t('Running', '跑步', '러닝'), t('Trail', '越野', '트레일'), t('Walking', '健步', '워킹'), t('Waterproof', '防水', '방수')],
  brands: [
    { name: t('Nike', '耐克', '나이키'), code: 'NKE', series: [t('Pegasus', '飞马', '페가수스'), t('Vomero', 'Vomero', '보메로')] },
    { name: t('Adidas', '阿迪达斯', '아디다스'), code: 'ADI', series: [t('Ultraboost'), t('Adizero')] },
    { name: t('ASICS', '亚瑟士', '아식스'), code: 'ASI', series: [t('Gel-Kayano'), t('Novablast')] },
    { name: t('Li-Ning', '李宁', '리닝'), code: 'LNG', series: [t('Feidian', '飞电', '페이뎬'), t('Chitu', '赤兔', '츠투')] },
    { name: t('New Balance', '新百伦', '뉴발란스'), code: 'NBL', series: [t('Fresh Foam'), t('FuelCell')] },
  ],
  specs: [
    oneOf(t('Upper', '鞋面', '갑피'), [t('Engineered mesh', '工程网布', '엔지니어드 메시'), t('Knit', '针织', '니트'), t('Leather', '皮革', '가죽')]),
    oneOf(t('Midsole', '中底', '미드솔'), [t('Nitrogen-infused foam', '氮气发泡中底', '질소 주입 폼'), t('EVA', 'EVA', 'EVA'), t('PEBA with carbon plate', 'PEBA + 碳板', 'PEBA + 카본 플레이트')]),
    spec(t('Drop', '足跟差', '드롭'), (r) => `${pick(r, [4, 6, 8, 10, 12])} mm`),
    weightG(180, 340),
    oneOf(t('Sizes', '尺码', '사이즈'), ['US 6–13', 'EU 36–47', 'US 5–12 (half sizes)']),
    oneOf(t('Width', '鞋楦宽度', '발볼'), [t('Standard (D)', '标准', '보통(D)'), t('Wide (2E)', '宽楦', '넓은 발볼(2E)')]),
    oneOf(t('Outsole', '大底', '아웃솔'), [t('Rubber, multi-directional lugs', '多向齿橡胶大底', '다방향 러그 고무'), t('Blown rubber', '发泡橡胶', '블로운 러버')]),
    oneOf(t('Waterproof', '防水', '방수'), ['GORE-TEX', t('No', '否', '아니요')]),
    oneOf(t('Use', '适用场景', '용도'), [t('Daily training', '日常训练', '데일리 트레이닝'), t('Race day', '竞速比赛', '레이스'), t('Trail running', '越野跑', '트레일 러닝')]),
    oneOf(t('Insole', '鞋垫', '깔창'), [t('Removable, orthotic-friendly', '可拆卸，适配矫形鞋垫', '분리형, 교정 깔창 호환'), t('Fixed', '固定', '고정형')]),
    spec(t('Size chart (EU 42)', '尺码表（EU 42）', '사이즈표(EU 42)'), () => t('Foot length 26.5 cm', '脚长 26.5 厘米', '발길이 265mm')),
    colour(APPAREL_COLOURS),
  ],
  faqs: [
    faqOn('Width', (v) => [`Width: ${v}. They run true to size; runners between sizes usually go half a size up.`, `鞋楦：${v}。尺码标准，介于两码之间建议大半码。`, `발볼: ${v}. 정사이즈이며 중간 사이즈면 반 치수 크게 고르세요.`]),
    faqFixed(['Unworn shoes in the original box can be returned within 30 days; shoes worn outdoors cannot.', '未穿着且原盒包装的鞋 30 天内可退，穿出户外后不可退。', '착용하지 않고 원래 상자에 있으면 30일 내 반품 가능하며 외부 착용 시 불가합니다.']),
    faqOn('Drop', (v) => [`The ${v} heel-to-toe drop suits heel strikers and longer easy runs.`, `${v} 足跟差适合后跟着地及长距离慢跑。`, `${v} 드롭으로 뒤꿈치 착지와 장거리 조깅에 적합합니다.`]),
  ],
  common: ['running shoes size', 'waterproof trail shoes', 'wide running shoes', 'walking shoes'],
};
