// Home appliances: washers, fridges, vacuum cleaners, air purifiers, coffee machines.
import { int, pick } from '../rng';
import {
  colour, COLOURS, connectivity, dimensionsCm, faqFixed, faqOn, noiseDb, oneOf, powerW, spec, t, units,
  warrantyYears, weightKg, type CategoryDef,
} from './types';

const energyClass = oneOf(t('Energy class', '能效等级', '에너지 효율 등급'), ['A', 'A+++', 'B', t('Grade 1', '一级能效', '1등급')]);
const smart = connectivity(['Wi‑Fi app control', 'Wi‑Fi + voice assistant', 'None']);

export const washers: CategoryDef = {
  id: 'washers', prefix: 'WSH', price: [379, 1799],
  noun: t('Washing Machine', '滚筒洗衣机', '드럼 세탁기'),
  adjectives: [t('Front-Load', '前开式', '프론트 로드'), t('Washer-Dryer', '洗烘一体', '세탁 건조 일체형'), t('Compact', '小型', '소형')],
  brands: [
    { name: t('Bosch', '博世', '보쉬'), code: 'BSH', series: [t('Serie 6', '6 系', '시리즈 6'), t('Serie 8', '8 系', '시리즈 8')] },
    { name: t('LG', 'LG', 'LG'), code: 'LGE', series: [t('TurboWash', '蒸汽洗', '트롬')] },
    { name: t('Haier', '海尔', '하이얼'), code: 'HAI', series: [t('I-Pro', '精华洗', '아이프로')] },
    { name: t('Samsung', '三星', '삼성'), code: 'SAM', series: [t('Bespoke AI', 'Bespoke AI', '비스포크 AI 그랑데')] },
    { name: t('Midea', '美的', '미디어'), code: 'MID', series: [t('Lunar', '元气轻氧', '루나')] },
  ],
  specs: [
    units(t('Capacity', '洗涤容量', '세탁 용량'), 7, 13, 'kg'),
    spec(t('Spin speed', '脱水转速', '탈수 속도'), (r) => `${pick(r, [1200, 1400, 1600])} rpm`),
    energyClass,
    noiseDb(46, 74),
    oneOf(t('Programmes', '洗涤程序', '세탁 코스'), [14, 16, 22, 25]),
    oneOf(t('Motor', '电机', '모터'), [t('Inverter direct drive', '变频直驱电机', '인버터 DD 모터'), t('Brushless inverter', '无刷变频电机', 'BLDC 인버터')]),
    units(t('Water consumption', '耗水量', '물 사용량'), 42, 60, 'L per cycle'),
    dimensionsCm(55, 85),
    weightKg(58, 82),
    smart,
    oneOf(t('Steam', '蒸汽除菌', '스팀'), [t('Steam allergy care', '蒸汽除螨除菌', '스팀 알레르기 케어'), t('No', '无', '없음')]),
    oneOf(t('Delay start', '预约', '예약'), [t('Up to 24 h', '最长 24 小时', '최대 24시간'), t('Up to 19 h', '最长 19 小时', '최대 19시간')]),
    warrantyYears,
  ],
  faqs: [
    faqFixed(['Delivery includes connection to existing plumbing and removal of your old machine for a small fee; stacking kits are sold separately.', '送货可连接现有水管，旧机回收需少量费用；叠放架需另购。', '기존 배관 연결이 포함되며 폐가전 수거는 소액 유료, 직렬 설치 키트는 별매입니다.']),
    faqOn('Noise level', (v) => [`It runs at about ${v} during spin, quiet enough for an open-plan kitchen.`, `脱水时噪音约 ${v}，开放式厨房也不影响。`, `탈수 시 약 ${v}로 오픈형 주방에서도 조용합니다.`]),
    faqOn('Capacity', (v) => [`A ${v} drum fits a double duvet or a family's weekly load in two cycles.`, `${v} 容量可洗双人被，一家人一周衣物两次洗完。`, `${v} 용량으로 퀸 이불이나 가족 일주일 빨래를 두 번에 세탁합니다.`]),
    faqFixed(['Error E21 means the drain is blocked: clean the pump filter behind the lower front flap.', '显示 E21 表示排水堵塞，请清洁前下方盖板内的排水泵过滤器。', 'E21 오류는 배수 막힘이니 전면 하단 덮개 안의 배수 필터를 청소하세요.']),
  ],
  common: ['washing machine noise', 'front load washer', 'washer dryer capacity', 'quiet washing machine'],
};

export const fridges: CategoryDef = {
  id: 'fridges', prefix: 'FRG', price: [449, 3499],
  noun: t('Refrigerator', '冰箱', '냉장고'),
  adjectives: [t('French Door', '法式多门', '프렌치 도어'), t('Side-by-Side', '对开门', '양문형'), t('Fridge Freezer', '冷藏冷冻', '상냉장 하냉동')],
  brands: [
    { name: t('Samsung', '三星', '삼성'), code: 'SAM', series: [t('Bespoke', 'Bespoke', '비스포크'), t('Family Hub', 'Family Hub', '패밀리 허브')] },
    { name: t('LG', 'LG', 'LG'), code: 'LGE', series: [t('InstaView', 'InstaView', '디오스 오브제')] },
    { name: t('Haier', '海尔', '하이얼'), code: 'HAI', series: [t('Cube', '卡萨帝', '큐브')] },
    { name: t('Bosch', '博世', '보쉬'), code: 'BSH', series: [t('Serie 4', '4 系', '시리즈 4')] },
    { name: t('Midea', '美的', '미디어'), code: 'MID', series: [t('Smart Fresh', '微晶', '스마트 프레시')] },
  ],
  specs: [
    units(t('Total capacity', '总容积', '총 용량'), 280, 680, 'L', 10),
    units(t('Freezer capacity', '冷冻室容积', '냉동실 용량'), 80, 240, 'L', 10),
    energyClass,
    noiseDb(32, 42),
    oneOf(t('Cooling', '制冷方式', '냉각 방식'), [t('Frost-free, twin cooling', '风冷无霜，双循环', '무성에 트윈 쿨링'), t('No-frost multi-airflow', '多路送风无霜', '노프로스트 멀티 에어플로')]),
    oneOf(t('Water dispenser', '取水器', '정수기'), [t('Plumbed, with filter', '接水管，带滤芯', '직수형, 필터 포함'), t('Tank', '水箱', '물통형'), t('None', '无', '없음')]),
    oneOf(t('Ice maker', '制冰机', '제빙기'), [t('Automatic', '自动制冰', '자동 제빙'), t('None', '无', '없음')]),
    dimensionsCm(60, 185),
    weightKg(60, 135),
    smart,
    oneOf(t('Door hinge', '门铰链', '도어 방향'), [t('Reversible', '可换向', '좌우 변경 가능'), t('Fixed', '固定', '고정')]),
    oneOf(t('Climate class', '气候类型', '기후 등급'), ['SN-T', 'N-ST', 'SN-ST']),
    colour([t('Stainless steel', '不锈钢', '스테인리스'), t('Black steel', '黑钢', '블랙 스틸'), t('Glam white', '釉白', '글램 화이트')]),
    warrantyYears,
  ],
  faqs: [
    faqFixed(['The compressor carries a 10-year parts warranty; other parts follow the standard warranty.', '压缩机享 10 年零件保修，其他部件按标准保修。', '컴프레서 부품은 10년 보증, 나머지는 표준 보증입니다.']),
    faqOn('Dimensions', (v) => [`Dimensions are ${v}; leave 5 cm at the back and sides so the doors open fully.`, `尺寸 ${v}；背面和两侧请预留 5 厘米，门才能完全打开。`, `크기는 ${v}이며 뒤와 옆에 5cm를 띄워야 문이 완전히 열립니다.`]),
    faqFixed(['After delivery let it stand upright for 4 hours before switching on, then wait 24 hours before loading food.', '送达后请直立静置 4 小时再通电，24 小时后再放入食物。', '배송 후 4시간 세워 둔 뒤 전원을 켜고 24시간 후 음식을 넣으세요.']),
    faqOn('Water dispenser', (v) => [`Water dispenser: ${v}. Replace the filter every 6 months.`, `取水器：${v}。滤芯建议每 6 个月更换。`, `정수기: ${v}. 필터는 6개월마다 교체하세요.`]),
  ],
  common: ['fridge freezer', 'refrigerator ice maker', 'quiet fridge', 'fridge water filter'],
};

export const vacuums: CategoryDef = {
  id: 'vacuums', prefix: 'VAC', price: [129, 1299],
  noun: t('Vacuum Cleaner', '吸尘器', '청소기'),
  adjectives: [t('Cordless', '无线', '무선'), t('Robot', '扫地机器人', '로봇'), t('Stick', '手持', '스틱')],
  brands: [
    { name: t('Dyson', '戴森', '다이슨'), code: 'DYS', series: [t('V'), t('Gen5'), t('360 Vis Nav')] },
    { name: t('Roborock', '石头', '로보락'), code: 'ROB', series: [t('S'), t('Q Revo')] },
    { name: t('Ecovacs', '科沃斯', '에코백스'), code: 'ECO', series: [t('Deebot', '地宝', '디봇')] },
    { name: t('Xiaomi', '小米', '샤오미'), code: 'XIA', series: [t('Mijia', '米家', '미지아')] },
    { name: t('Shark', '鲨客', '샤크'), code: 'SHK', series: [t('Stratos'), t('Detect Pro')] },
  ],
  specs: [
    spec(t('Suction power', '吸力', '흡입력'), (r) => `${int(r, 15, 280) * 10} ${pick(r, ['Pa', 'AW'])}`),
    spec(t('Runtime', '续航时间', '사용 시간'), (r) => {
      const m = int(r, 6, 36) * 5;
      return [`up to ${m} minutes`, `最长 ${m} 分钟`, `최대 ${m}분`];
    }),
    units(t('Dust bin', '尘盒容量', '먼지통 용량'), 200, 760, 'ml', 20),
    oneOf(t('Filtration', '过滤系统', '필터'), [t('Whole-machine HEPA', '整机 HEPA 过滤', '전체 HEPA 여과'), t('Washable filter', '可水洗滤网', '물세척 필터')]),
    noiseDb(58, 82),
    oneOf(t('Navigation', '导航', '내비게이션'), ['LiDAR', t('Camera + AI obstacle avoidance', '摄像头 AI 避障', '카메라 AI 장애물 회피'), t('Manual', '手动', '수동')]),
    oneOf(t('Mopping', '拖地', '물걸레'), [t('Rotating mops, auto-lift', '旋转拖布，自动抬升', '회전 물걸레, 자동 리프트'), t('None', '无', '없음')]),
    oneOf(t('Charging time', '充电时间', '충전 시간'), ['3.5 h', '4.5 h', '5 h']),
    weightKg(1.4, 4.2),
    oneOf(t('Battery', '电池', '배터리'), [t('Removable', '可拆卸', '분리형'), t('Built-in', '内置', '내장형')]),
    oneOf(t('Self-emptying dock', '自动集尘', '자동 먼지 비움'), [t('Yes, 60 days', '支持，60 天', '있음, 60일'), t('No', '无', '없음')]),
    smart,
    warrantyYears,
  ],
  faqs: [
    faqOn('Runtime', (v) => [`Runtime is ${v} in eco mode; boost mode empties the battery in about a fifth of that.`, `节能模式续航${v}，强劲模式约为五分之一。`, `에코 모드 ${v}, 강력 모드는 약 1/5입니다.`]),
    faqOn('Battery', (v) => [`Battery: ${v}. Replacement batteries are sold in our accessories section and fit in seconds.`, `电池：${v}。配件区有售替换电池，安装只需几秒。`, `배터리: ${v}. 교체용 배터리는 액세서리 코너에서 판매합니다.`]),
    faqFixed(['Wash the filter monthly in cold water and let it dry for 24 hours; a wet filter reduces suction.', '滤网每月用冷水清洗并晾干 24 小时，潮湿滤网会降低吸力。', '필터는 매달 찬물로 씻고 24시간 말리세요. 젖은 필터는 흡입력을 떨어뜨립니다.']),
    faqFixed(['It handles pet hair on carpets; use the motorised mini tool for sofas.', '可清理地毯上的宠物毛发，沙发请用电动迷你刷头。', '카펫의 반려동물 털을 잘 빨아들이며 소파는 미니 모터 헤드를 쓰세요.']),
  ],
  common: ['cordless vacuum', 'robot vacuum mop', 'vacuum pet hair', 'vacuum battery'],
};

export const airPurifiers: CategoryDef = {
  id: 'air-purifiers', prefix: 'AIR', price: [89, 899],
  noun: t('Air Purifier', '空气净化器', '공기청정기'),
  adjectives: [t('HEPA', 'HEPA', 'HEPA'), t('Smart', '智能', '스마트'), t('Large Room', '大空间', '대형')],
  brands: [
    { name: t('Philips', '飞利浦', '필립스'), code: 'PHI', series: [t('Series 3000', '3000 系列', '3000 시리즈'), t('Series 800', '800 系列', '800 시리즈')] },
    { name: t('Coway', '科维', '코웨이'), code: 'COW', series: [t('Airmega', 'Airmega', '에어메가')] },
    { name: t('Xiaomi', '小米', '샤오미'), code: 'XIA', series: [t('Smart Air Purifier', '米家空气净化器', '스마트 공기청정기')] },
    { name: t('Blueair'), code: 'BLU', series: [t('Blue Pure'), t('HealthProtect')] },
    { name: t('Winix', 'Winix', '위닉스'), code: 'WIN', series: [t('Zero', 'Zero', '제로')] },
  ],
  specs: [
    spec(t('CADR', '洁净空气输出比率', 'CADR'), (r) => `${int(r, 15, 90) * 10} m³/h`),
    spec(t('Room size', '适用面积', '사용 면적'), (r) => `${int(r, 4, 16) * 5} m²`),
    oneOf(t('Filter', '滤网', '필터'), ['True HEPA H13', 'HEPA + activated carbon', 'HEPASilent']),
    spec(t('Filter life', '滤网寿命', '필터 수명'), (r) => {
      const mo = pick(r, [6, 9, 12, 18]);
      return [`${mo} months`, `${mo} 个月`, `${mo}개월`];
    }),
    noiseDb(20, 55),
    powerW(10, 70, 5),
    oneOf(t('Sensors', '传感器', '센서'), [t('PM2.5, VOC', 'PM2.5、VOC', 'PM2.5, VOC'), t('PM2.5 laser', 'PM2.5 激光', 'PM2.5 레이저'), t('PM2.5, humidity, temperature', 'PM2.5、湿度、温度', 'PM2.5, 습도, 온도')]),
    smart,
    oneOf(t('Night mode', '睡眠模式', '취침 모드'), [t('Yes, lights off', '支持，关灯', '지원, 조명 꺼짐'), t('Yes', '支持', '지원')]),
    weightKg(3, 11),
    dimensionsCm(22, 70),
    oneOf(t('Ozone emission', '臭氧排放', '오존 배출'), [t('Zero ozone', '零臭氧', '오존 0'), t('< 0.05 ppm', '< 0.05 ppm', '< 0.05 ppm')]),
    warrantyYears,
  ],
  faqs: [
    faqOn('Filter life', (v) => [`The filter lasts about ${v} with 12 hours of daily use; the app shows when to change it.`, `每天使用 12 小时，滤网约可用 ${v}，App 会提醒更换。`, `하루 12시간 사용 시 필터는 약 ${v} 쓰며 앱에서 교체 시기를 알려 줍니다.`]),
    faqOn('Noise level', (v) => [`In sleep mode it runs at ${v}, quieter than a whisper.`, `睡眠模式噪音 ${v}，比耳语还安静。`, `취침 모드에서 ${v}로 속삭임보다 조용합니다.`]),
    faqOn('Room size', (v) => [`Recommended for rooms up to ${v}; it cycles the air of such a room about 5 times an hour.`, `推荐面积 ${v}以内，每小时可循环约 5 次。`, `${v}까지 권장하며 시간당 약 5회 공기를 순환합니다.`]),
  ],
  common: ['air purifier filter', 'hepa air purifier', 'quiet air purifier bedroom', 'air purifier allergies'],
};

export const coffeeMachines: CategoryDef = {
  id: 'coffee-machines', prefix: 'COF', price: [59, 1899],
  noun: t('Coffee Machine', '咖啡机', '커피 머신'),
  adjectives: [t('Bean-to-Cup', '全自动', '전자동'), t('Espresso', '意式', '에스프레소'), t('Capsule', '胶囊', '캡슐')],
  brands: [
    { name: t("De'Longhi", '德龙', '드롱기'), code: 'DLG', series: [t('Magnifica', 'Magnifica', '마그니피카'), t('Dedica', 'Dedica', '데디카')] },
    { name: t('Breville', '铂富', '브레빌'), code: 'BRV', series: [t('Barista', 'Barista', '바리스타'), t('Bambino')] },
    { name: t('Nespresso', '奈斯派索', '네스프레소'), code: 'NES', series: [t('Vertuo', 'Vertuo', '버츄오'), t('Essenza')] },
    { name: t('Philips', '飞利浦', '필립스'), code: 'PHI', series: [t('LatteGo', 'LatteGo', '라떼고')] },
  ],
  specs: [
    units(t('Pump pressure', '泵压', '펌프 압력'), 9, 19, 'bar'),
    spec(t('Water tank', '水箱容量', '물탱크'), (r) => `${(int(r, 8, 22) / 10).toFixed(1)} L`),
    oneOf(t('Grinder', '研磨器', '그라인더'), [t('Conical steel burr, 13 settings', '锥形钢刀盘，13 档', '코니컬 버 13단계'), t('Ceramic burr', '陶瓷刀盘', '세라믹 버'), t('None', '无', '없음')]),
    oneOf(t('Milk system', '奶泡系统', '우유 시스템'), [t('Automatic milk carafe', '自动奶壶', '자동 우유 카라페'), t('Manual steam wand', '手动蒸汽棒', '수동 스팀 완드'), t('None', '无', '없음')]),
    powerW(1150, 1700, 50),
    oneOf(t('Drinks', '饮品种类', '메뉴 수'), [5, 8, 12, 16]),
    units(t('Bean hopper', '豆仓容量', '원두 용량'), 200, 400, 'g', 50),
    oneOf(t('Heating', '加热系统', '가열 방식'), ['Thermoblock', 'ThermoJet', t('Dual boiler', '双锅炉', '듀얼 보일러')]),
    noiseDb(60, 78),
    weightKg(3.5, 11),
    oneOf(t('Descaling', '除垢', '석회 제거'), [t('Automatic reminder', '自动提醒', '자동 알림'), t('Manual', '手动', '수동')]),
    oneOf(t('Auto-off', '自动关机', '자동 꺼짐'), [t('After 15 min', '15 分钟后', '15분 후'), t('Adjustable', '可调', '조절 가능')]),
    colour(COLOURS.slice(0, 4)),
    warrantyYears,
  ],
  faqs: [
    faqFixed(['Descale every 2–3 months with the supplied descaler; damage from limescale is not covered by the warranty.', '请每 2–3 个月用随附除垢剂除垢；水垢造成的损坏不在保修范围。', '2~3개월마다 동봉된 세정제로 석회를 제거하세요. 석회 손상은 보증되지 않습니다.']),
    faqOn('Milk system', (v) => [`Milk system: ${v}. The milk parts are dishwasher-safe.`, `奶泡系统：${v}。奶泡部件可放入洗碗机。`, `우유 시스템: ${v}. 우유 부품은 식기세척기 사용이 가능합니다.`]),
    faqFixed(['Opened machines that have brewed coffee can only be returned if faulty, because of food hygiene rules.', '出于食品卫生要求，已使用过的咖啡机仅在故障时可退。', '식품 위생 규정상 사용한 커피 머신은 불량일 때만 반품됩니다.']),
    faqOn('Pump pressure', (v) => [`The ${v} pump is ideal for espresso; pre-ground coffee works through the bypass doser.`, `${v} 泵压适合意式浓缩；也可通过旁路投入咖啡粉。`, `${v} 펌프로 에스프레소에 적합하며 분쇄 원두도 사용할 수 있습니다.`]),
  ],
  common: ['espresso machine', 'coffee machine milk frother', 'bean to cup coffee', 'descale coffee machine'],
};
