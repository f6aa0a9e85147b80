/**
 * Identity fields of a credit application (issue 4 item 5): the 18-digit resident identity number
 * (GB 11643-1999), age from its date of birth, the mainland mobile number, and the masked forms
 * shown on screen (DESIGN.md §4). Pure; the raw values never leave the core except as keyed HMAC
 * and these masks.
 */

export type IdCheck =
  | { ok: true; birthDate: string /* YYYY-MM-DD */; sex: 'male' | 'female' }
  | { ok: false; code: 'ID_FORMAT' | 'ID_CHECKSUM' | 'ID_REGION' | 'ID_BIRTH_DATE' };

/** 17 digits then the check character. Strict on purpose: no spaces, no 15-digit legacy numbers.
 *  The caller HMACs exactly what was checked, so a lenient parse here could let "the same" ID
 *  hash two ways and slip past the blocklist and velocity checks. */
const ID_PATTERN = /^\d{17}[\dXx]$/;

/** ISO 7064 MOD 11-2 weights: 2^(17−i) mod 11 for positions i = 0..16. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** Check character indexed by (Σ digit·weight) mod 11. */
const CHECK_CHARS = '10X98765432';

/**
 * What the first two digits of a resident ID can be: the province-level divisions of GB/T 2260
 * (31 on the mainland, 71 Taiwan, 81 Hong Kong, 82 Macao), plus 83, which the residence permits
 * of Taiwan residents carry (830000; Hong Kong's and Macao's use 810000 and 820000). A number
 * outside them passes the checksum one time in eleven by chance, and 000000… on purpose.
 */
const PROVINCES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15', // 北京 天津 河北 山西 内蒙古
  '21', '22', '23', // 辽宁 吉林 黑龙江
  '31', '32', '33', '34', '35', '36', '37', // 上海 江苏 浙江 安徽 福建 江西 山东
  '41', '42', '43', '44', '45', '46', // 河南 湖北 湖南 广东 广西 海南
  '50', '51', '52', '53', '54', // 重庆 四川 贵州 云南 西藏
  '61', '62', '63', '64', '65', // 陕西 甘肃 青海 宁夏 新疆
  '71', '81', '82', '83', // 台湾 香港 澳门, Taiwan residents' residence permits
]);

/** Earliest believable date of birth; anything before is a mistyped year, not a customer. */
const MIN_BIRTH_DATE = '1900-01-01';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

function isRealDate(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** Parse a YYYY-MM-DD the CALLER supplies (store date, stored birth date): a bad one is a bug. */
function parseIsoDate(s: string, what: string): [number, number, number] {
  const m = ISO_DATE.exec(s);
  const y = Number(m?.[1]);
  const mo = Number(m?.[2]);
  const d = Number(m?.[3]);
  if (m === null || !isRealDate(y, mo, d)) throw new RangeError(`${what} is not a real YYYY-MM-DD date: ${s}`);
  return [y, mo, d];
}

/** The check character (0-9 or X) for the first 17 digits. */
function checkChar(body: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? '';
}

/**
 * 18-digit resident identity number: format, then checksum, then the province (first two digits),
 * then date of birth (a real calendar date, not before 1900, not after `today`, the store's local
 * date as YYYY-MM-DD). The checksum is checked first so that any single mistyped digit, even
 * inside the region or the date, reports ID_CHECKSUM ("check the number"); ID_REGION and
 * ID_BIRTH_DATE are left for numbers that are well formed yet impossible. A lowercase x is
 * accepted as the check character. The kiosk form runs this same function as the shopper types.
 */
export function checkResidentId(id: string, today: string): IdCheck {
  parseIsoDate(today, 'today');
  if (!ID_PATTERN.test(id)) return { ok: false, code: 'ID_FORMAT' };
  if (checkChar(id) !== id.slice(17).toUpperCase()) return { ok: false, code: 'ID_CHECKSUM' };
  if (!PROVINCES.has(id.slice(0, 2))) return { ok: false, code: 'ID_REGION' };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  // ISO dates of equal length compare correctly as strings.
  if (!isRealDate(y, m, d) || birthDate < MIN_BIRTH_DATE || birthDate > today) {
    return { ok: false, code: 'ID_BIRTH_DATE' };
  }
  // The 17th digit is the sequence code's last: odd for men, even for women.
  return { ok: true, birthDate, sex: Number(id[16]) % 2 === 1 ? 'male' : 'female' };
}

/**
 * Age in whole years (周岁) on `today`: the year difference, less one if the birthday has not come
 * yet this year. Someone born on 29 February turns a year older on 1 March in common years.
 */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = parseIsoDate(birthDate, 'birthDate');
  const [ty, tm, td] = parseIsoDate(today, 'today');
  if (birthDate > today) throw new RangeError(`birth date ${birthDate} is after ${today}`);
  const hadBirthday = tm > bm || (tm === bm && td >= bd);
  return ty - by - (hadBirthday ? 0 : 1);
}

/** Mainland mobile numbers: 1, then 3-9, then nine digits. */
const MOBILE = /^1[3-9]\d{9}$/;

/**
 * The 11-digit form of a mainland mobile number, or null. Spaces and hyphens are dropped (people
 * type "138 1234 5678" or "138-1234-5678") and an international +86 / 0086 prefix is accepted.
 * Use this form for the HMAC so every spelling of one number matches.
 */
export function normaliseMobile(phone: string): string | null {
  let digits = phone.replace(/[\s-]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  return MOBILE.test(digits) ? digits : null;
}

export function checkMobile(phone: string): boolean {
  return normaliseMobile(phone) !== null;
}

/**
 * '11010519491231002X' → '1101**********002X': the first 4 (province and city) and last 4 kept.
 * Anything that is not an 18-character ID is masked completely, so a mask never leaks a typo'd
 * number; a lowercase check character is shown upper case, as printed on the card.
 */
export function maskResidentId(id: string): string {
  if (!ID_PATTERN.test(id)) return '*'.repeat(18);
  const upper = id.toUpperCase();
  return `${upper.slice(0, 4)}${'*'.repeat(10)}${upper.slice(14)}`;
}

/** '13812345678' (or any spelling normaliseMobile accepts) → '138****5678'; otherwise all stars. */
export function maskMobile(phone: string): string {
  const n = normaliseMobile(phone);
  return n === null ? '*'.repeat(11) : `${n.slice(0, 3)}****${n.slice(7)}`;
}
