// Computing categories: laptops, tablets, monitors, keyboards, mice.
import { int, pick } from '../rng';
import {
  batteryHours, colour, COLOURS, connectivity, faqFixed, faqOn, oneOf, spec, t, units, warrantyYears, weightG,
  weightKg, type CategoryDef,
} from './types';

const displayInches = (sizes: readonly number[]) =>
  spec(t('Display size', '屏幕尺寸', '화면 크기'), (r) => `${pick(r, sizes)}"`);
const ram = (sizes: readonly number[]) =>
  spec(t('RAM', '内存', '메모리'), (r) => `${pick(r, sizes)} GB`);
const storage = (sizes: readonly string[]) => oneOf(t('Storage', '存储', '저장 용량'), sizes);

export const laptops: CategoryDef = {
  id: 'laptops', prefix: 'LP', price: [499, 3299],
  noun: t('Laptop', '笔记本电脑', '노트북'),
  adjectives: [t('Ultralight', '轻薄', '초경량'), t('Business', '商务', '비즈니스'), t('Gaming', '游戏', '게이밍'), t('2-in-1', '二合一', '2-in-1')],
  brands: [
    { name: t('Lenovo', '联想', '레노버'), code: 'LEN', series: [t('ThinkBook'), t('IdeaPad', '小新', '아이디어패드'), t('Legion', '拯救者', '리전'), t('ThinkPad', '昭阳', '씽크패드')] },
    { name: t('Dell', '戴尔', '델'), code: 'DEL', series: [t('Latitude', '成就', '래티튜드'), t('XPS'), t('Inspiron', '灵越', '인스피론')] },
    { name: t('HP', '惠普', 'HP'), code: 'HPQ', series: [t('EliteBook', '战', '엘리트북'), t('Pavilion', '星', '파빌리온'), t('Omen', '暗影精灵', '오멘')] },
    { name: t('ASUS', '华硕', '에이수스'), code: 'ASU', series: [t('ZenBook', '灵耀', '젠북'), t('VivoBook', '无畏', '비보북'), t('ROG Zephyrus', 'ROG 幻', 'ROG 제피러스')] },
    { name: t('Samsung', '三星', '삼성'), code: 'SAM', series: [t('Galaxy Book', 'Galaxy Book', '갤럭시 북')] },
    { name: t('Huawei', '华为', '화웨이'), code: 'HUA', series: [t('MateBook')] },
  ],
  specs: [
    oneOf(t('Processor', '处理器', '프로세서'), ['Intel Core Ultra 5 125U', 'Intel Core Ultra 7 155H', 'Intel Core i5-1335U', 'AMD Ryzen 7 7840U', 'AMD Ryzen 5 7530U', 'Snapdragon X Plus']),
    ram([8, 16, 16, 32, 64]),
    storage(['256 GB SSD', '512 GB SSD', '1 TB SSD', '2 TB SSD']),
    displayInches([13.3, 14, 14, 15.6, 16]),
    oneOf(t('Resolution', '分辨率', '해상도'), ['1920×1200', '2240×1400', '2880×1800 OLED', '2560×1600']),
    batteryHours(6, 18),
    weightKg(0.98, 2.4),
    oneOf(t('Ports', '接口', '포트'), ['2× USB-C, 1× USB-A, HDMI', '2× Thunderbolt 4, HDMI 2.1', '1× USB-C, 2× USB-A, SD card']),
    oneOf(t('Graphics', '显卡', '그래픽'), ['Integrated', 'Intel Arc', 'NVIDIA RTX 4050 6 GB', 'NVIDIA RTX 4070 8 GB']),
    oneOf(t('Operating system', '操作系统', '운영체제'), ['Windows 11 Home', 'Windows 11 Pro', 'FreeDOS']),
    units(t('Battery capacity', '电池容量', '배터리 용량'), 45, 99, 'Wh'),
    spec(t('Keyboard', '键盘', '키보드'), () => t('Backlit, spill-resistant', '背光，防泼溅', '백라이트, 생활 방수')),
    colour(COLOURS),
    warrantyYears,
  ],
  faqs: [
    faqOn('Battery life', (v) => [`Battery life is rated ${v} for video playback; heavy use with high brightness is typically 30–40% lower.`, `视频播放续航${v}；高亮度重度使用时一般会缩短三到四成。`, `동영상 재생 기준 ${v}이며, 밝기를 높여 많이 사용하면 30~40% 줄어듭니다.`]),
    faqOn('RAM', (v) => [`It ships with ${v} of memory. The memory is soldered to the board, so it cannot be upgraded later.`, `出厂内存为 ${v}，内存板载焊接，后期无法升级。`, `${v} 메모리가 탑재되어 있으며 온보드 방식이라 추후 업그레이드할 수 없습니다.`]),
    faqOn('Storage', (v) => [`The ${v} uses a standard M.2 2280 slot, so it can be replaced without voiding the warranty.`, `${v} 采用标准 M.2 2280 插槽，自行更换不影响保修。`, `${v}는 표준 M.2 2280 슬롯이라 교체해도 보증이 유지됩니다.`]),
    faqFixed(['Yes, Ubuntu 22.04 and newer run well; Wi‑Fi and suspend work out of the box.', '支持安装 Ubuntu 22.04 及以上版本，Wi‑Fi 与睡眠功能可直接使用。', 'Ubuntu 22.04 이상이 잘 동작하며 Wi‑Fi와 절전 모드도 바로 사용할 수 있습니다.']),
    faqOn('Ports', (v) => [`Ports: ${v}. It charges over any USB-C port with a 65 W or stronger charger.`, `接口：${v}。任一 USB-C 口接 65W 及以上充电器即可充电。`, `포트: ${v}. 65W 이상 충전기로 어느 USB-C 포트에서나 충전됩니다.`]),
  ],
  common: ['laptop battery', 'wireless laptop', 'lightweight notebook', 'laptop charger', 'student laptop'],
};

export const tablets: CategoryDef = {
  id: 'tablets', prefix: 'TB', price: [149, 1299],
  noun: t('Tablet', '平板电脑', '태블릿'),
  adjectives: [t('Pro', 'Pro', '프로'), t('Lite', '青春版', '라이트'), t('Kids', '儿童', '키즈')],
  brands: [
    { name: t('Samsung', '三星', '삼성'), code: 'SAM', series: [t('Galaxy Tab S', 'Galaxy Tab S', '갤럭시 탭 S'), t('Galaxy Tab A', 'Galaxy Tab A', '갤럭시 탭 A')] },
    { name: t('Xiaomi', '小米', '샤오미'), code: 'XIA', series: [t('Pad', '平板', '패드')] },
    { name: t('Lenovo', '联想', '레노버'), code: 'LEN', series: [t('Tab P', '小新 Pad', '탭 P')] },
    { name: t('Huawei', '华为', '화웨이'), code: 'HUA', series: [t('MatePad')] },
  ],
  specs: [
    displayInches([8.7, 10.1, 11, 12.4, 13]),
    ram([4, 6, 8, 12]),
    storage(['64 GB', '128 GB', '256 GB', '512 GB']),
    batteryHours(8, 16),
    weightG(320, 720),
    oneOf(t('Chipset', '芯片', '칩셋'), ['Snapdragon 8 Gen 2', 'MediaTek Dimensity 8300', 'Exynos 1380', 'Kirin 9000S']),
    oneOf(t('Refresh rate', '刷新率', '주사율'), ['60 Hz', '90 Hz', '120 Hz', '144 Hz']),
    oneOf(t('Stylus', '手写笔', '스타일러스'), [t('Included', '随附', '기본 포함'), t('Sold separately', '需另购', '별매')]),
    units(t('Battery capacity', '电池容量', '배터리 용량'), 5100, 10200, 'mAh', 100),
    oneOf(t('Cellular', '移动网络', '셀룰러'), [t('Wi‑Fi only', '仅 Wi‑Fi', 'Wi‑Fi 전용'), '5G', 'LTE']),
    oneOf(t('Expandable storage', '存储扩展', '저장 공간 확장'), [t('microSD up to 1 TB', '支持 microSD 最高 1 TB', 'microSD 최대 1TB'), t('No', '不支持', '미지원')]),
    colour(COLOURS),
    warrantyYears,
  ],
  faqs: [
    faqOn('Stylus', (v) => [`Stylus: ${v}. Any pen from the same series pairs magnetically along the side.`, `手写笔：${v}。同系列手写笔可磁吸在侧边配对。`, `스타일러스: ${v}. 같은 시리즈 펜은 측면에 자석으로 붙여 페어링합니다.`]),
    faqOn('Battery life', (v) => [`Battery life is ${v} of video playback; a full charge takes about 2 hours with the 45 W adapter.`, `视频播放续航${v}，使用 45W 充电器约 2 小时充满。`, `동영상 재생 ${v}이며 45W 어댑터로 약 2시간이면 완충됩니다.`]),
    faqFixed(['Split-screen multitasking works with two apps side by side plus one floating window.', '支持分屏，可同时并排运行两个应用并加一个悬浮窗。', '두 앱을 나란히 띄우고 플로팅 창 하나를 더 쓸 수 있습니다.']),
    faqOn('Cellular', (v) => [`Network: ${v}. The cellular models take a nano-SIM and eSIM.`, `网络：${v}。蜂窝版支持 nano-SIM 和 eSIM。`, `네트워크: ${v}. 셀룰러 모델은 나노 SIM과 eSIM을 지원합니다.`]),
  ],
  common: ['tablet for kids', 'tablet with pen', 'android tablet', 'tablet screen'],
};

export const monitors: CategoryDef = {
  id: 'monitors', prefix: 'MON', price: [119, 1499],
  noun: t('Monitor', '显示器', '모니터'),
  adjectives: [t('4K', '4K', '4K'), t('Curved', '曲面', '커브드'), t('Gaming', '电竞', '게이밍'), t('USB-C', 'USB-C', 'USB-C')],
  brands: [
    { name: t('Dell', '戴尔', '델'), code: 'DEL', series: [t('UltraSharp'), t('S Series', 'S 系列', 'S 시리즈')] },
    { name: t('LG', 'LG', 'LG'), code: 'LGE', series: [t('UltraFine'), t('UltraGear')] },
    { name: t('Samsung', '三星', '삼성'), code: 'SAM', series: [t('Odyssey', '玄龙骑士', '오디세이'), t('ViewFinity', 'ViewFinity', '뷰피니티')] },
    { name: t('BenQ', '明基', '벤큐'), code: 'BNQ', series: [t('PD'), t('MOBIUZ')] },
  ],
  specs: [
    spec(t('Screen size', '屏幕尺寸', '화면 크기'), (r) => `${pick(r, [24, 27, 27, 32, 34, 49])}"`),
    oneOf(t('Resolution', '分辨率', '해상도'), ['1920×1080', '2560×1440', '3840×2160', '3440×1440', '5120×1440']),
    oneOf(t('Panel type', '面板类型', '패널 종류'), ['IPS', 'VA', 'OLED', 'Nano IPS']),
    spec(t('Refresh rate', '刷新率', '주사율'), (r) => `${pick(r, [60, 75, 100, 144, 165, 240])} Hz`),
    oneOf(t('Response time', '响应时间', '응답 속도'), ['1 ms GtG', '4 ms GtG', '0.03 ms']),
    units(t('Brightness', '亮度', '밝기'), 250, 600, 'nits', 50),
    oneOf(t('HDR', 'HDR', 'HDR'), ['HDR10', 'DisplayHDR 400', 'DisplayHDR 600', 'DisplayHDR True Black 400']),
    oneOf(t('Inputs', '接口', '입력 단자'), ['2× HDMI 2.0, DisplayPort 1.4', 'HDMI 2.1, DisplayPort 1.4, USB-C 90 W', 'USB-C 65 W, HDMI, DP']),
    oneOf(t('Stand', '支架', '스탠드'), [t('Height, tilt, swivel, pivot', '升降、俯仰、旋转、竖屏', '높이·틸트·스위블·피벗'), t('Tilt only', '仅俯仰', '틸트만')]),
    oneOf(t('VESA mount', 'VESA 壁挂', 'VESA 마운트'), ['100 × 100 mm', '75 × 75 mm']),
    oneOf(t('Colour gamut', '色域', '색 영역'), ['99% sRGB', '95% DCI-P3', '98% DCI-P3', '72% NTSC']),
    weightKg(3.1, 9.8),
    warrantyYears,
  ],
  faqs: [
    faqOn('Inputs', (v) => [`Inputs: ${v}. A single USB-C cable carries video, data and laptop charging where listed.`, `接口：${v}。标注 USB-C 的型号可用一根线同时传输视频、数据并为笔记本充电。`, `입력 단자: ${v}. USB-C 모델은 케이블 하나로 영상·데이터·충전이 됩니다.`]),
    faqOn('VESA mount', (v) => [`Yes, it accepts a ${v} VESA arm after removing the stand; screws are in the box.`, `可以，拆下支架后兼容 ${v} VESA 支臂，包装内附螺丝。`, `네, 스탠드를 분리하면 ${v} VESA 암을 쓸 수 있으며 나사가 동봉됩니다.`]),
    faqFixed(['Our dead-pixel policy: one bright pixel or three dark pixels qualify for a free replacement within 30 days.', '坏点政策：30 天内出现 1 个亮点或 3 个暗点可免费换新。', '불량 화소 정책: 30일 이내 밝은 점 1개 또는 어두운 점 3개면 무상 교환됩니다.']),
    faqOn('Refresh rate', (v) => [`To get ${v} use DisplayPort or the HDMI cable in the box; older HDMI cables cap it at 60 Hz.`, `如需 ${v}，请使用 DP 或随附 HDMI 线；旧 HDMI 线只能到 60Hz。`, `${v}를 쓰려면 DP나 동봉된 HDMI 케이블을 쓰세요. 구형 HDMI는 60Hz까지입니다.`]),
  ],
  common: ['4k monitor', 'monitor stand', 'usb-c monitor', 'gaming monitor 144hz'],
};

export const keyboards: CategoryDef = {
  id: 'keyboards', prefix: 'KB', price: [29, 249],
  noun: t('Keyboard', '键盘', '키보드'),
  adjectives: [t('Mechanical', '机械', '기계식'), t('Wireless', '无线', '무선'), t('Low-profile', '矮轴', '로우 프로파일')],
  brands: [
    { name: t('Logitech', '罗技', '로지텍'), code: 'LOG', series: [t('MX Keys'), t('K'), t('G Pro')] },
    { name: t('Keychron'), code: 'KEY', series: [t('Q'), t('K'), t('V')] },
    { name: t('Razer', '雷蛇', '레이저'), code: 'RAZ', series: [t('BlackWidow', '黑寡妇', '블랙위도우'), t('Huntsman', '猎魂光蛛', '헌츠맨')] },
    { name: t('Leopold', 'Leopold', '레오폴드'), code: 'LEO', series: [t('FC')] },
  ],
  specs: [
    oneOf(t('Layout', '布局', '배열'), [t('Full-size (104 keys)', '全尺寸 104 键', '풀배열 104키'), t('TKL (87 keys)', '87 键', '텐키리스 87키'), t('75%', '75% 配列', '75% 배열'), t('65%', '65% 配列', '65% 배열')]),
    oneOf(t('Switches', '轴体', '스위치'), ['Gateron Brown', 'Cherry MX Red', 'Kailh Box White', 'Scissor', 'Optical Linear']),
    connectivity(['Bluetooth 5.1 + 2.4 GHz', 'USB-C wired', 'Bluetooth + USB-C wired', 'Logi Bolt + Bluetooth']),
    batteryHours(40, 300),
    oneOf(t('Backlight', '背光', '백라이트'), ['RGB', t('White', '白光', '화이트'), t('None', '无', '없음')]),
    oneOf(t('Hot-swappable', '热插拔', '핫스왑'), [t('Yes', '支持', '지원'), t('No', '不支持', '미지원')]),
    oneOf(t('Keycaps', '键帽', '키캡'), ['PBT double-shot', 'ABS', 'PBT dye-sub']),
    oneOf(t('Compatibility', '兼容系统', '호환성'), ['Windows, macOS, Linux', 'Windows, macOS, iPadOS, Android']),
    weightG(450, 1400),
    oneOf(t('Polling rate', '回报率', '폴링 레이트'), ['125 Hz', '1000 Hz', '8000 Hz']),
    oneOf(t('Multi-device', '多设备切换', '멀티 디바이스'), [t('3 devices', '3 台设备', '3대'), t('1 device', '1 台设备', '1대')]),
    colour(COLOURS.slice(0, 4)),
    warrantyYears,
  ],
  faqs: [
    faqOn('Compatibility', (v) => [`Works with ${v}; there is a Mac/Windows switch on the back that swaps the modifier keys.`, `兼容 ${v}；背面有 Mac/Windows 切换开关。`, `${v}와 호환되며 뒷면 스위치로 Mac/Windows 키 배열을 바꿉니다.`]),
    faqOn('Hot-swappable', (v) => [`Hot-swappable: ${v}. Replacing switches yourself does not void the warranty.`, `热插拔：${v}。自行更换轴体不影响保修。`, `핫스왑: ${v}. 스위치를 직접 교체해도 보증은 유지됩니다.`]),
    faqOn('Battery life', (v) => [`Battery life is ${v} with the backlight off; about a third of that with it on.`, `关闭背光续航${v}，开启背光约为三分之一。`, `백라이트를 끄면 ${v}, 켜면 약 1/3 수준입니다.`]),
  ],
  common: ['wireless keyboard', 'mechanical keyboard', 'keyboard for mac', 'quiet keyboard'],
};

export const mice: CategoryDef = {
  id: 'mice', prefix: 'MSE', price: [19, 169],
  noun: t('Mouse', '鼠标', '마우스'),
  adjectives: [t('Wireless', '无线', '무선'), t('Ergonomic', '人体工学', '인체공학'), t('Gaming', '电竞', '게이밍'), t('Silent', '静音', '저소음')],
  brands: [
    { name: t('Logitech', '罗技', '로지텍'), code: 'LOG', series: [t('MX Anywhere'), t('Lift'), t('G Pro X')] },
    { name: t('Razer', '雷蛇', '레이저'), code: 'RAZ', series: [t('DeathAdder', '炼狱蝰蛇', '데스애더'), t('Basilisk', '巴塞利斯蛇', '바실리스크')] },
    { name: t('Microsoft', '微软', '마이크로소프트'), code: 'MSF', series: [t('Surface Arc'), t('Bluetooth Ergonomic')] },
    { name: t('Xiaomi', '小米', '샤오미'), code: 'XIA', series: [t('Silent Mouse', '静音鼠标', '무소음 마우스')] },
  ],
  specs: [
    spec(t('Sensor', '传感器', '센서'), (r) => `${pick(r, [4000, 8000, 16000, 26000, 30000])} DPI optical`),
    connectivity(['Bluetooth + USB receiver', 'Bluetooth + Logi Bolt', '2.4 GHz wireless', 'USB-C wired']),
    spec(t('Battery life', '电池续航', '배터리 사용 시간'), (r) => {
      const d = int(r, 2, 24) * 5;
      return [`up to ${d} days`, `最长 ${d} 天`, `최대 ${d}일`];
    }),
    oneOf(t('Charging', '充电方式', '충전 방식'), ['USB-C', t('1× AA battery', '1 节 5 号电池', 'AA 건전지 1개')]),
    oneOf(t('Buttons', '按键数', '버튼 수'), [3, 5, 6, 7, 8]),
    weightG(58, 145),
    oneOf(t('Clicks', '按键声音', '클릭음'), [t('Quiet clicks (90% less noise)', '静音微动（降噪 90%）', '저소음 클릭(소음 90% 감소)'), t('Standard', '标准', '일반')]),
    oneOf(t('Hand orientation', '适用手型', '사용 손'), [t('Right-handed', '右手', '오른손'), t('Ambidextrous', '左右手通用', '양손')]),
    oneOf(t('Scroll wheel', '滚轮', '스크롤 휠'), [t('Electromagnetic, free-spin', '电磁滚轮，可无极滚动', '전자기식 무한 스크롤'), t('Notched', '段落式', '단계식')]),
    oneOf(t('Multi-device', '多设备切换', '멀티 디바이스'), [t('Easy-Switch, 3 devices', '一键切换 3 台设备', '이지 스위치 3대'), t('1 device', '1 台设备', '1대')]),
    oneOf(t('Tracking surface', '适用表面', '사용 가능 표면'), [t('Works on glass', '可在玻璃上使用', '유리 위에서도 작동'), t('Most surfaces', '大部分表面', '대부분의 표면')]),
    colour(COLOURS.slice(0, 4)),
    warrantyYears,
  ],
  faqs: [
    faqOn('Tracking surface', (v) => [`Tracking surface: ${v}. A mouse pad still gives the most precise tracking.`, `适用表面：${v}。使用鼠标垫精度最佳。`, `사용 가능 표면: ${v}. 마우스 패드에서 가장 정확합니다.`]),
    faqOn('Battery life', (v) => [`A full charge lasts ${v}; one minute of charging gives about three hours of use.`, `充满电可用${v}，充电 1 分钟可用约 3 小时。`, `완충 시 ${v} 사용, 1분 충전으로 약 3시간 사용할 수 있습니다.`]),
    faqFixed(['Yes, it works with macOS 12 and later; the Options+ app adds per-app button settings.', '支持 macOS 12 及以上，安装 Options+ 可按应用自定义按键。', 'macOS 12 이상에서 작동하며 Options+ 앱으로 앱별 버튼 설정이 됩니다.']),
    faqOn('Connectivity', (v) => [`Connection: ${v}. The receiver stores inside the mouse when you travel.`, `连接：${v}。接收器可收纳在鼠标内部。`, `연결: ${v}. 수신기는 마우스 안에 보관할 수 있습니다.`]),
  ],
  common: ['wireless mouse', 'quiet mouse', 'ergonomic mouse', 'mouse battery'],
};
