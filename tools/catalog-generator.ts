/**
 * Deterministic generator of realistic appliance-store catalog data.
 *
 * Pure: no I/O, no clock, no Math.random. The same `{ products, seed }` always yields the same
 * dataset (including the UUIDv7 product ids, whose timestamp and random bits come from the seeded
 * PRNG). Used for the committed demo store (tools/make-demo-catalog.ts), tests and benchmarks.
 */
import { UUID } from 'uuidv7';
import type {
  BrandData,
  CatalogDataset,
  CategoryData,
  DeliveryService,
  LocalizedText,
  ProductData,
  PromotionData,
  SpecDef,
  SpecValue,
} from '../electron/contract/catalog.ts';

export interface GenerateCatalogOptions {
  products: number;
  seed?: number;
  version?: string;
}

export const DEFAULT_CATALOG_SEED = 20261122;

// ---------------------------------------------------------------------------------------------
// PRNG: sfc32 seeded through splitmix32 (fast, 128-bit state, good statistical quality).

class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = Math.floor(Math.abs(seed)) >>> 0;
    const hi = Math.floor(Math.abs(seed) / 4294967296) >>> 0;
    const split = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s ^ hi;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = split();
    this.b = split();
    this.c = split();
    this.d = split();
    for (let i = 0; i < 12; i++) this.u32();
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Uniform float in [min, max). */
  range(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const v = items[Math.floor(this.next() * items.length)];
    if (v === undefined) throw new Error('pick from an empty list');
    return v;
  }

  /** Picks from `[value, weight]` pairs. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.next() * total;
    for (const [v, w] of items) {
      r -= w;
      if (r < 0) return v;
    }
    const last = items[items.length - 1];
    if (last === undefined) throw new Error('weighted pick from an empty list');
    return last[0];
  }

  /** `n` distinct items in random order (Fisher–Yates on a copy). */
  sample<T>(items: readonly T[], n: number): T[] {
    const copy = items.slice();
    const out: T[] = [];
    for (let i = 0; i < n && copy.length > 0; i++) {
      const j = Math.floor(this.next() * copy.length);
      const [v] = copy.splice(j, 1);
      if (v !== undefined) out.push(v);
    }
    return out;
  }

  letters(n: number, alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ'): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet.charAt(Math.floor(this.next() * alphabet.length));
    return s;
  }

  digits(n: number): string {
    return this.letters(n, '0123456789');
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

const t = (zh: string, en: string): LocalizedText => ({ zh, en });

const U = {
  L: t('升', 'L'),
  kg: t('公斤', 'kg'),
  hp: t('匹', 'HP'),
  inch: t('英寸', 'in'),
  mm: t('毫米', 'mm'),
  dB: t('分贝', 'dB'),
  rpm: t('转/分钟', 'rpm'),
  sqm: t('平方米', 'm²'),
  W: t('瓦', 'W'),
  kW: t('千瓦', 'kW'),
  Hz: t('赫兹', 'Hz'),
  GB: t('GB', 'GB'),
  Pa: t('帕', 'Pa'),
  m3min: t('立方米/分钟', 'm³/min'),
  m3h: t('立方米/小时', 'm³/h'),
  Lmin: t('升/分钟', 'L/min'),
  sets: t('套', 'place settings'),
  min: t('分钟', 'min'),
  celsius: t('℃', '°C'),
  kWhDay: t('千瓦时/24小时', 'kWh/24 h'),
  kWhCycle: t('千瓦时/次', 'kWh/cycle'),
} as const;

function num(key: string, label: LocalizedText, unit?: LocalizedText, key_spec = false): SpecDef {
  return unit ? { key, label, kind: 'number', unit, key_spec } : { key, label, kind: 'number', key_spec };
}
/**
 * What the energy label states as consumption (GB 12021.2 fridges and freezers per 24 h; washers,
 * dryers and dishwashers per cycle; TVs' on-mode power). The demo store's figures are derived
 * from the product's size and grade (ENERGY_FACTOR), so they draw nothing from the random stream.
 */
const ENERGY_USE = {
  day: num('energyUse', t('耗电量', 'Energy use'), U.kWhDay),
  cycle: num('energyUse', t('耗电量', 'Energy use'), U.kWhCycle),
  power: num('energyUse', t('开机功率', 'On-mode power'), U.W),
} as const;
/** Grade 1 (best) to 5 against the category's typical consumption. */
const ENERGY_FACTOR = [0.75, 0.88, 1, 1.12, 1.25] as const;

function energyUse(categoryId: string, specs: Record<string, SpecValue>, grade: number | null): Record<string, SpecValue> {
  const factor = ENERGY_FACTOR[(grade ?? 3) - 1] ?? 1;
  const size = (key: string) => (typeof specs[key] === 'number' ? (specs[key] as number) : 0);
  const round2 = (x: number) => Math.round(x * 100) / 100;
  switch (categoryId) {
    case 'refrigerators':
      return { energyUse: round2((0.25 + size('capacity') * 0.0011) * factor) };
    case 'freezers':
      return { energyUse: round2((0.35 + size('capacity') * 0.0013) * factor) };
    case 'washing-machines':
      return { energyUse: round2(size('capacity') * 0.11 * factor) };
    case 'dryers':
      return { energyUse: round2(size('capacity') * 0.45 * factor) };
    case 'dishwashers':
      return { energyUse: round2(size('placeSettings') * 0.07 * factor) };
    case 'televisions':
      return { energyUse: Math.round(size('screenSize') * 1.4 * factor) };
    default:
      return {};
  }
}

function bool(key: string, label: LocalizedText, key_spec = false): SpecDef {
  return { key, label, kind: 'boolean', key_spec };
}
function enumSpec(key: string, label: LocalizedText, options: [string, string, string][], key_spec = false): SpecDef {
  return { key, label, kind: 'enum', options: options.map(([value, zh, en]) => ({ value, label: t(zh, en) })), key_spec };
}

/** Store price in yuan: below ¥1,000 ends in 9 (¥299), above ends in 99 (¥3,999). */
function storePrice(yuan: number): number {
  if (yuan < 995) return Math.max(9, Math.round(yuan / 10) * 10 - 1);
  return Math.round(yuan / 100) * 100 - 1;
}

const round1 = (x: number): number => Math.round(x * 10) / 10;
const round2 = (x: number): number => Math.round(x * 100) / 100;
const fmt = (n: number): string => n.toLocaleString('en-US');

const GRADE_ZH = ['', '一级能效', '二级能效', '三级能效', '四级能效', '五级能效'] as const;
const gradeZh = (g: number | null): string | undefined => (g === null ? undefined : GRADE_ZH[g]);
const gradeEn = (g: number | null): string | undefined => (g === null ? undefined : `grade ${g}`);

const joinZh = (parts: (string | undefined | false)[]): string => parts.filter(Boolean).join(' ');
const joinEn = (head: string, tail: (string | undefined | false)[]): string =>
  [head, ...tail.filter(Boolean)].join(', ');

// ---------------------------------------------------------------------------------------------
// Categories

type CategoryId =
  | 'air-conditioners'
  | 'refrigerators'
  | 'washing-machines'
  | 'televisions'
  | 'kitchen'
  | 'water-heaters'
  | 'dishwashers'
  | 'dryers'
  | 'freezers'
  | 'air-purifiers'
  | 'vacuum-cleaners'
  | 'small-appliances';

interface CategoryInfo {
  id: CategoryId;
  name: LocalizedText;
  art: string;
  /** Share of the generated products. */
  weight: number;
  /** Short SKU prefix. */
  code: string;
  /** Price floor/ceiling in yuan (both end in 9). */
  minYuan: number;
  maxYuan: number;
  specs: SpecDef[];
}

/** Installed by the store's team (and the old unit taken away) where the category needs it. */
const SERVICES: Partial<Record<CategoryId, readonly DeliveryService[]>> = {
  'air-conditioners': ['installation', 'haul_away'],
  'water-heaters': ['installation', 'haul_away'],
  refrigerators: ['haul_away'],
  'washing-machines': ['haul_away'],
};

/** The demo store (Beijing Chaoyang) delivers to the districts around it. */
const DISTRICTS = [
  { id: 'chaoyang', name: t('朝阳区', 'Chaoyang') },
  { id: 'dongcheng', name: t('东城区', 'Dongcheng') },
  { id: 'xicheng', name: t('西城区', 'Xicheng') },
  { id: 'haidian', name: t('海淀区', 'Haidian') },
  { id: 'fengtai', name: t('丰台区', 'Fengtai') },
  { id: 'tongzhou', name: t('通州区', 'Tongzhou') },
  { id: 'shunyi', name: t('顺义区', 'Shunyi') },
] as const;

const CATEGORIES: readonly CategoryInfo[] = [
  {
    id: 'air-conditioners',
    name: t('空调', 'Air conditioners'),
    art: 'ac-wall',
    weight: 13,
    code: 'AC',
    minYuan: 1999,
    maxYuan: 12999,
    specs: [
      num('horsepower', t('匹数', 'Horsepower'), U.hp, true),
      enumSpec('form', t('类型', 'Type'), [['wall', '挂机', 'Wall-mounted'], ['floor', '柜机', 'Floor-standing']], true),
      bool('inverter', t('变频', 'Inverter'), true),
      num('area', t('适用面积', 'Suitable room size'), U.sqm),
      num('coolingCapacity', t('制冷量', 'Cooling capacity'), U.W),
      num('apf', t('全年能源消耗效率 APF', 'Annual performance factor (APF)')),
      bool('freshAir', t('新风', 'Fresh-air intake')),
      bool('selfCleaning', t('自清洁', 'Self-cleaning')),
    ],
  },
  {
    id: 'refrigerators',
    name: t('冰箱', 'Refrigerators'),
    art: 'fridge-french',
    weight: 14,
    code: 'RF',
    minYuan: 999,
    maxYuan: 19999,
    specs: [
      num('capacity', t('总容积', 'Total capacity'), U.L, true),
      enumSpec(
        'doorType',
        t('门款', 'Door style'),
        [
          ['single', '单门', 'Single-door'],
          ['double', '双门', 'Two-door'],
          ['triple', '三门', 'Three-door'],
          ['side-by-side', '对开门', 'Side-by-side'],
          ['cross', '十字对开门', 'French-door (cross)'],
          ['french', '法式多门', 'French multi-door'],
        ],
        true,
      ),
      enumSpec('cooling', t('制冷方式', 'Cooling'), [['air', '风冷无霜', 'Frost-free (air-cooled)'], ['direct', '直冷', 'Direct cooling']], true),
      bool('inverter', t('变频', 'Inverter compressor')),
      bool('builtIn', t('零嵌入式', 'Zero-gap built-in')),
      num('width', t('宽度', 'Width'), U.mm),
      num('height', t('高度', 'Height'), U.mm),
      num('depth', t('深度', 'Depth'), U.mm),
      num('noise', t('噪音', 'Noise'), U.dB),
      ENERGY_USE.day,
    ],
  },
  {
    id: 'washing-machines',
    name: t('洗衣机', 'Washing machines'),
    art: 'washer-front',
    weight: 12,
    code: 'WM',
    minYuan: 899,
    maxYuan: 14999,
    specs: [
      num('capacity', t('洗涤容量', 'Wash capacity'), U.kg, true),
      enumSpec('type', t('类型', 'Type'), [['front', '滚筒', 'Front-load (drum)'], ['top', '波轮', 'Top-load']], true),
      bool('washDry', t('洗烘一体', 'Washer-dryer'), true),
      num('dryCapacity', t('烘干容量', 'Drying capacity'), U.kg),
      num('spinSpeed', t('最高转速', 'Max spin speed'), U.rpm),
      bool('inverter', t('变频电机', 'Inverter motor')),
      ENERGY_USE.cycle,
    ],
  },
  {
    id: 'televisions',
    name: t('电视', 'Televisions'),
    art: 'tv',
    weight: 12,
    code: 'TV',
    minYuan: 1499,
    maxYuan: 29999,
    specs: [
      num('screenSize', t('屏幕尺寸', 'Screen size'), U.inch, true),
      enumSpec('panel', t('屏幕类型', 'Panel'), [['lcd', '液晶', 'LCD'], ['mini-led', 'Mini LED', 'Mini LED'], ['oled', 'OLED', 'OLED']], true),
      enumSpec('resolution', t('分辨率', 'Resolution'), [['4k', '4K超高清', '4K UHD'], ['8k', '8K', '8K']]),
      num('refreshRate', t('刷新率', 'Refresh rate'), U.Hz, true),
      num('memory', t('运行内存', 'RAM'), U.GB),
      ENERGY_USE.power,
    ],
  },
  {
    id: 'kitchen',
    name: t('厨房电器', 'Kitchen appliances'),
    art: 'range-hood',
    weight: 9,
    code: 'KT',
    minYuan: 699,
    maxYuan: 14999,
    specs: [
      enumSpec(
        'type',
        t('品类', 'Type'),
        [['range-hood', '油烟机', 'Range hood'], ['cooktop', '燃气灶', 'Gas cooktop'], ['steam-oven', '蒸烤一体机', 'Steam oven']],
        true,
      ),
      num('airflow', t('排风量', 'Airflow'), U.m3min, true),
      num('staticPressure', t('最大静压', 'Max static pressure'), U.Pa),
      enumSpec('hoodStyle', t('吸烟方式', 'Draft style'), [['side', '侧吸', 'Side-draft'], ['top', '顶吸', 'Top-draft']]),
      num('heatLoad', t('热负荷', 'Heat output'), U.kW, true),
      enumSpec('gasType', t('气源', 'Gas type'), [['natural', '天然气', 'Natural gas'], ['lpg', '液化气', 'LPG']]),
      num('ovenCapacity', t('容积', 'Oven capacity'), U.L),
    ],
  },
  {
    id: 'water-heaters',
    name: t('热水器', 'Water heaters'),
    art: 'water-heater-electric',
    weight: 8,
    code: 'WH',
    minYuan: 799,
    maxYuan: 9999,
    specs: [
      enumSpec('kind', t('类型', 'Type'), [['electric', '电热水器', 'Electric'], ['gas', '燃气热水器', 'Gas']], true),
      num('capacity', t('容量', 'Tank capacity'), U.L, true),
      num('flowRate', t('热水产率', 'Hot-water flow'), U.Lmin, true),
      num('power', t('额定功率', 'Rated power'), U.W),
      enumSpec('gasType', t('气源', 'Gas type'), [['natural', '天然气', 'Natural gas'], ['lpg', '液化气', 'LPG']]),
      bool('zeroColdWater', t('零冷水', 'Instant hot water (no cold start)')),
    ],
  },
  {
    id: 'dishwashers',
    name: t('洗碗机', 'Dishwashers'),
    art: 'dishwasher',
    weight: 5,
    code: 'DW',
    minYuan: 1499,
    maxYuan: 14999,
    specs: [
      num('placeSettings', t('洗涤容量', 'Capacity'), U.sets, true),
      enumSpec(
        'installation',
        t('安装方式', 'Installation'),
        [
          ['built-in', '嵌入式', 'Built-in'],
          ['freestanding', '独立式', 'Freestanding'],
          ['countertop', '台式', 'Countertop'],
          ['sink', '水槽式', 'Sink-type'],
        ],
        true,
      ),
      enumSpec(
        'drying',
        t('烘干方式', 'Drying'),
        [['hot-air', '热风烘干', 'Hot-air drying'], ['auto-open', '自动开门烘干', 'Auto door-open drying'], ['zeolite', '晶蕾烘干', 'Zeolite drying']],
      ),
      bool('sterilization', t('高温除菌', 'High-temperature sanitizing')),
      num('noise', t('噪音', 'Noise'), U.dB),
      ENERGY_USE.cycle,
    ],
  },
  {
    id: 'dryers',
    name: t('干衣机', 'Dryers'),
    art: 'dryer',
    weight: 3,
    code: 'DR',
    minYuan: 1299,
    maxYuan: 12999,
    specs: [
      num('capacity', t('烘干容量', 'Drying capacity'), U.kg, true),
      enumSpec(
        'technology',
        t('烘干方式', 'Drying technology'),
        [['heat-pump', '热泵', 'Heat pump'], ['condenser', '冷凝', 'Condenser'], ['vented', '排气', 'Vented']],
        true,
      ),
      bool('inverter', t('变频', 'Inverter')),
      bool('sterilization', t('除菌除螨', 'Sanitizing & anti-mite')),
      ENERGY_USE.cycle,
    ],
  },
  {
    id: 'freezers',
    name: t('冷柜', 'Freezers'),
    art: 'freezer-chest',
    weight: 3,
    code: 'FZ',
    minYuan: 699,
    maxYuan: 6999,
    specs: [
      num('capacity', t('总容积', 'Total capacity'), U.L, true),
      enumSpec('form', t('类型', 'Type'), [['chest', '卧式', 'Chest'], ['upright', '立式', 'Upright']], true),
      enumSpec('zones', t('温区', 'Temperature zones'), [['single', '单温', 'Single-zone'], ['dual', '双温', 'Dual-zone']]),
      num('minTemp', t('最低温度', 'Lowest temperature'), U.celsius),
      bool('inverter', t('变频', 'Inverter compressor')),
      ENERGY_USE.day,
    ],
  },
  {
    id: 'air-purifiers',
    name: t('空气净化器', 'Air purifiers'),
    art: 'air-purifier',
    weight: 5,
    code: 'AP',
    minYuan: 499,
    maxYuan: 7999,
    specs: [
      num('cadr', t('颗粒物CADR', 'Particle CADR'), U.m3h, true),
      num('area', t('适用面积', 'Suitable room size'), U.sqm, true),
      num('formaldehydeCadr', t('甲醛CADR', 'Formaldehyde CADR'), U.m3h),
      num('noise', t('睡眠噪音', 'Sleep-mode noise'), U.dB),
      bool('smart', t('App智能控制', 'App control')),
    ],
  },
  {
    id: 'vacuum-cleaners',
    name: t('吸尘器', 'Vacuum cleaners'),
    art: 'vacuum-stick',
    weight: 6,
    code: 'VC',
    minYuan: 599,
    maxYuan: 7999,
    specs: [
      enumSpec(
        'type',
        t('类型', 'Type'),
        [['stick', '无线手持吸尘器', 'Cordless stick vacuum'], ['robot', '扫拖机器人', 'Robot vacuum & mop'], ['floor-washer', '洗地机', 'Wet & dry floor washer']],
        true,
      ),
      num('suction', t('吸力', 'Suction'), U.Pa, true),
      num('runtime', t('续航时间', 'Runtime'), U.min),
      bool('selfEmptying', t('自动集尘', 'Self-emptying base')),
    ],
  },
  {
    id: 'small-appliances',
    name: t('生活电器', 'Small appliances'),
    art: 'rice-cooker',
    weight: 10,
    code: 'SA',
    minYuan: 99,
    maxYuan: 1999,
    specs: [
      enumSpec(
        'type',
        t('品类', 'Type'),
        [['rice-cooker', '电饭煲', 'Rice cooker'], ['kettle', '电水壶', 'Electric kettle'], ['air-fryer', '空气炸锅', 'Air fryer'], ['blender', '破壁机', 'High-speed blender']],
        true,
      ),
      num('capacity', t('容量', 'Capacity'), U.L, true),
      num('power', t('额定功率', 'Rated power'), U.W),
      bool('ihHeating', t('IH电磁加热', 'IH induction heating')),
      bool('smart', t('App智能控制', 'App control')),
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// Brands

interface BrandInfo {
  id: string;
  name: LocalizedText;
  /** Price multiplier (premium brands cost more). */
  tier: number;
  /** Relative shopper interest. */
  pop: number;
  /** Categories sold, with the brand's weight inside each category. */
  sells: Partial<Record<CategoryId, number>>;
}

const BRANDS: readonly BrandInfo[] = [
  {
    id: 'haier',
    name: t('海尔', 'Haier'),
    tier: 1.05,
    pop: 1.3,
    sells: {
      refrigerators: 3,
      freezers: 3,
      'washing-machines': 3,
      dryers: 2,
      'air-conditioners': 2,
      'water-heaters': 3,
      dishwashers: 1,
      kitchen: 0.8,
      'air-purifiers': 0.5,
    },
  },
  {
    id: 'casarte',
    name: t('卡萨帝', 'Casarte'),
    tier: 1.9,
    pop: 0.8,
    sells: { refrigerators: 1.5, 'washing-machines': 1, dryers: 0.7, 'air-conditioners': 0.5 },
  },
  {
    id: 'midea',
    name: t('美的', 'Midea'),
    tier: 1.0,
    pop: 1.3,
    sells: {
      refrigerators: 2.5,
      freezers: 2,
      'washing-machines': 1.5,
      dryers: 0.8,
      'air-conditioners': 3,
      kitchen: 1.5,
      'water-heaters': 2.5,
      dishwashers: 2,
      'small-appliances': 3,
      'air-purifiers': 1.5,
      'vacuum-cleaners': 1.5,
    },
  },
  { id: 'gree', name: t('格力', 'Gree'), tier: 1.1, pop: 1.2, sells: { 'air-conditioners': 3.5, 'air-purifiers': 0.8 } },
  {
    id: 'hisense',
    name: t('海信', 'Hisense'),
    tier: 1.0,
    pop: 1.1,
    sells: { televisions: 3, refrigerators: 1.2, 'air-conditioners': 1.2, 'washing-machines': 0.5 },
  },
  {
    id: 'tcl',
    name: t('TCL', 'TCL'),
    tier: 0.9,
    pop: 1.0,
    sells: { televisions: 3, 'air-conditioners': 1, refrigerators: 0.6, 'washing-machines': 0.6 },
  },
  {
    id: 'siemens',
    name: t('西门子', 'Siemens'),
    tier: 1.45,
    pop: 1.0,
    sells: { refrigerators: 1.5, 'washing-machines': 1.5, dryers: 1, dishwashers: 2, kitchen: 0.8 },
  },
  {
    id: 'bosch',
    name: t('博世', 'Bosch'),
    tier: 1.35,
    pop: 0.8,
    sells: { refrigerators: 1, 'washing-machines': 1, dryers: 0.7, dishwashers: 1.5 },
  },
  {
    id: 'panasonic',
    name: t('松下', 'Panasonic'),
    tier: 1.3,
    pop: 0.8,
    sells: {
      refrigerators: 0.7,
      'washing-machines': 1,
      dryers: 1,
      'air-conditioners': 0.6,
      'small-appliances': 0.8,
      'air-purifiers': 0.7,
    },
  },
  { id: 'little-swan', name: t('小天鹅', 'Little Swan'), tier: 1.0, pop: 1.1, sells: { 'washing-machines': 3, dryers: 2 } },
  { id: 'ronshen', name: t('容声', 'Ronshen'), tier: 0.95, pop: 0.9, sells: { refrigerators: 2, freezers: 1 } },
  {
    id: 'fotile',
    name: t('方太', 'Fotile'),
    tier: 1.3,
    pop: 1.0,
    sells: { kitchen: 3, dishwashers: 1.5, 'water-heaters': 0.8 },
  },
  { id: 'robam', name: t('老板', 'Robam'), tier: 1.2, pop: 0.9, sells: { kitchen: 2.5, dishwashers: 0.6 } },
  { id: 'skyworth', name: t('创维', 'Skyworth'), tier: 0.9, pop: 0.9, sells: { televisions: 2 } },
  { id: 'sony', name: t('索尼', 'Sony'), tier: 1.6, pop: 0.9, sells: { televisions: 1.5 } },
  {
    id: 'xiaomi',
    name: t('小米', 'Xiaomi'),
    tier: 0.85,
    pop: 1.2,
    sells: {
      televisions: 2,
      'air-conditioners': 1,
      'air-purifiers': 2,
      'vacuum-cleaners': 2,
      'small-appliances': 1.5,
    },
  },
  { id: 'dyson', name: t('戴森', 'Dyson'), tier: 2.2, pop: 1.0, sells: { 'vacuum-cleaners': 2, 'air-purifiers': 1 } },
  { id: 'ecovacs', name: t('科沃斯', 'Ecovacs'), tier: 1.1, pop: 0.9, sells: { 'vacuum-cleaners': 2 } },
  { id: 'supor', name: t('苏泊尔', 'Supor'), tier: 0.95, pop: 1.0, sells: { 'small-appliances': 3 } },
  { id: 'joyoung', name: t('九阳', 'Joyoung'), tier: 0.95, pop: 0.9, sells: { 'small-appliances': 2.5 } },
  { id: 'ao-smith', name: t('A.O.史密斯', 'A.O. Smith'), tier: 1.25, pop: 1.0, sells: { 'water-heaters': 2.5 } },
  { id: 'vanward', name: t('万和', 'Vanward'), tier: 0.85, pop: 0.8, sells: { 'water-heaters': 2, kitchen: 0.8 } },
];

// ---------------------------------------------------------------------------------------------
// Per-category product makers

interface Draft {
  art: string;
  specs: Record<string, SpecValue>;
  /** Price in yuan before brand tier and noise. */
  baseYuan: number;
  energyGrade: number | null;
  name: LocalizedText;
  model: string;
  highlights: LocalizedText[];
}

type Maker = (rng: Rng, brand: BrandInfo) => Draft;

function grade(rng: Rng, w1: number, w2: number, w3: number, w4 = 0, w5 = 0): number {
  return rng.weighted([
    [1, w1],
    [2, w2],
    [3, w3],
    [4, w4],
    [5, w5],
  ] as const);
}

const H = {
  grade1: t('一级能效，省电更省心', 'Grade 1 energy efficiency: lower bills'),
  quiet: t('低噪运行，夜间不打扰', 'Whisper-quiet, even at night'),
  app: t('手机App远程控制', 'Remote control from your phone'),
  warranty: t('整机十年包修', '10-year whole-unit warranty'),
  install: t('免费送货安装', 'Free delivery and installation'),
  oldForNew: t('支持以旧换新', 'Trade-in accepted'),
} as const;

const fridge: Maker = (rng, brand) => {
  const doorType = rng.weighted([
    ['single', 3],
    ['double', 9],
    ['triple', 12],
    ['side-by-side', 20],
    ['cross', 34],
    ['french', 14],
  ] as const);
  const p = {
    single: { cap: [100, 180], w: [480, 550], h: [1150, 1450], base: 900, perL: 3, art: 'fridge-single' },
    double: { cap: [180, 262], w: [530, 600], h: [1450, 1720], base: 1300, perL: 6, art: 'fridge-double' },
    triple: { cap: [210, 320], w: [595, 640], h: [1750, 1890], base: 1700, perL: 8, art: 'fridge-triple' },
    'side-by-side': { cap: [450, 660], w: [830, 910], h: [1780, 1840], base: 2400, perL: 8, art: 'fridge-side-by-side' },
    cross: { cap: [400, 620], w: [700, 840], h: [1780, 1920], base: 2700, perL: 12, art: 'fridge-french' },
    french: { cap: [320, 530], w: [700, 780], h: [1790, 1860], base: 3300, perL: 12, art: 'fridge-french' },
  }[doorType];
  const capacity = rng.int(p.cap[0] ?? 100, p.cap[1] ?? 200);
  const big = doorType === 'side-by-side' || doorType === 'cross' || doorType === 'french';
  const cooling = doorType === 'single' ? 'direct' : doorType === 'double' ? rng.weighted([['direct', 6], ['air', 4]] as const) : big ? 'air' : rng.weighted([['direct', 2], ['air', 8]] as const);
  const inverter = big ? rng.chance(0.92) : rng.chance(0.45);
  const builtIn = big && rng.chance(0.35);
  const energyGrade = inverter ? grade(rng, 8, 2, 0) : grade(rng, 3, 5, 2);
  const width = rng.int(p.w[0] ?? 500, p.w[1] ?? 600);
  const height = rng.int(p.h[0] ?? 1500, p.h[1] ?? 1800);
  const depth = builtIn ? rng.int(580, 610) : rng.int(big ? 640 : 560, big ? 720 : 680);
  const noise = rng.int(inverter ? 33 : 36, inverter ? 39 : 42);
  const tag = rng.weighted([
    [undefined, 5],
    [{ zh: '超薄', en: 'slim' }, 1],
    [{ zh: '净味保鲜', en: 'odor-free fresh-keeping' }, 1],
    [{ zh: '母婴除菌', en: 'baby-care sanitizing' }, 0.6],
    [{ zh: '大容量', en: 'large capacity' }, capacity > 500 ? 1.2 : 0],
  ] as const);
  const doorZh = { single: '单门', double: '双门', triple: '三门', 'side-by-side': '对开门', cross: '十字对开门', french: '法式多门' }[doorType];
  const doorEn = { single: 'single-door', double: 'two-door', triple: 'three-door', 'side-by-side': 'side-by-side', cross: 'French-door', french: 'French multi-door' }[doorType];
  const name = t(
    joinZh([brand.name.zh, builtIn && '零嵌', `${capacity}升`, doorZh, cooling === 'air' ? '风冷无霜' : '直冷', inverter && '变频', tag?.zh, gradeZh(energyGrade), '冰箱']),
    joinEn(`${brand.name.en} ${capacity} L ${doorEn} fridge`, [builtIn && 'zero-gap built-in', cooling === 'air' && 'frost-free', inverter && 'inverter', tag?.en, gradeEn(energyGrade)]),
  );
  const air = cooling === 'air' ? 'W' : '';
  let model: string;
  switch (brand.id) {
    case 'siemens':
      model = `K${rng.pick(['A', 'M', 'I', 'G'])}${rng.digits(2)}${rng.letters(2)}${rng.digits(2)}TI`;
      break;
    case 'bosch':
      model = `K${rng.pick(['AN', 'FN', 'MF', 'GN'])}${rng.digits(2)}${rng.letters(1)}${rng.digits(2)}${rng.letters(1)}C`;
      break;
    case 'panasonic':
      model = `NR-${rng.pick(['E', 'W', 'D', 'JD'])}${rng.digits(2)}${rng.letters(2)}${rng.digits(1)}-${rng.pick(['W', 'S', 'G', 'XN'])}`;
      break;
    case 'tcl':
      model = `R${capacity}${rng.pick(['T', 'V', 'Q', 'C'])}${rng.digits(1)}-${rng.letters(rng.int(1, 2))}`;
      break;
    case 'ronshen':
      model = `BCD-${capacity}${air}D${rng.digits(2)}${rng.letters(rng.int(1, 3))}`;
      break;
    default:
      model = `BCD-${capacity}${air}${rng.letters(rng.int(3, 7))}${rng.digits(1)}`;
  }
  const pool: LocalizedText[] = [H.oldForNew, H.install];
  if (cooling === 'air') pool.push(t('风冷无霜，告别手动除霜', 'Frost-free: never defrost by hand'));
  if (inverter) pool.push(t('变频压缩机，控温精准', 'Inverter compressor, precise temperature'));
  if (builtIn) pool.push(t('零距离嵌入，与橱柜齐平', 'Zero-gap fit, flush with your cabinets'));
  if (energyGrade === 1) pool.push(H.grade1);
  if (noise <= 35) pool.push(H.quiet);
  if (big) pool.push(t('独立变温室，鲜肉软冻即切', 'Flexible-temperature drawer for soft-frozen meat'), t('双系统循环，冷藏冷冻不串味', 'Dual cooling loops keep odors apart'));
  pool.push(t('母婴专区，食材分区存放', 'Dedicated zone for baby food'), t('除菌净味，果蔬保鲜更久', 'Sanitizing filter keeps produce fresh longer'));
  const baseYuan = p.base + (capacity - (p.cap[0] ?? 100)) * p.perL + (inverter ? 300 : 0) + (builtIn ? 1500 : 0) + (energyGrade === 1 ? 300 : 0) + (doorType === 'french' ? 800 : 0);
  return {
    art: p.art,
    specs: { capacity, doorType, cooling, inverter, builtIn, width, height, depth, noise },
    baseYuan,
    energyGrade,
    name,
    model,
    highlights: pool,
  };
};

const freezer: Maker = (rng, brand) => {
  const form = rng.weighted([['chest', 7], ['upright', 3]] as const);
  const capacity = form === 'chest' ? rng.int(100, 520) : rng.int(80, 280);
  const zones = form === 'chest' && rng.chance(0.45) ? 'dual' : 'single';
  const deep = rng.chance(0.25);
  const minTemp = deep ? rng.pick([-35, -38, -40]) : rng.pick([-18, -20, -24, -26]);
  const inverter = rng.chance(0.35);
  const energyGrade = inverter ? grade(rng, 8, 2, 0) : grade(rng, 3, 4, 3);
  const formZh = form === 'chest' ? '卧式' : '立式';
  const name = t(
    joinZh([brand.name.zh, `${capacity}升`, formZh, zones === 'dual' ? '双温' : '单温', deep && '深冷', inverter && '变频', gradeZh(energyGrade), '冷柜']),
    joinEn(`${brand.name.en} ${capacity} L ${form} freezer`, [zones === 'dual' && 'dual-zone', deep && `down to ${minTemp} °C`, inverter && 'inverter', gradeEn(energyGrade)]),
  );
  const model = form === 'chest' ? `BC/BD-${capacity}${rng.letters(rng.int(2, 4))}${rng.chance(0.4) ? '(E)' : ''}` : `BD-${capacity}${rng.letters(rng.int(2, 3))}${rng.digits(1)}`;
  const pool: LocalizedText[] = [H.install, t('急速冷冻，锁住新鲜', 'Fast freeze locks in freshness'), t('一机多用，冷藏冷冻自由切换', 'Switches between fridge and freezer modes')];
  if (zones === 'dual') pool.push(t('双温双控，冷藏冷冻分区', 'Two zones, two temperatures'));
  if (deep) pool.push(t(`${minTemp}℃深冷，海鲜长久保存`, `Deep freeze to ${minTemp} °C for seafood`));
  if (energyGrade === 1) pool.push(H.grade1);
  if (inverter) pool.push(t('变频压缩机，省电静音', 'Inverter compressor: efficient and quiet'));
  return {
    art: form === 'chest' ? 'freezer-chest' : 'freezer-upright',
    specs: { capacity, form, zones, minTemp, inverter },
    baseYuan: 700 + capacity * 5 + (deep ? 700 : 0) + (inverter ? 300 : 0) + (zones === 'dual' ? 200 : 0) + (form === 'upright' ? 500 : 0),
    energyGrade,
    name,
    model,
    highlights: pool,
  };
};

const washer: Maker = (rng, brand) => {
  const type = brand.id === 'siemens' || brand.id === 'bosch' || brand.id === 'casarte' ? 'front' : rng.weighted([['front', 7], ['top', 3]] as const);
  const capacity = type === 'front' ? rng.weighted([[8, 1], [9, 1], [10, 6], [12, 2], [13, 1], [15, 0.5]] as const) : rng.weighted([[8, 3], [9, 1], [10, 4], [12, 1]] as const);
  const washDry = type === 'front' && rng.chance(0.38);
  const dryCapacity = washDry ? Math.max(5, Math.round(capacity * rng.range(0.6, 0.75))) : undefined;
  const spinSpeed = type === 'front' ? rng.pick([1200, 1400, 1400, 1400, 1600]) : rng.pick([700, 800, 850, 900]);
  const inverter = type === 'front' ? rng.chance(0.88) : rng.chance(0.5);
  const energyGrade = type === 'front' ? grade(rng, 9, 1, 0) : grade(rng, 4, 4, 2);
  const typeZh = type === 'front' ? '滚筒' : '波轮';
  const name = t(
    joinZh([brand.name.zh, `${capacity}公斤`, typeZh, washDry && '洗烘一体', inverter && (type === 'front' && rng.chance(0.6) ? '直驱变频' : '变频'), gradeZh(energyGrade), '洗衣机']),
    joinEn(`${brand.name.en} ${capacity} kg ${type === 'front' ? 'front-load' : 'top-load'} ${washDry ? 'washer-dryer' : 'washing machine'}`, [inverter && 'inverter', gradeEn(energyGrade)]),
  );
  const c = capacity * 10;
  let model: string;
  switch (brand.id) {
    case 'little-swan':
      model = `${washDry ? 'TD' : type === 'front' ? 'TG' : 'TB'}${c}${rng.letters(1)}${rng.digits(2)}${rng.letters(rng.int(2, 5))}${rng.digits(1)}`;
      break;
    case 'midea':
      model = `${washDry ? 'MD' : type === 'front' ? 'MG' : 'MB'}${c}${rng.letters(1)}${rng.digits(2)}${rng.letters(rng.int(1, 3))}`;
      break;
    case 'haier':
    case 'casarte':
      model = type === 'top' ? `EB${c}${rng.letters(1)}${rng.digits(2)}${rng.letters(rng.int(0, 2))}` : `${brand.id === 'casarte' ? 'C1 ' : ''}${washDry ? 'EG' + c + 'HB' : 'EG' + c + 'B'}${rng.letters(rng.int(1, 3))}${rng.digits(2)}${rng.letters(1)}`;
      break;
    case 'siemens':
      model = `W${washDry ? 'N' : rng.pick(['G', 'M'])}${rng.digits(2)}${rng.letters(1)}${rng.digits(1)}${rng.letters(1)}${rng.digits(2)}W`;
      break;
    case 'bosch':
      model = `W${washDry ? 'NA' : 'GA'}${rng.digits(3)}${rng.letters(1)}${rng.digits(2)}W`;
      break;
    case 'panasonic':
      model = `XQG${c}-${rng.letters(1)}${rng.digits(2)}${rng.letters(2)}`;
      break;
    default:
      model = `${type === 'front' ? (washDry ? 'HD' : 'HG') : 'XQB'}${c}${rng.letters(rng.int(1, 3))}${rng.digits(rng.int(1, 3))}`;
  }
  const pool: LocalizedText[] = [H.install, H.oldForNew, t('高温筒自洁，远离二次污染', 'Self-cleaning drum at high temperature')];
  if (inverter) pool.push(t('变频电机，运行更安静', 'Inverter motor runs quieter'));
  if (washDry) pool.push(t('洗烘一体，洗完即穿', 'Wash and dry in one go'));
  if (energyGrade === 1) pool.push(H.grade1);
  if (type === 'front') pool.push(t('智能投放，洗涤剂按需添加', 'Auto-dosing detergent'), t('除菌除螨洗，呵护家人', 'Sanitizing anti-mite cycle'));
  else pool.push(t('大波轮强劲水流，洗得干净', 'Strong impeller flow for a thorough wash'));
  pool.push(H.app);
  const specs: Record<string, SpecValue> = { capacity, type, washDry, spinSpeed, inverter };
  if (dryCapacity !== undefined) specs.dryCapacity = dryCapacity;
  return {
    art: type === 'front' ? 'washer-front' : 'washer-top',
    specs,
    baseYuan: (type === 'front' ? 1400 : 700) + (capacity - 8) * 200 + (washDry ? 1200 : 0) + (inverter ? 300 : 0) + (spinSpeed >= 1600 ? 400 : 0),
    energyGrade,
    name,
    model,
    highlights: pool,
  };
};

const dryer: Maker = (rng, brand) => {
  const technology = rng.weighted([['heat-pump', 8], ['condenser', 1.5], ['vented', brand.tier > 1.2 ? 0 : 1]] as const);
  const capacity = rng.weighted([[8, 1], [9, 1], [10, 6], [11, 1], [12, 1]] as const);
  const inverter = technology === 'heat-pump' ? rng.chance(0.5) : false;
  const sterilization = rng.chance(0.7);
  const energyGrade = technology === 'heat-pump' ? grade(rng, 9, 1, 0) : technology === 'condenser' ? grade(rng, 0, 2, 3, 1) : grade(rng, 0, 0, 2, 3, 2);
  const techZh = { 'heat-pump': '热泵', condenser: '冷凝', vented: '排气式' }[technology];
  const techEn = { 'heat-pump': 'heat-pump', condenser: 'condenser', vented: 'vented' }[technology];
  const name = t(
    joinZh([brand.name.zh, `${capacity}公斤`, techZh, inverter && '变频', sterilization && '除菌', gradeZh(energyGrade), '干衣机']),
    joinEn(`${brand.name.en} ${capacity} kg ${techEn} dryer`, [inverter && 'inverter', sterilization && 'sanitizing', gradeEn(energyGrade)]),
  );
  const c = capacity * 10;
  let model: string;
  switch (brand.id) {
    case 'little-swan':
      model = `TH${c}${rng.pick(['-H', 'V'])}${rng.letters(rng.int(1, 2))}${rng.digits(2)}${rng.letters(1)}`;
      break;
    case 'haier':
    case 'casarte':
      model = `${brand.id === 'casarte' ? 'CG' : 'GBN'}${c}-${rng.digits(3)}${rng.letters(rng.int(0, 1))}`;
      break;
    case 'siemens':
      model = `WQ${rng.digits(2)}${rng.letters(1)}${rng.digits(1)}${rng.letters(1)}${rng.digits(2)}W`;
      break;
    case 'bosch':
      model = `WQB${rng.digits(3)}${rng.letters(1)}${rng.digits(1)}W`;
      break;
    case 'panasonic':
      model = `NH-${rng.letters(2)}${rng.digits(2)}${rng.letters(1)}`;
      break;
    default:
      model = `MH${c}-${rng.letters(1)}${rng.digits(rng.int(1, 2))}${rng.letters(rng.int(1, 2))}`;
  }
  const pool: LocalizedText[] = [H.install, t('低温烘干，衣物不伤不缩', 'Low-temperature drying: no shrinking')];
  if (technology === 'heat-pump') pool.push(t('热泵烘干，省电约50%', 'Heat pump uses about half the energy'));
  if (sterilization) pool.push(t('除菌除螨，呵护贴身衣物', 'Sanitizing and anti-mite program'));
  if (energyGrade === 1) pool.push(H.grade1);
  pool.push(t('免熨烫，挂起即穿', 'Wrinkle-care: hang and wear'));
  return {
    art: 'dryer',
    specs: { capacity, technology, inverter, sterilization },
    baseYuan: (technology === 'heat-pump' ? 2900 : technology === 'condenser' ? 1900 : 1300) + (capacity - 8) * 250 + (inverter ? 400 : 0),
    energyGrade,
    name,
    model,
    highlights: pool,
  };
};

const airConditioner: Maker = (rng, brand) => {
  const horsepower = rng.weighted([[1, 14], [1.5, 40], [2, 16], [3, 25], [5, 5]] as const);
  const form = horsepower <= 1.5 ? 'wall' : horsepower === 2 ? rng.weighted([['wall', 6], ['floor', 4]] as const) : 'floor';
  const coolingCapacity = horsepower === 1 ? rng.pick([2500, 2600, 2600]) : horsepower === 1.5 ? rng.pick([3400, 3500, 3500, 3510]) : horsepower === 2 ? (form === 'wall' ? 5000 : 5100) : horsepower === 3 ? 7200 : 12000;
  const areaRange = { 1: [10, 16], 1.5: [16, 25], 2: [22, 34], 3: [32, 50], 5: [50, 80] }[horsepower];
  const area = rng.int(areaRange[0] ?? 10, areaRange[1] ?? 20);
  const inverter = rng.chance(0.9);
  const energyGrade = inverter ? rng.weighted([[1, 65], [2, 5], [3, 30]] as const) : 3;
  const band = coolingCapacity <= 4500 ? 0 : coolingCapacity <= 7100 ? 1 : 2;
  const apfRange = energyGrade === 1 ? [[5.0, 5.6], [4.5, 5.1], [4.0, 4.5]] : energyGrade === 2 ? [[4.5, 4.99], [4.0, 4.49], [3.7, 3.99]] : [[4.0, 4.49], [3.5, 3.99], [3.3, 3.69]];
  const ar = apfRange[band] ?? [4, 5];
  const apf = inverter ? round2(rng.range(ar[0] ?? 4, ar[1] ?? 5)) : undefined;
  const freshAir = brand.tier >= 1 && rng.chance(0.2);
  const selfCleaning = rng.chance(0.7);
  const hpZh = horsepower === 1 ? '大1匹' : `${horsepower}匹`;
  const gradeLabelZh = energyGrade === 1 ? '新一级能效' : energyGrade === 3 ? '新三级能效' : '新二级能效';
  const name = t(
    joinZh([brand.name.zh, freshAir && '新风', hpZh, gradeLabelZh, inverter ? '变频冷暖' : '定频冷暖', selfCleaning && '自清洁', form === 'wall' ? '壁挂式空调 挂机' : '立式空调 柜机']),
    joinEn(`${brand.name.en} ${horsepower} HP ${form === 'wall' ? 'wall-mounted' : 'floor-standing'} air conditioner`, [inverter ? 'inverter heat pump' : 'fixed-speed heat pump', freshAir && 'fresh air', selfCleaning && 'self-cleaning', gradeEn(energyGrade)]),
  );
  const head = `KFR-${Math.round(coolingCapacity / 100)}${form === 'wall' ? 'GW' : 'LW'}`;
  const n = energyGrade === 1 ? 'N1' : energyGrade === 3 ? 'N3' : 'N2';
  let model: string;
  switch (brand.id) {
    case 'gree':
      model = `${head}/${inverter ? 'Nh' : ''}${rng.letters(rng.int(2, 3), 'ABCDEGHKMPQRSTUWYZabcdeghkmnpqrstuwyz')}${rng.digits(1)}B${rng.chance(0.5) ? '' : rng.digits(1)}`;
      break;
    case 'midea':
      model = `${head}/${n}${rng.letters(rng.int(2, 4))}${rng.digits(1)}`;
      break;
    case 'haier':
    case 'casarte':
      model = `${head}/${rng.digits(2)}${rng.letters(rng.int(2, 4))}8${energyGrade}${rng.letters(rng.int(0, 1))}`;
      break;
    case 'panasonic':
      model = `${head}/BpSJ${rng.digits(2)}${rng.letters(1)}${energyGrade}`;
      break;
    default:
      model = `${head}/${rng.letters(1)}${rng.digits(1)}-${rng.letters(rng.int(1, 3))}${n}`;
  }
  const pool: LocalizedText[] = [H.install, H.oldForNew, t('快速制冷制热，30秒出风', 'Cools or heats within 30 seconds')];
  if (inverter) pool.push(t('变频恒温，省电静音', 'Inverter keeps a steady temperature'));
  if (energyGrade === 1) pool.push(H.grade1);
  if (selfCleaning) pool.push(t('56℃自清洁，健康出风', 'Self-cleaning at 56 °C for cleaner air'));
  if (freshAir) pool.push(t('新风换气，关窗也有新鲜空气', 'Fresh-air intake with windows closed'));
  pool.push(t('防直吹，舒适睡眠', 'Draft-free airflow for better sleep'), H.app, H.warranty);
  const specs: Record<string, SpecValue> = { horsepower, form, inverter, area, coolingCapacity, freshAir, selfCleaning };
  if (apf !== undefined) specs.apf = apf;
  const hpYuan = { 1: 2100, 1.5: 2500, 2: form === 'wall' ? 3800 : 4600, 3: 6000, 5: 10500 }[horsepower];
  return {
    art: form === 'wall' ? 'ac-wall' : 'ac-floor',
    specs,
    baseYuan: hpYuan * (energyGrade === 1 ? 1.2 : 1) * (inverter ? 1 : 0.85) + (freshAir ? 1200 : 0),
    energyGrade,
    name,
    model,
    highlights: pool,
  };
};

const television: Maker = (rng, brand) => {
  const panel = rng.weighted([
    ['lcd', 45],
    ['mini-led', 40],
    ['oled', brand.id === 'sony' || brand.id === 'skyworth' ? 25 : brand.id === 'tcl' || brand.id === 'xiaomi' ? 0 : 5],
  ] as const);
  const screenSize =
    panel === 'oled'
      ? rng.weighted([[55, 3], [65, 5], [77, 2], [83, 1]] as const)
      : rng.weighted([[43, 4], [50, 5], [55, 12], [65, 25], [75, 25], [85, 18], [98, 6], [100, brand.id === 'hisense' || brand.id === 'tcl' ? 6 : 1]] as const);
  const resolution = screenSize >= 75 && panel !== 'oled' && rng.chance(0.04) ? '8k' : '4k';
  const refreshRate = panel === 'lcd' ? rng.weighted([[60, 5], [120, 5], [144, 1]] as const) : panel === 'oled' ? 120 : rng.weighted([[120, 3], [144, 5], [240, 2]] as const);
  const memory = rng.weighted([[2, panel === 'lcd' ? 3 : 0], [3, 4], [4, 4], [6, panel === 'lcd' ? 0 : 2]] as const);
  const energyGrade = grade(rng, 6, 3, 1);
  const panelZh = { lcd: '液晶', 'mini-led': 'Mini LED', oled: 'OLED' }[panel];
  const panelEn = { lcd: 'LCD', 'mini-led': 'Mini LED', oled: 'OLED' }[panel];
  const name = t(
    joinZh([brand.name.zh, `${screenSize}英寸`, panelZh, resolution === '8k' ? '8K' : '4K超高清', `${refreshRate}Hz`, refreshRate >= 144 && '游戏', '电视']),
    joinEn(`${brand.name.en} ${screenSize}-inch ${resolution === '8k' ? '8K' : '4K'} ${panelEn} TV`, [`${refreshRate} Hz`, refreshRate >= 144 && 'gaming mode']),
  );
  let model: string;
  switch (brand.id) {
    case 'hisense':
      model = `${screenSize}${panel === 'lcd' ? rng.pick(['E3', 'E5', 'A5']) : panel === 'oled' ? 'X' : rng.pick(['E7', 'E8', 'U7', 'U8', 'UX'])}${rng.pick(['N', 'N', 'K', 'NPro'])}`;
      break;
    case 'tcl':
      model = `${screenSize}${panel === 'lcd' ? rng.pick(['V8', 'T7', 'V6']) : rng.pick(['Q9', 'Q10', 'X11', 'T8'])}${rng.pick(['K', 'H', 'L'])}`;
      break;
    case 'skyworth':
      model = `${screenSize}${panel === 'oled' ? rng.pick(['S8', 'S9']) : rng.pick(['A5', 'A7', 'G7', 'Q8'])}${rng.pick(['F', 'E', 'D', 'F Pro'])}`;
      break;
    case 'sony':
      model = panel === 'oled' ? `XR-${screenSize}A${rng.pick(['80L', '95L', '90K', '80K'])}` : `K-${screenSize}${rng.pick(['XR70', 'XR80', 'S30', 'S50', 'XR90'])}`;
      break;
    case 'xiaomi':
      model = `L${screenSize}${rng.pick(['MA', 'M8', 'R'])}-${rng.pick(['S', 'SP', 'ES', 'MS'])}`;
      break;
    default:
      model = `${screenSize}${rng.letters(1)}${rng.digits(1)}${rng.letters(1)}`;
  }
  const pool: LocalizedText[] = [H.install, t('远场语音，动口不动手', 'Far-field voice control'), t('开机无广告', 'No ads on start-up')];
  if (panel === 'mini-led') pool.push(t('Mini LED千级分区控光', 'Mini LED with 1,000+ dimming zones'), t('峰值亮度高，白天也清晰', 'High peak brightness for bright rooms'));
  if (panel === 'oled') pool.push(t('OLED自发光，纯粹黑色', 'Self-lit OLED with true blacks'));
  if (refreshRate >= 144) pool.push(t(`${refreshRate}Hz高刷，游戏不拖影`, `${refreshRate} Hz for smooth gaming`));
  if (screenSize >= 85) pool.push(t('巨幕观影，客厅变影院', 'Big-screen home cinema'));
  pool.push(t('杜比视界与全景声', 'Dolby Vision and Dolby Atmos'), t('护眼低蓝光', 'Low-blue-light eye care'));
  const sizeYuan: Record<number, number> = { 43: 1400, 50: 1700, 55: 2100, 65: 2900, 75: 4100, 77: 6500, 83: 8500, 85: 6200, 98: 9500, 100: 11000 };
  const panelMul = { lcd: 1, 'mini-led': 1.5, oled: 1.55 }[panel];
  return {
    art: 'tv',
    specs: { screenSize, panel, resolution, refreshRate, memory },
    baseYuan: (sizeYuan[screenSize] ?? 3000) * panelMul * (resolution === '8k' ? 2 : 1) * (refreshRate >= 144 ? 1.1 : 1),
    energyGrade,
    name,
    model,
    highlights: pool,
  };
};

const kitchen: Maker = (rng, brand) => {
  const type = rng.weighted([['range-hood', 45], ['cooktop', 40], ['steam-oven', brand.id === 'vanward' || brand.id === 'haier' ? 0 : 15]] as const);
  const pool: LocalizedText[] = [H.install];
  let specs: Record<string, SpecValue>;
  let energyGrade: number | null;
  let name: LocalizedText;
  let model: string;
  let baseYuan: number;
  let art: string;
  if (type === 'range-hood') {
    const airflow = rng.int(18, 30);
    const staticPressure = rng.pick([400, 500, 600, 800, 1000, 1200]);
    const hoodStyle = rng.weighted([['side', 7], ['top', 3]] as const);
    energyGrade = grade(rng, 8, 2, 0);
    specs = { type, airflow, staticPressure, hoodStyle };
    name = t(
      joinZh([brand.name.zh, `${airflow}立方`, airflow >= 24 && '大吸力', hoodStyle === 'side' ? '侧吸' : '顶吸', gradeZh(energyGrade), '油烟机']),
      joinEn(`${brand.name.en} ${airflow} m³/min ${hoodStyle === 'side' ? 'side-draft' : 'top-draft'} range hood`, [airflow >= 24 && 'high suction', gradeEn(energyGrade)]),
    );
    model = brand.id === 'siemens' ? `LS${rng.digits(2)}${rng.letters(1)}${rng.digits(2)}${rng.letters(1)}W` : `CXW-${rng.int(20, 38) * 10 + rng.pick([0, 8])}-${rng.letters(rng.int(1, 3))}${rng.digits(rng.int(1, 2))}${rng.letters(rng.int(0, 2))}`;
    pool.push(t('大吸力，爆炒不跑烟', 'Strong suction, even for stir-fry'), t('挥手感应，油手也能操作', 'Wave-to-control for greasy hands'), t('自动清洗，免拆洗', 'Self-cleaning, no disassembly'));
    if (staticPressure >= 800) pool.push(t(`${staticPressure}Pa高静压，高楼层也顺畅排烟`, `${staticPressure} Pa pressure for high-rise flues`));
    baseYuan = 1200 + (airflow - 18) * 180 + staticPressure * 0.8 + (hoodStyle === 'top' ? -200 : 0);
    art = 'range-hood';
  } else if (type === 'cooktop') {
    const heatLoad = round1(rng.range(4.2, 5.6));
    const gasType = rng.weighted([['natural', 8], ['lpg', 2]] as const);
    energyGrade = grade(rng, 8, 2, 0);
    specs = { type, heatLoad, gasType };
    name = t(
      joinZh([brand.name.zh, `${heatLoad}kW`, heatLoad >= 5 && '猛火', '双眼', gasType === 'natural' ? '天然气' : '液化气', gradeZh(energyGrade), '燃气灶']),
      joinEn(`${brand.name.en} ${heatLoad} kW two-burner gas cooktop`, [gasType === 'natural' ? 'natural gas' : 'LPG', gradeEn(energyGrade)]),
    );
    model = brand.id === 'siemens' ? `ER${rng.digits(2)}${rng.letters(1)}${rng.digits(3)}MP` : `${gasType === 'natural' ? 'JZT' : 'JZY'}-${rng.letters(rng.int(1, 2))}${rng.digits(2)}${rng.letters(rng.int(0, 2))}`;
    pool.push(t('熄火保护，安全放心', 'Flame-failure safety cut-off'), t('钢化玻璃面板，易清洁', 'Tempered glass top, easy to wipe'), t('定时关火', 'Auto-off timer'));
    if (heatLoad >= 5) pool.push(t(`${heatLoad}kW大火力，爆炒更香`, `${heatLoad} kW for proper wok cooking`));
    baseYuan = 700 + (heatLoad - 4.2) * 900;
    art = 'cooktop';
  } else {
    const ovenCapacity = rng.pick([40, 45, 50, 55, 56, 60]);
    energyGrade = null;
    specs = { type, ovenCapacity };
    name = t(
      joinZh([brand.name.zh, `${ovenCapacity}升`, '嵌入式', '蒸烤一体机']),
      joinEn(`${brand.name.en} ${ovenCapacity} L built-in steam oven`, []),
    );
    model = brand.id === 'siemens' ? `CS${rng.digits(3)}${rng.letters(3)}${rng.digits(1)}W` : `${rng.pick(['ZK', 'CQ', 'SZ', 'C'])}${rng.digits(rng.int(1, 3))}${rng.letters(rng.int(1, 2))}${rng.chance(0.4) ? '.i' : ''}`;
    pool.push(t('蒸烤炸三合一', 'Steam, bake and air-fry in one'), t('智能菜谱，一键烹饪', 'Guided recipes, one-touch cooking'), t('除垢自清洁', 'Descaling and self-cleaning'));
    baseYuan = 3500 + (ovenCapacity - 40) * 150;
    art = 'steam-oven';
  }
  if (energyGrade === 1) pool.push(H.grade1);
  return { art, specs, baseYuan, energyGrade, name, model, highlights: pool };
};

const waterHeater: Maker = (rng, brand) => {
  const kind = brand.id === 'fotile' ? 'gas' : rng.weighted([['electric', 55], ['gas', 45]] as const);
  const pool: LocalizedText[] = [H.install, t('全国联保，上门安装', 'Nationwide warranty, installation included')];
  let specs: Record<string, SpecValue>;
  let name: LocalizedText;
  let model: string;
  let baseYuan: number;
  const energyGrade = grade(rng, 8, 2, 0);
  if (kind === 'electric') {
    const capacity = rng.weighted([[40, 1], [50, 2], [60, 5], [80, 3], [100, 1]] as const);
    const power = rng.pick([2200, 3000, 3300]);
    const fast = power >= 3000;
    specs = { kind, capacity, power };
    name = t(
      joinZh([brand.name.zh, `${capacity}升`, fast && '速热', '储水式', '电热水器', gradeZh(energyGrade)]),
      joinEn(`${brand.name.en} ${capacity} L electric water heater`, [fast && 'fast heating', gradeEn(energyGrade)]),
    );
    model =
      brand.id === 'ao-smith'
        ? `E${capacity}${rng.letters(2)}${rng.digits(1)}${rng.letters(rng.int(0, 1))}`
        : brand.id === 'haier'
          ? `EC${capacity / 10}0${rng.digits(1)}-${rng.letters(2)}${rng.digits(1)}`
          : brand.id === 'midea'
            ? `F${capacity}${rng.digits(2)}-${rng.letters(2)}${rng.digits(1)}(HE)`
            : `E${capacity}-${rng.letters(1)}${rng.digits(1)}${rng.letters(1)}${rng.digits(1)}-${power / 100}`;
    pool.push(t('镁棒免更换，内胆更耐用', 'Long-life tank, no anode swaps'), t('防电墙，安心沐浴', 'Anti-shock barrier for safe showers'));
    if (fast) pool.push(t(`${power}W速热，洗澡少等待`, `${power} W for faster heat-up`));
    baseYuan = 700 + capacity * 10 + (fast ? 300 : 0);
  } else {
    const flowRate = rng.weighted([[12, 1], [13, 3], [16, 5], [18, 1], [20, 1], [24, 0.5]] as const);
    const gasType = rng.weighted([['natural', 9], ['lpg', 1]] as const);
    const zeroColdWater = rng.chance(brand.tier > 1.1 ? 0.6 : 0.35);
    specs = { kind, flowRate, gasType, zeroColdWater };
    name = t(
      joinZh([brand.name.zh, `${flowRate}升`, zeroColdWater && '零冷水', '恒温', '燃气热水器', gasType === 'natural' ? '天然气' : '液化气', gradeZh(energyGrade)]),
      joinEn(`${brand.name.en} ${flowRate} L/min gas water heater`, [zeroColdWater && 'instant hot water', gasType === 'lpg' && 'LPG', gradeEn(energyGrade)]),
    );
    model = `JSQ${Math.round(flowRate * 1.9)}-${flowRate}${rng.letters(rng.int(1, 3))}${rng.digits(rng.int(1, 2))}${rng.chance(0.3) ? rng.letters(1) : ''}`;
    pool.push(t('水气双调恒温，温度不忽冷忽热', 'Steady temperature, no hot-cold swings'), t('防冻设计，北方冬季放心用', 'Anti-freeze protection for northern winters'));
    if (zeroColdWater) pool.push(t('零冷水，一开即热', 'Hot water the moment you open the tap'));
    baseYuan = 1100 + (flowRate - 12) * 170 + (zeroColdWater ? 1100 : 0);
  }
  if (energyGrade === 1) pool.push(H.grade1);
  pool.push(H.app);
  return { art: kind === 'electric' ? 'water-heater-electric' : 'water-heater-gas', specs, baseYuan, energyGrade, name, model, highlights: pool };
};

const dishwasher: Maker = (rng, brand) => {
  const installation = brand.id === 'fotile' && rng.chance(0.5) ? 'sink' : rng.weighted([['built-in', 6], ['freestanding', 3], ['countertop', 1.2]] as const);
  const placeSettings = installation === 'countertop' ? rng.pick([4, 5, 6]) : installation === 'sink' ? rng.pick([8, 10, 12]) : rng.weighted([[10, 1], [12, 1], [13, 3], [14, 2], [15, 1], [16, 2]] as const);
  const drying = brand.id === 'siemens' || brand.id === 'bosch' ? rng.weighted([['zeolite', 6], ['hot-air', 2], ['auto-open', 2]] as const) : rng.weighted([['hot-air', 5], ['auto-open', 4], ['zeolite', 0.5]] as const);
  const sterilization = rng.chance(0.85);
  const noise = rng.int(installation === 'countertop' ? 46 : 40, installation === 'countertop' ? 52 : 49);
  const energyGrade = grade(rng, 9, 1, 0);
  const instZh = { 'built-in': '嵌入式', freestanding: '独立式', countertop: '台式', sink: '水槽式' }[installation];
  const instEn = { 'built-in': 'built-in', freestanding: 'freestanding', countertop: 'countertop', sink: 'sink-type' }[installation];
  const dryZh = { 'hot-air': '热风烘干', 'auto-open': '自动开门烘干', zeolite: '晶蕾烘干' }[drying];
  const dryEn = { 'hot-air': 'hot-air drying', 'auto-open': 'auto door-open drying', zeolite: 'zeolite drying' }[drying];
  const name = t(
    joinZh([brand.name.zh, `${placeSettings}套`, instZh, dryZh, sterilization && '高温除菌', gradeZh(energyGrade), '洗碗机']),
    joinEn(`${brand.name.en} ${placeSettings}-place ${instEn} dishwasher`, [dryEn, sterilization && 'sanitizing', gradeEn(energyGrade)]),
  );
  let model: string;
  switch (brand.id) {
    case 'siemens':
      model = `S${rng.pick(['J', 'N', 'C'])}${rng.digits(2)}${rng.letters(2)}${rng.digits(2)}${rng.letters(1)}C`;
      break;
    case 'bosch':
      model = `SM${rng.pick(['S', 'V', 'I'])}${rng.digits(1)}${rng.letters(3)}${rng.digits(2)}C`;
      break;
    case 'fotile':
      model = installation === 'sink' ? `${rng.pick(['02', 'JBSD'])}-${rng.letters(1)}${rng.digits(1)}${rng.letters(rng.int(0, 1))}` : `${rng.pick(['E', 'V', 'Z'])}${rng.digits(1)}${rng.letters(rng.int(0, 2))}`;
      break;
    default:
      model = `WQP${placeSettings}-${rng.letters(rng.int(1, 3))}${rng.digits(rng.int(2, 4))}${rng.letters(rng.int(0, 1))}`;
  }
  const pool: LocalizedText[] = [H.install, t('一键智洗，省水省时', 'One-touch smart wash saves water'), t('全自动投放洗涤剂', 'Automatic detergent dosing')];
  if (sterilization) pool.push(t('高温除菌率99.99%', '99.99% germ removal at high temperature'));
  if (drying === 'zeolite') pool.push(t('晶蕾烘干，碗筷干爽无水渍', 'Zeolite drying leaves no water spots'));
  if (installation === 'sink') pool.push(t('水槽洗碗机，果蔬净化二合一', 'Sink dishwasher that also cleans produce'));
  if (energyGrade === 1) pool.push(H.grade1);
  if (noise <= 44) pool.push(H.quiet);
  const baseYuan = installation === 'countertop' ? 1500 + placeSettings * 100 : (installation === 'sink' ? 4000 : 2400) + (placeSettings - 8) * 300 + (drying === 'zeolite' ? 1200 : 0) + (installation === 'built-in' ? 300 : 0);
  return { art: 'dishwasher', specs: { placeSettings, installation, drying, sterilization, noise }, baseYuan, energyGrade, name, model, highlights: pool };
};

const airPurifier: Maker = (rng, brand) => {
  const cadr = rng.int(brand.id === 'dyson' ? 30 : 30, brand.id === 'xiaomi' ? 80 : 120) * 10;
  const area = Math.round(cadr * rng.range(0.07, 0.12));
  const formaldehyde = rng.chance(0.7);
  const formaldehydeCadr = formaldehyde ? Math.round((cadr * rng.range(0.25, 0.6)) / 10) * 10 : undefined;
  const noise = rng.int(28, 38);
  const smart = rng.chance(brand.id === 'xiaomi' ? 1 : 0.6);
  const name = t(
    joinZh([brand.name.zh, `颗粒物CADR ${cadr}`, formaldehyde && '除甲醛', smart && '智能', '空气净化器']),
    joinEn(`${brand.name.en} air purifier, CADR ${cadr} m³/h`, [formaldehyde && 'removes formaldehyde', smart && 'app control']),
  );
  let model: string;
  switch (brand.id) {
    case 'dyson':
      model = `${rng.pick(['TP', 'HP', 'BP', 'PH'])}${rng.pick(['07', '09', '10', '11', '12'])}${rng.chance(0.3) ? ' Formaldehyde' : ''}`;
      break;
    case 'xiaomi':
      model = `AC-M${rng.int(10, 30)}-${rng.pick(['SC', 'SA', 'MA'])}`;
      break;
    case 'panasonic':
      model = `F-${rng.letters(2)}${rng.digits(2)}${rng.letters(1)}C`;
      break;
    default:
      model = `KJ${cadr}${formaldehyde ? 'F' : 'G'}-${rng.letters(rng.int(1, 2))}${rng.digits(rng.int(1, 3))}${rng.letters(rng.int(0, 1))}`;
  }
  const pool: LocalizedText[] = [t('H13级HEPA滤网', 'H13 HEPA filter'), t('实时空气质量显示', 'Live air-quality display')];
  if (formaldehyde) pool.push(t('分解甲醛，新房入住更安心', 'Breaks down formaldehyde in new homes'));
  if (noise <= 32) pool.push(t('睡眠模式低至' + noise + '分贝', `Sleep mode as quiet as ${noise} dB`));
  if (smart) pool.push(H.app);
  pool.push(t('除菌除过敏原', 'Removes bacteria and allergens'), t('宠物家庭适用，吸附浮毛', 'Captures pet hair and dander'));
  const specs: Record<string, SpecValue> = { cadr, area, noise, smart };
  if (formaldehydeCadr !== undefined) specs.formaldehydeCadr = formaldehydeCadr;
  return { art: 'air-purifier', specs, baseYuan: 300 + cadr * 2.4 + (formaldehyde ? 300 : 0), energyGrade: null, name, model, highlights: pool };
};

const vacuum: Maker = (rng, brand) => {
  const type = brand.id === 'dyson' ? 'stick' : brand.id === 'ecovacs' ? rng.weighted([['robot', 8], ['floor-washer', 2]] as const) : rng.weighted([['stick', 4], ['robot', 4], ['floor-washer', 2]] as const);
  const suction = type === 'robot' ? rng.int(6, 22) * 1000 : type === 'stick' ? rng.int(18, 30) * 1000 : rng.int(12, 20) * 1000;
  const runtime = type === 'robot' ? rng.int(15, 22) * 10 : type === 'stick' ? rng.int(8, 14) * 5 : rng.int(6, 9) * 5;
  const selfEmptying = type === 'robot' ? rng.chance(0.7) : false;
  const typeZh = { stick: '无线手持吸尘器', robot: '扫拖机器人', 'floor-washer': '洗地机' }[type];
  const typeEn = { stick: 'cordless stick vacuum', robot: 'robot vacuum & mop', 'floor-washer': 'wet & dry floor washer' }[type];
  const name = t(
    joinZh([brand.name.zh, `${suction}Pa`, selfEmptying && '全能基站 自动集尘', `续航${runtime}分钟`, typeZh]),
    joinEn(`${brand.name.en} ${typeEn}`, [`${fmt(suction)} Pa`, selfEmptying && 'self-emptying base', `${runtime} min runtime`]),
  );
  let model: string;
  switch (brand.id) {
    case 'dyson':
      model = `${rng.pick(['V8', 'V10', 'V12', 'V15', 'Gen5'])} ${rng.pick(['Slim', 'Detect', 'Absolute', 'Fluffy', 'Origin', 'Submarine'])}`;
      break;
    case 'ecovacs':
      model = type === 'robot' ? `DEEBOT ${rng.pick(['T', 'X', 'N'])}${rng.int(2, 8)}0 ${rng.pick(['Pro', 'Omni', 'Max', 'Pro+'])}` : `${rng.pick(['Floor', 'WINBOT'])} ${rng.letters(1)}${rng.digits(1)}`;
      break;
    case 'xiaomi':
      model = type === 'robot' ? `STYTJ${rng.digits(2)}ZHM` : type === 'stick' ? `SCWXCQ${rng.digits(2)}${rng.letters(1)}` : `SXJ${rng.digits(2)}${rng.letters(2)}`;
      break;
    default:
      model = `${type === 'robot' ? 'R' : type === 'stick' ? 'P' : 'X'}${rng.digits(1)}${rng.letters(rng.int(0, 2))}${rng.chance(0.5) ? ' Pro' : ''}`;
  }
  const pool: LocalizedText[] = [t(`${fmt(suction)}Pa大吸力`, `${fmt(suction)} Pa strong suction`), t(`续航${runtime}分钟`, `${runtime} minutes per charge`)];
  if (type === 'robot') pool.push(t('激光导航，智能避障', 'Laser navigation with obstacle avoidance'), t('扫拖一体，拖布自动清洗', 'Vacuums and mops; washes its own mop'));
  if (selfEmptying) pool.push(t('自动集尘，60天免倒垃圾', 'Self-emptying: 60 days hands-free'));
  if (type === 'stick') pool.push(t('激光显尘，看得见的干净', 'Dust-revealing light on the floor head'), t('轻量机身，单手操作', 'Lightweight, one-handed'));
  if (type === 'floor-washer') pool.push(t('吸拖洗一步完成', 'Vacuums and washes in one pass'), t('滚刷自清洁热风烘干', 'Self-cleaning roller with hot-air drying'));
  pool.push(t('宠物毛发不缠绕', 'Tangle-free for pet hair'), H.app);
  const baseYuan = type === 'robot' ? 1200 + suction * 0.16 + (selfEmptying ? 1200 : 0) : type === 'stick' ? 400 + suction * 0.05 + runtime * 12 : 900 + suction * 0.1;
  const specs: Record<string, SpecValue> = { type, suction, runtime };
  if (type === 'robot') specs.selfEmptying = selfEmptying;
  return { art: type === 'robot' ? 'robot-vacuum' : type === 'stick' ? 'vacuum-stick' : 'floor-washer', specs, baseYuan, energyGrade: null, name, model, highlights: pool };
};

const smallAppliance: Maker = (rng, brand) => {
  const type = rng.weighted([
    ['rice-cooker', 35],
    ['kettle', 25],
    ['air-fryer', 25],
    ['blender', brand.id === 'joyoung' ? 35 : brand.id === 'xiaomi' ? 0 : 15],
  ] as const);
  const smart = rng.chance(brand.id === 'xiaomi' ? 1 : 0.3);
  const pool: LocalizedText[] = [];
  let specs: Record<string, SpecValue>;
  let name: LocalizedText;
  let model: string;
  let baseYuan: number;
  let energyGrade: number | null = null;
  const code = brand.id === 'supor' ? 'S' : brand.id === 'joyoung' ? 'J' : brand.id === 'midea' ? 'M' : brand.id === 'panasonic' ? 'P' : 'X';
  if (type === 'rice-cooker') {
    const capacity = rng.weighted([[3, 2], [4, 5], [5, 3]] as const);
    const ihHeating = rng.chance(0.4);
    const power = ihHeating ? rng.pick([1100, 1200, 1300]) : rng.pick([700, 760, 860]);
    energyGrade = grade(rng, 5, 3, 2);
    specs = { type, capacity, power, ihHeating, smart };
    name = t(
      joinZh([brand.name.zh, `${capacity}升`, ihHeating && 'IH电磁加热', rng.chance(0.4) && '球釜内胆', smart && '智能预约', '电饭煲']),
      joinEn(`${brand.name.en} ${capacity} L ${ihHeating ? 'IH ' : ''}rice cooker`, [smart && 'app control']),
    );
    model =
      brand.id === 'panasonic'
        ? `SR-${rng.letters(2)}${capacity}${rng.digits(2)}`
        : brand.id === 'supor'
          ? `SF${capacity}0${ihHeating ? 'HC' : 'FC'}${rng.digits(3)}`
          : brand.id === 'joyoung'
            ? `F-${capacity}0${rng.letters(2)}${rng.digits(1)}`
            : brand.id === 'midea'
              ? `MB-${rng.letters(2)}${capacity}0${rng.letters(1)}${rng.digits(1)}`
              : `${code}R${capacity}${rng.digits(3)}`;
    pool.push(t('多段柔火，米饭香甜', 'Multi-stage heating for fluffy rice'), t('24小时预约，回家就开饭', '24-hour timer: rice ready when you are'), t('不粘内胆，易清洗', 'Non-stick inner pot, easy to clean'));
    if (ihHeating) pool.push(t('IH电磁立体加热', 'IH induction heats from all sides'));
    if (energyGrade === 1) pool.push(H.grade1);
    baseYuan = 150 + capacity * 40 + (ihHeating ? 450 : 0) + (smart ? 80 : 0);
  } else if (type === 'kettle') {
    const capacity = rng.pick([1.5, 1.7, 1.7, 1.8]);
    const power = rng.pick([1800, 2000, 2200]);
    specs = { type, capacity, power, smart };
    const constantTemp = rng.chance(0.5);
    name = t(
      joinZh([brand.name.zh, `${capacity}升`, constantTemp && '恒温', '304不锈钢', '电水壶']),
      joinEn(`${brand.name.en} ${capacity} L electric kettle`, [constantTemp && 'keep-warm', 'stainless steel']),
    );
    model = brand.id === 'joyoung' ? `K${capacity * 10}-F${rng.digits(3)}` : brand.id === 'supor' ? `SW-${capacity * 10}${rng.letters(1)}${rng.digits(2)}` : `${code}K-${rng.letters(2)}${capacity * 10}${rng.digits(2)}`;
    pool.push(t('304不锈钢内胆', 'Food-grade 304 stainless steel'), t('防干烧自动断电', 'Boil-dry protection'), t('快速烧水，约5分钟', 'Boils in about 5 minutes'));
    if (constantTemp) pool.push(t('多段控温，泡茶冲奶更合适', 'Set temperatures for tea or baby formula'));
    baseYuan = 70 + capacity * 40 + (constantTemp ? 120 : 0) + (smart ? 50 : 0);
  } else if (type === 'air-fryer') {
    const capacity = rng.pick([4.5, 5, 5.5, 6, 7, 8]);
    const power = rng.pick([1300, 1400, 1500, 1700]);
    const visible = rng.chance(0.5);
    specs = { type, capacity, power, smart };
    name = t(
      joinZh([brand.name.zh, `${capacity}升`, visible && '可视', '免翻面', '空气炸锅']),
      joinEn(`${brand.name.en} ${capacity} L air fryer`, [visible && 'viewing window', smart && 'app control']),
    );
    model = `${code === 'X' ? 'MAF' : code + 'F'}${capacity * 10}-${rng.letters(rng.int(1, 2))}${rng.digits(rng.int(1, 3))}`;
    pool.push(t('少油健康，一样酥脆', 'Crispy with little or no oil'), t('免翻面，上下双热源', 'Top and bottom heating, no flipping'), t('不粘炸篮，洗碗机可洗', 'Non-stick basket, dishwasher-safe'));
    if (visible) pool.push(t('可视窗口，烹饪过程看得见', 'See-through window'));
    baseYuan = 150 + capacity * 40 + (visible ? 120 : 0) + (smart ? 80 : 0);
  } else {
    const capacity = rng.pick([1.2, 1.5, 1.75]);
    const power = rng.pick([800, 1000, 1200, 1500, 1800]);
    const quiet = rng.chance(0.4);
    specs = { type, capacity, power, smart };
    name = t(
      joinZh([brand.name.zh, `${capacity}升`, quiet && '轻音', '加热', '破壁机']),
      joinEn(`${brand.name.en} ${capacity} L heated high-speed blender`, [quiet && 'quiet mode']),
    );
    model = brand.id === 'joyoung' ? `L${capacity * 10}-P${rng.digits(3)}` : `${code}P${rng.digits(3)}${rng.letters(rng.int(0, 1))}`;
    pool.push(t('豆浆米糊果汁一机多用', 'Soy milk, porridge and smoothies'), t('预约加热，早餐一键完成', 'Timed heating for ready breakfasts'), t('自动清洗', 'Self-cleaning program'));
    if (quiet) pool.push(t('降噪罩，轻音运行', 'Noise-reducing cover'));
    baseYuan = 200 + power * 0.35 + (quiet ? 300 : 0) + (smart ? 100 : 0);
  }
  if (smart) pool.push(H.app);
  const art = type;
  return { art, specs, baseYuan, energyGrade, name, model, highlights: pool };
};

const MAKERS: Record<CategoryId, Maker> = {
  'air-conditioners': airConditioner,
  refrigerators: fridge,
  'washing-machines': washer,
  televisions: television,
  kitchen,
  'water-heaters': waterHeater,
  dishwashers: dishwasher,
  dryers: dryer,
  freezers: freezer,
  'air-purifiers': airPurifier,
  'vacuum-cleaners': vacuum,
  'small-appliances': smallAppliance,
};

/** Every illustration key the generator can emit (one SVG per key in resources/product-art). */
export const CATALOG_ART_KEYS: readonly string[] = [
  'fridge-single',
  'fridge-double',
  'fridge-triple',
  'fridge-side-by-side',
  'fridge-french',
  'freezer-chest',
  'freezer-upright',
  'washer-front',
  'washer-top',
  'dryer',
  'ac-wall',
  'ac-floor',
  'tv',
  'range-hood',
  'cooktop',
  'steam-oven',
  'water-heater-electric',
  'water-heater-gas',
  'dishwasher',
  'rice-cooker',
  'kettle',
  'air-fryer',
  'blender',
  'air-purifier',
  'vacuum-stick',
  'robot-vacuum',
  'floor-washer',
];

// ---------------------------------------------------------------------------------------------
// Promotions: the same for every product count and seed (the scale catalog prices carts the same
// way as the demo store). Dated around the demo store date 2026-11-22, with one promotion already
// over and one not yet started so date filtering has something to filter.

type PromotionDraft = Omit<PromotionData, 'categoryIds' | 'brandIds' | 'repeat' | 'priority'> & {
  categoryIds?: CategoryId[];
  brandIds?: string[];
  bundleCategoryIds?: CategoryId[];
  repeat?: boolean;
  priority?: number;
};

const promotion = (p: PromotionDraft): PromotionData => ({
  categoryIds: [],
  brandIds: [],
  repeat: false,
  priority: 0,
  ...p,
});

const PROMOTIONS: readonly PromotionData[] = [
  promotion({
    id: 'store-5000-300',
    kind: 'threshold',
    title: t('全场满5000减300', '¥300 off ¥5,000'),
    description: t('全场家电一次购满5000元立减300元，可与其他优惠同享', '¥300 off when your appliances come to ¥5,000 or more; combines with other offers'),
    art: 'fridge-side-by-side',
    thresholdFen: 5000_00,
    discountFen: 300_00,
    startsOn: '2026-11-01',
    endsOn: '2027-01-31',
  }),
  promotion({
    id: 'kitchen-every-3000-150',
    kind: 'threshold',
    title: t('厨电每满3000减150', '¥150 off every ¥3,000 of kitchen appliances'),
    description: t('烟机、灶具、蒸烤箱、洗碗机每满3000元减150元，上不封顶', 'Range hoods, cooktops, steam ovens and dishwashers: ¥150 off for every full ¥3,000, no limit'),
    art: 'range-hood',
    categoryIds: ['kitchen', 'dishwashers'],
    thresholdFen: 3000_00,
    discountFen: 150_00,
    repeat: true,
    startsOn: '2026-11-15',
    endsOn: '2027-01-15',
    priority: 10,
  }),
  promotion({
    id: 'haier-fridge-10-off',
    kind: 'percent',
    title: t('海尔冰箱9折', 'Haier refrigerators 10% off'),
    description: t('海尔冰箱享9折，每单最高减1000元', '10% off Haier refrigerators, up to ¥1,000 off per order'),
    art: 'fridge-french',
    categoryIds: ['refrigerators'],
    brandIds: ['haier'],
    percent: 10,
    maxDiscountFen: 1000_00,
    startsOn: '2026-11-01',
    endsOn: '2026-12-31',
    priority: 10,
  }),
  promotion({
    id: 'tv-trade-in',
    kind: 'percent',
    title: t('电视以旧换新95折', 'TV trade-in: 5% off'),
    description: t('以旧换新，新电视享95折，每单最高减500元，送装时回收旧机', 'Trade in your old TV for 5% off a new one, up to ¥500 off per order; we take the old set away on delivery'),
    art: 'tv',
    categoryIds: ['televisions'],
    percent: 5,
    maxDiscountFen: 500_00,
    startsOn: '2026-11-01',
    endsOn: '2027-01-31',
  }),
  promotion({
    id: 'washer-dryer-bundle',
    kind: 'bundle',
    title: t('洗烘套购立减500', 'Washer + dryer set: ¥500 off'),
    description: t('洗衣机与干衣机一起买，每套立减500元', 'Buy a washing machine and a dryer together: ¥500 off each set'),
    art: 'dryer',
    bundleCategoryIds: ['washing-machines', 'dryers'],
    discountFen: 500_00,
    startsOn: '2026-11-01',
    endsOn: '2027-01-31',
    priority: 10,
  }),
  promotion({
    id: 'ac-purifier-bundle',
    kind: 'bundle',
    title: t('空调+净化器套购立减300', 'Air conditioner + purifier set: ¥300 off'),
    description: t('空调与空气净化器一起买，每套立减300元', 'Buy an air conditioner and an air purifier together: ¥300 off each set'),
    art: 'air-purifier',
    bundleCategoryIds: ['air-conditioners', 'air-purifiers'],
    discountFen: 300_00,
    startsOn: '2026-11-01',
    endsOn: '2027-01-31',
  }),
  promotion({
    id: 'double-11-2026',
    kind: 'threshold',
    title: t('双11 每满2000减100', 'Singles Day: ¥100 off every ¥2,000'),
    description: t('双11家电节，全场每满2000元减100元', 'Singles Day appliance sale: ¥100 off for every full ¥2,000 across the store'),
    art: 'washer-front',
    thresholdFen: 2000_00,
    discountFen: 100_00,
    repeat: true,
    startsOn: '2026-10-20',
    endsOn: '2026-11-11',
    priority: 20,
  }),
  promotion({
    id: 'new-year-festival-2027',
    kind: 'percent',
    title: t('年货节 生活电器85折', 'New Year festival: 15% off small appliances'),
    description: t('年货节生活电器享85折，每单最高减200元', '15% off small appliances for the New Year festival, up to ¥200 off per order'),
    art: 'rice-cooker',
    categoryIds: ['small-appliances'],
    percent: 15,
    maxDiscountFen: 200_00,
    startsOn: '2027-01-10',
    endsOn: '2027-02-10',
  }),
];

// ---------------------------------------------------------------------------------------------
// Assembly

const DAY_MS = 86_400_000;
const FIRST_DAY = Date.UTC(2023, 0, 1);
const DAYS = Math.round((Date.UTC(2026, 9, 31) - FIRST_DAY) / DAY_MS) + 1;

/** Splits `total` products over categories by weight (largest remainder), at least one each when possible. */
function allocate(total: number): number[] {
  const weights = CATEGORIES.map((c) => c.weight);
  const sum = weights.reduce((a, b) => a + b, 0);
  const minEach = total >= CATEGORIES.length ? 1 : 0;
  const rest = total - minEach * CATEGORIES.length;
  const exact = weights.map((w) => (rest * w) / sum);
  const counts = exact.map((x) => Math.floor(x) + minEach);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) {
    const idx = order[k]?.[1] ?? 0;
    counts[idx] = (counts[idx] ?? 0) + 1;
  }
  return counts;
}

const GENERIC_HIGHLIGHTS: ReadonlySet<LocalizedText> = new Set([H.install, H.oldForNew, H.app, H.warranty]);

const MODEL_VARIANTS = ['(E)', '-W', '(Q)', '-S', '-G', '(1)', 'Y', '-H', 'A', '-B'] as const;

export function generateCatalog(opts: GenerateCatalogOptions): CatalogDataset {
  const total = Math.max(0, Math.floor(opts.products));
  const seed = opts.seed ?? DEFAULT_CATALOG_SEED;
  const rng = new Rng(seed);

  const categories: CategoryData[] = CATEGORIES.map((c, i) => ({
    id: c.id,
    name: c.name,
    art: c.art,
    sortOrder: (i + 1) * 10,
    specs: c.specs.map((s) => ({ ...s })),
    services: [...(SERVICES[c.id] ?? [])],
  }));
  const brands: BrandData[] = BRANDS.map((b) => ({ id: b.id, name: b.name }));

  const counts = allocate(total);
  const products: ProductData[] = [];
  const skus = new Set<string>();
  const models = new Set<string>();
  const dayStrings: string[] = [];

  CATEGORIES.forEach((cat, ci) => {
    const count = counts[ci] ?? 0;
    const sellers = BRANDS.filter((b) => (b.sells[cat.id] ?? 0) > 0).map((b) => [b, b.sells[cat.id] ?? 0] as const);
    const make = MAKERS[cat.id];
    for (let n = 0; n < count; n++) {
      const brand = rng.weighted(sellers);
      const d = make(rng, brand);

      // Price: specs drive the base, the brand's tier scales it, a little noise keeps it lively.
      const raw = d.baseYuan * brand.tier * rng.range(0.92, 1.08);
      let priceYuan = storePrice(Math.min(cat.maxYuan, Math.max(cat.minYuan, raw)));
      if (priceYuan > cat.maxYuan) priceYuan = cat.maxYuan;
      if (priceYuan < cat.minYuan) priceYuan = cat.minYuan;
      let listYuan = priceYuan;
      if (rng.chance(0.8)) listYuan = Math.max(priceYuan, storePrice(priceYuan * rng.range(1.1, 1.25)));

      let model = d.model;
      if (models.has(model)) {
        const variants = rng.sample(MODEL_VARIANTS, MODEL_VARIANTS.length);
        const free = variants.find((v) => !models.has(model + v));
        if (free !== undefined) model += free;
        else {
          let k = 2;
          while (models.has(`${model}-${k}`)) k++;
          model = `${model}-${k}`;
        }
      }
      models.add(model);

      let sku: string;
      do sku = `${cat.code}${rng.digits(8)}`;
      while (skus.has(sku));
      skus.add(sku);

      const day = rng.int(0, DAYS - 1);
      const dayMs = FIRST_DAY + day * DAY_MS;
      const releasedOn = (dayStrings[day] ??= new Date(dayMs).toISOString().slice(0, 10));
      const unixTsMs = dayMs + rng.int(0, DAY_MS - 1);
      const id = UUID.fromFieldsV7(unixTsMs, rng.u32() & 0xfff, rng.u32() >>> 2, rng.u32()).toString();

      // Product-specific selling points first; store services only fill in (or sometimes close the list).
      const specific = d.highlights.filter((h) => !GENERIC_HIGHLIGHTS.has(h));
      const generic = d.highlights.filter((h) => GENERIC_HIGHLIGHTS.has(h));
      const highlights = rng.sample(specific, rng.int(2, 3));
      if (highlights.length < 2 || (highlights.length < 4 && rng.chance(0.3))) highlights.push(...rng.sample(generic, Math.max(1, 2 - highlights.length)));
      // Newer, mid-priced, popular-brand products draw more interest.
      const recency = 0.6 + (0.4 * day) / DAYS;
      const popularity = Math.round(brand.pop * recency * rng.next() ** 2 * 10_000);
      const stock = rng.chance(0.1) ? 0 : 1 + Math.floor(39 * rng.next() ** 1.6);

      products.push({
        id,
        sku,
        model,
        categoryId: cat.id,
        brandId: brand.id,
        name: d.name,
        priceFen: priceYuan * 100,
        listPriceFen: listYuan * 100,
        energyGrade: d.energyGrade,
        art: d.art,
        specs: { ...d.specs, ...energyUse(cat.id, d.specs, d.energyGrade) },
        highlights,
        popularity,
        releasedOn,
        stock,
      });
    }
  });

  return {
    dataset: 'catalog',
    version: opts.version ?? `demo-${seed}-${total}`,
    store: { id: 'demo-store-001', name: { zh: '示范门店 · 北京朝阳店', en: 'Demo Store · Beijing Chaoyang' }, deliveryDistricts: DISTRICTS.map((d) => ({ ...d })) },
    categories,
    brands,
    products,
    promotions: PROMOTIONS.map((p) => structuredClone(p)),
  };
}
