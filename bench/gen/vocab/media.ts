// Phones, audio, cameras and TVs.
import { int, pick } from '../rng';
import {
  batteryHours, colour, COLOURS, connectivity, faqFixed, faqOn, oneOf, spec, t, units, warrantyYears, weightG,
  weightKg, type CategoryDef,
} from './types';

export const phones: CategoryDef = {
  id: 'phones', prefix: 'PH', price: [179, 1599],
  noun: t('Smartphone', '智能手机', '스마트폰'),
  adjectives: [t('5G', '5G', '5G'), t('Foldable', '折叠屏', '폴더블'), t('Pro', 'Pro', '프로')],
  brands: [
    { name: t('Samsung', '三星', '삼성'), code: 'SAM', series: [t('Galaxy S', 'Galaxy S', '갤럭시 S'), t('Galaxy A', 'Galaxy A', '갤럭시 A'), t('Galaxy Z Flip', 'Galaxy Z Flip', '갤럭시 Z 플립')] },
    { name: t('Xiaomi', '小米', '샤오미'), code: 'XIA', series: [t('Redmi Note', '红米 Note', '레드미 노트'), t('Mi', '小米数字', '미')] },
    { name: t('Google'), code: 'GOO', series: [t('Pixel', 'Pixel', '픽셀')] },
    { name: t('OnePlus', '一加', '원플러스'), code: 'ONE', series: [t('Nord'), t('Ace')] },
    { name: t('Huawei', '华为', '화웨이'), code: 'HUA', series: [t('Mate'), t('nova'), t('Pura')] },
  ],
  specs: [
    spec(t('Display', '屏幕', '디스플레이'), (r) => `${pick(r, [6.1, 6.4, 6.7, 6.8])}" AMOLED ${pick(r, [90, 120])} Hz`),
    oneOf(t('Chipset', '芯片', '칩셋'), ['Snapdragon 8 Gen 3', 'Dimensity 9300', 'Tensor G4', 'Exynos 2400', 'Snapdragon 7s Gen 2']),
    spec(t('RAM', '运行内存', '메모리'), (r) => `${pick(r, [6, 8, 12, 16])} GB`),
    oneOf(t('Storage', '存储', '저장 용량'), ['128 GB', '256 GB', '512 GB', '1 TB']),
    units(t('Battery capacity', '电池容量', '배터리 용량'), 4000, 6000, 'mAh', 100),
    units(t('Wired charging', '有线快充', '유선 충전'), 25, 120, 'W', 5),
    spec(t('Main camera', '主摄', '메인 카메라'), (r) => `${pick(r, [48, 50, 108, 200])} MP, OIS`),
    oneOf(t('Water resistance', '防水等级', '방수 등급'), ['IP68', 'IP67', 'IP54']),
    oneOf(t('SIM', 'SIM 卡', 'SIM'), ['Dual nano-SIM', 'nano-SIM + eSIM']),
    weightG(168, 240),
    oneOf(t('Wireless charging', '无线充电', '무선 충전'), [t('15 W Qi2', '15W Qi2', '15W Qi2'), t('Not supported', '不支持', '미지원')]),
    oneOf(t('Software updates', '系统更新', '소프트웨어 업데이트'), [t('7 years', '7 年', '7년'), t('4 years', '4 年', '4년'), t('3 years', '3 年', '3년')]),
    colour(COLOURS),
    warrantyYears,
  ],
  faqs: [
    faqOn('Water resistance', (v) => [`Rated ${v}. Water damage is not covered by the warranty, so avoid swimming with it.`, `防水等级 ${v}。进水损坏不在保修范围内，请勿游泳时使用。`, `${v} 등급입니다. 침수 손상은 보증 대상이 아니니 수영 시 사용하지 마세요.`]),
    faqOn('Wired charging', (v) => [`It supports ${v} wired charging; the charger is not included in the box.`, `支持 ${v} 有线快充；包装内不含充电器。`, `${v} 유선 충전을 지원하며 충전기는 별도 구매입니다.`]),
    faqOn('Software updates', (v) => [`The manufacturer promises ${v} of OS and security updates from launch.`, `厂商承诺自发布起提供 ${v}的系统与安全更新。`, `출시일부터 ${v}간 OS·보안 업데이트를 제공합니다.`]),
    faqFixed(['The phone is carrier-unlocked and works on all major US networks including 5G.', '本机为全网通版本，支持国内三大运营商 5G。', '자급제 모델로 국내 모든 통신사 5G를 지원합니다.']),
  ],
  common: ['phone battery', 'android phone', '5g phone camera', 'phone case charger'],
};

export const headphones: CategoryDef = {
  id: 'headphones', prefix: 'HP', price: [29, 549],
  noun: t('Headphones', '耳机', '헤드폰'),
  adjectives: [t('Noise Cancelling', '降噪', '노이즈 캔슬링'), t('Wireless', '无线', '무선'), t('True Wireless', '真无线', '완전 무선'), t('Over-Ear', '头戴式', '오버이어')],
  brands: [
    { name: t('Sony', '索尼', '소니'), code: 'SON', series: [t('WH'), t('WF'), t('ULT Wear')] },
    { name: t('Bose', '博士', '보스'), code: 'BOS', series: [t('QuietComfort'), t('Ultra Open')] },
    { name: t('Sennheiser', '森海塞尔', '젠하이저'), code: 'SEN', series: [t('Momentum'), t('Accentum'), t('HD')] },
    { name: t('JBL'), code: 'JBL', series: [t('Tune'), t('Live'), t('Tour')] },
    { name: t('Huawei', '华为', '화웨이'), code: 'HUA', series: [t('FreeBuds')] },
  ],
  specs: [
    oneOf(t('Type', '类型', '형태'), [t('Over-ear', '头戴式', '오버이어'), t('In-ear', '入耳式', '인이어'), t('On-ear', '贴耳式', '온이어')]),
    oneOf(t('Noise cancelling', '主动降噪', '노이즈 캔슬링'), [t('Adaptive ANC', '自适应主动降噪', '적응형 ANC'), t('ANC', '主动降噪', 'ANC'), t('None', '无', '없음')]),
    batteryHours(6, 60),
    connectivity(['Bluetooth 5.3, multipoint', 'Bluetooth 5.2', 'Bluetooth 5.3 + 3.5 mm', 'Bluetooth 5.4, LE Audio']),
    oneOf(t('Codecs', '音频编码', '코덱'), ['SBC, AAC, LDAC', 'SBC, AAC', 'SBC, AAC, aptX Adaptive']),
    units(t('Driver', '单元尺寸', '드라이버'), 6, 40, 'mm', 2),
    weightG(5, 320),
    oneOf(t('Water resistance', '防水等级', '방수 등급'), ['IPX4', 'IP54', t('None', '无', '없음')]),
    spec(t('Quick charge', '快充', '고속 충전'), (r) => {
      const m = pick(r, [3, 5, 10]);
      const h = pick(r, [1, 3, 5]);
      return [`${m} min for ${h} h`, `充电 ${m} 分钟听歌 ${h} 小时`, `${m}분 충전으로 ${h}시간`];
    }),
    oneOf(t('Microphones', '麦克风', '마이크'), [t('6 beamforming mics', '6 麦克风波束成形', '빔포밍 마이크 6개'), t('2 mics', '双麦克风', '마이크 2개')]),
    oneOf(t('Charging port', '充电接口', '충전 단자'), ['USB-C', 'USB-C + Qi wireless case']),
    colour(COLOURS.slice(0, 5)),
    warrantyYears,
  ],
  faqs: [
    faqOn('Battery life', (v) => [`Battery life is ${v} with noise cancelling on; switching ANC off adds roughly 20%.`, `开启降噪续航${v}，关闭降噪约可延长两成。`, `ANC 켠 상태로 ${v}, 끄면 약 20% 늘어납니다.`]),
    faqOn('Connectivity', (v) => [`${v}: it can stay connected to a laptop and a phone at the same time.`, `${v}：可同时连接电脑和手机。`, `${v}: 노트북과 휴대폰에 동시에 연결됩니다.`]),
    faqFixed(['For hygiene reasons opened earbuds can only be returned if faulty; over-ear models follow the normal policy.', '出于卫生原因，已拆封入耳式耳机仅在故障时可退；头戴式按常规政策。', '위생상 개봉한 이어버드는 불량일 때만 반품되며 오버이어는 일반 정책을 따릅니다.']),
    faqOn('Water resistance', (v) => [`Rated ${v}: fine for sweat and light rain, not for swimming.`, `防水 ${v}：可防汗防小雨，不可游泳。`, `${v} 등급: 땀과 가벼운 비는 괜찮지만 수영은 안 됩니다.`]),
  ],
  common: ['noise cancelling headphones', 'wireless earbuds', 'bluetooth headset battery', 'headphones microphone'],
};

export const speakers: CategoryDef = {
  id: 'speakers', prefix: 'SPK', price: [39, 899],
  noun: t('Speaker', '音箱', '스피커'),
  adjectives: [t('Portable', '便携', '포터블'), t('Smart', '智能', '스마트'), t('Waterproof', '防水', '방수')],
  brands: [
    { name: t('JBL'), code: 'JBL', series: [t('Flip'), t('Charge'), t('PartyBox')] },
    { name: t('Sonos'), code: 'SNS', series: [t('Era'), t('Roam'), t('Move')] },
    { name: t('Bose', '博士', '보스'), code: 'BOS', series: [t('SoundLink')] },
    { name: t('Marshall', '马歇尔', '마샬'), code: 'MAR', series: [t('Emberton'), t('Stanmore'), t('Acton')] },
  ],
  specs: [
    units(t('Output power', '输出功率', '출력'), 10, 240, 'W', 10),
    batteryHours(10, 30),
    connectivity(['Bluetooth 5.3', 'Wi‑Fi + Bluetooth, AirPlay 2', 'Bluetooth 5.1 + AUX']),
    oneOf(t('Water resistance', '防水等级', '방수 등급'), ['IP67', 'IPX4', t('None', '无', '없음')]),
    oneOf(t('Voice assistant', '语音助手', '음성 비서'), ['Alexa', 'Google Assistant', t('None', '无', '없음')]),
    oneOf(t('Frequency response', '频率响应', '주파수 응답'), ['50 Hz – 20 kHz', '45 Hz – 20 kHz', '60 Hz – 20 kHz']),
    weightKg(0.5, 12),
    oneOf(t('Stereo pairing', '立体声配对', '스테레오 페어링'), [t('Yes, two units', '支持双机', '2대 페어링'), t('Party mode, up to 100 speakers', '派对模式，最多 100 台', '파티 모드 최대 100대')]),
    oneOf(t('Charging', '充电', '충전'), ['USB-C 20 W', 'USB-C PD 45 W', t('Mains powered', '插电使用', '전원 연결형')]),
    oneOf(t('Microphone', '麦克风', '마이크'), [t('Speakerphone', '支持免提通话', '스피커폰'), t('None', '无', '없음')]),
    oneOf(t('Drivers', '扬声器单元', '드라이버'), [t('1 woofer + 2 tweeters', '1 低音 + 2 高音', '우퍼 1 + 트위터 2'), t('Full-range + passive radiator', '全频 + 被动辐射器', '풀레인지 + 패시브 라디에이터')]),
    colour(COLOURS.slice(0, 5)),
    warrantyYears,
  ],
  faqs: [
    faqOn('Water resistance', (v) => [`Rated ${v}; it survives a drop in the pool but rinse it with fresh water afterwards.`, `防水等级 ${v}；掉入泳池后请用清水冲洗。`, `${v} 등급이며 수영장에 빠졌다면 맑은 물로 헹궈 주세요.`]),
    faqOn('Battery life', (v) => [`Battery life is ${v} at medium volume; at full volume expect about half.`, `中等音量续航${v}，最大音量约一半。`, `중간 볼륨 ${v}, 최대 볼륨이면 절반 정도입니다.`]),
    faqOn('Stereo pairing', (v) => [`Stereo pairing: ${v}, set up from the companion app.`, `立体声配对：${v}，可在 App 中设置。`, `스테레오 페어링: ${v}, 전용 앱에서 설정합니다.`]),
  ],
  common: ['bluetooth speaker', 'waterproof speaker', 'portable speaker battery', 'smart speaker'],
};

export const cameras: CategoryDef = {
  id: 'cameras', prefix: 'CAM', price: [299, 3999],
  noun: t('Camera', '相机', '카메라'),
  adjectives: [t('Mirrorless', '微单', '미러리스'), t('Compact', '便携', '컴팩트'), t('Action', '运动', '액션')],
  brands: [
    { name: t('Canon', '佳能', '캐논'), code: 'CAN', series: [t('EOS R'), t('PowerShot')] },
    { name: t('Sony', '索尼', '소니'), code: 'SON', series: [t('Alpha', 'Alpha', '알파'), t('ZV')] },
    { name: t('Fujifilm', '富士', '후지필름'), code: 'FUJ', series: [t('X-T'), t('X-S'), t('X100')] },
    { name: t('GoPro'), code: 'GOP', series: [t('HERO')] },
    { name: t('DJI', '大疆', 'DJI'), code: 'DJI', series: [t('Osmo Action'), t('Osmo Pocket')] },
  ],
  specs: [
    spec(t('Sensor', '传感器', '센서'), (r) => `${pick(r, [24.2, 26.1, 33, 40.2, 45])} MP ${pick(r, ['APS-C', 'full-frame', '1-inch'])}`),
    oneOf(t('Video', '视频', '동영상'), ['4K 60p', '4K 120p', '6.2K 30p', '1080p 240p']),
    oneOf(t('Stabilisation', '防抖', '손떨림 보정'), [t('5-axis IBIS', '五轴机身防抖', '5축 바디 손떨림 보정'), t('Electronic', '电子防抖', '전자식'), t('Lens only', '镜头防抖', '렌즈 보정')]),
    oneOf(t('Lens mount', '卡口', '마운트'), ['RF', 'E-mount', 'X-mount', t('Fixed lens', '定焦镜头', '고정 렌즈')]),
    spec(t('Battery life', '电池续航', '배터리 사용 시간'), (r) => {
      const s = int(r, 25, 80) * 10;
      return [`about ${s} shots (CIPA)`, `约 ${s} 张（CIPA）`, `약 ${s}컷 (CIPA)`];
    }),
    oneOf(t('Viewfinder', '取景器', '뷰파인더'), ['OLED EVF 3.69M dots', 'OLED EVF 2.36M dots', t('None', '无', '없음')]),
    oneOf(t('Screen', '屏幕', '화면'), [t('3" vari-angle touch', '3 英寸翻转触摸屏', '3인치 가변형 터치'), t('3" tilting', '3 英寸翻折屏', '3인치 틸트')]),
    oneOf(t('Memory card', '存储卡', '메모리 카드'), ['SD UHS-II', 'CFexpress B + SD', 'microSD']),
    weightG(150, 780),
    oneOf(t('Weather sealing', '防尘防滴', '방진방적'), [t('Yes', '有', '있음'), t('No', '无', '없음')]),
    units(t('Burst speed', '连拍速度', '연사 속도'), 8, 40, 'fps', 2),
    connectivity(['Wi‑Fi + Bluetooth', 'Wi‑Fi 6 + Bluetooth 5', 'USB-C tethering']),
    warrantyYears,
  ],
  faqs: [
    faqOn('Video', (v) => [`It records ${v}; continuous 4K recording stops after about 30 minutes to protect the sensor from heat.`, `支持 ${v} 录制；为防过热，4K 连续录制约 30 分钟会自动停止。`, `${v} 촬영이 되며 발열 보호로 4K 연속 촬영은 약 30분에서 멈춥니다.`]),
    faqOn('Lens mount', (v) => [`The ${v} mount accepts adapters for older lenses; autofocus speed depends on the adapter.`, `${v} 卡口可转接老镜头，对焦速度取决于转接环。`, `${v} 마운트는 어댑터로 구형 렌즈를 쓸 수 있으나 AF 속도는 어댑터에 따라 다릅니다.`]),
    faqFixed(['The kit includes a battery, USB-C cable and strap; the charger and memory card are sold separately.', '套装含电池、USB-C 线和背带；充电器与存储卡需另购。', '배터리, USB-C 케이블, 스트랩이 포함되며 충전기와 메모리 카드는 별매입니다.']),
  ],
  common: ['mirrorless camera', 'camera battery', 'vlog camera', '4k video camera'],
};

export const tvs: CategoryDef = {
  id: 'tvs', prefix: 'TV', price: [249, 4999],
  noun: t('TV', '电视', 'TV'),
  adjectives: [t('4K OLED', '4K OLED', '4K OLED'), t('QLED', 'QLED', 'QLED'), t('Mini-LED', 'Mini LED', '미니 LED'), t('Smart', '智能', '스마트')],
  brands: [
    { name: t('LG', 'LG', 'LG'), code: 'LGE', series: [t('OLED evo', 'OLED evo', '올레드 에보'), t('QNED')] },
    { name: t('Samsung', '三星', '삼성'), code: 'SAM', series: [t('Neo QLED', 'Neo QLED', '네오 QLED'), t('The Frame', 'The Frame', '더 프레임'), t('Crystal UHD')] },
    { name: t('Sony', '索尼', '소니'), code: 'SON', series: [t('Bravia', '精锐', '브라비아')] },
    { name: t('TCL'), code: 'TCL', series: [t('C'), t('QM')] },
    { name: t('Hisense', '海信', '하이센스'), code: 'HIS', series: [t('U8'), t('E7')] },
  ],
  specs: [
    spec(t('Screen size', '屏幕尺寸', '화면 크기'), (r) => `${pick(r, [43, 50, 55, 65, 75, 85, 98])}"`),
    oneOf(t('Panel', '面板', '패널'), ['OLED', 'QLED', 'Mini-LED', 'LED']),
    oneOf(t('Resolution', '分辨率', '해상도'), ['3840×2160 (4K)', '7680×4320 (8K)']),
    spec(t('Refresh rate', '刷新率', '주사율'), (r) => `${pick(r, [60, 120, 144])} Hz`),
    oneOf(t('HDR formats', 'HDR 格式', 'HDR 포맷'), ['Dolby Vision, HDR10, HLG', 'HDR10+, HLG', 'Dolby Vision IQ, HDR10+']),
    oneOf(t('Smart platform', '智能系统', '스마트 플랫폼'), ['webOS', 'Tizen', 'Google TV', 'VIDAA']),
    oneOf(t('HDMI', 'HDMI', 'HDMI'), ['4× HDMI 2.1', '2× HDMI 2.1 + 2× HDMI 2.0', '3× HDMI 2.0']),
    units(t('Audio output', '音频功率', '음향 출력'), 20, 70, 'W', 10),
    oneOf(t('VESA mount', 'VESA 壁挂', 'VESA 마운트'), ['300 × 300 mm', '400 × 300 mm', '200 × 200 mm']),
    weightKg(8, 45),
    spec(t('Power', '功率', '소비 전력'), (r) => `${int(r, 9, 40) * 10} W`),
    oneOf(t('Energy class', '能效等级', '에너지 등급'), ['F', 'G', 'E']),
    warrantyYears,
  ],
  faqs: [
    faqOn('VESA mount', (v) => [`It fits any ${v} VESA wall bracket; the bracket is not included. Wall installation can be booked at checkout.`, `兼容 ${v} VESA 壁挂架（不含）；下单时可预约上门安装。`, `${v} VESA 벽걸이 브래킷에 맞으며(별매) 주문 시 설치를 예약할 수 있습니다.`]),
    faqOn('HDMI', (v) => [`${v}; 4K 120 Hz gaming works on the HDMI 2.1 ports with ALLM and VRR.`, `${v}；HDMI 2.1 接口支持 4K 120Hz、ALLM 与 VRR。`, `${v}; HDMI 2.1 단자에서 4K 120Hz, ALLM, VRR을 지원합니다.`]),
    faqFixed(['Screens larger than 65" are delivered by a two-person team who unbox it and take the packaging away.', '65 英寸以上电视由两名师傅送货上门、开箱验机并带走包装。', '65인치 이상은 기사 2명이 배송·개봉 후 포장재를 수거합니다.']),
    faqFixed(['Panel burn-in is covered for 2 years on OLED models when normal viewing settings are used.', 'OLED 机型在正常使用下屏幕烧屏保修 2 年。', 'OLED 모델은 일반 사용 시 번인을 2년간 보증합니다.']),
  ],
  common: ['4k tv', 'smart tv wall mount', 'oled tv', 'tv hdmi'],
};
