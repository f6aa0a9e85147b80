import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ageOn,
  checkMobile,
  checkResidentId,
  maskMobile,
  maskResidentId,
  normaliseMobile,
} from '../../../electron/domain/identity.ts';

const TODAY = '2026-11-22';

/**
 * Independent check character: ISO 7064 MOD 11-2 in its recursive ("pure system") form, rather
 * than the weight table the implementation uses. p ← (p + digit)·2 mod 11 over the 17 digits,
 * then the check value c makes (p + c) ≡ 1 (mod 11); 10 is written X.
 */
function iso7064Check(body17: string): string {
  let p = 0;
  for (const ch of body17) p = ((p + Number(ch)) * 2) % 11;
  const c = (12 - p) % 11;
  return c === 10 ? 'X' : String(c);
}
const withCheck = (body17: string): string => body17 + iso7064Check(body17);

/** YYYYMMDD ↔ days since 1970-01-01, in UTC so the machine's time zone cannot move a date. */
const isoFromDays = (days: number): string => new Date(days * 86_400_000).toISOString().slice(0, 10);
const daysFromIso = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

describe('checkResidentId', () => {
  it('accepts the published sample 11010519491231002X (female, born 1949-12-31)', () => {
    // Weighted sum: 1·7+1·9+0·10+1·5+0·8+5·4+1·2+9·1+4·6+9·3+1·7+2·9+3·10+1·5+0·8+0·4+2·2 = 167
    // 167 mod 11 = 2 → check character '10X98765432'[2] = 'X'; 17th digit 2 is even → female.
    expect(iso7064Check('11010519491231002')).toBe('X');
    expect(checkResidentId('11010519491231002X', TODAY)).toEqual({ ok: true, birthDate: '1949-12-31', sex: 'female' });
  });

  it('accepts a lowercase x check character', () => {
    expect(checkResidentId('11010519491231002x', TODAY)).toEqual({ ok: true, birthDate: '1949-12-31', sex: 'female' });
  });

  it('reads the sex from the 17th digit (odd male, even female)', () => {
    expect(checkResidentId(withCheck('44030419900307123'), TODAY)).toMatchObject({ ok: true, sex: 'male', birthDate: '1990-03-07' });
    expect(checkResidentId(withCheck('44030419900307124'), TODAY)).toMatchObject({ ok: true, sex: 'female' });
  });

  it('rejects a wrong check character', () => {
    expect(checkResidentId('110105194912310021', TODAY)).toEqual({ ok: false, code: 'ID_CHECKSUM' });
    expect(checkResidentId('11010519491231002Y', TODAY)).toEqual({ ok: false, code: 'ID_FORMAT' });
    // 44030419900307124 has check digit 8 (independent computation), so an X there is wrong
    expect(iso7064Check('44030419900307124')).toBe('8');
    expect(checkResidentId('440304199003071248', TODAY)).toMatchObject({ ok: true });
    expect(checkResidentId('44030419900307124X', TODAY)).toEqual({ ok: false, code: 'ID_CHECKSUM' });
    expect(checkResidentId('440304199003071249', TODAY)).toEqual({ ok: false, code: 'ID_CHECKSUM' });
  });

  it('rejects impossible or future dates of birth (with a correct checksum)', () => {
    for (const date of ['19900230', '19901301', '19900001', '19900100', '19000229', '18991231', '20261123', '20300101']) {
      expect(checkResidentId(withCheck(`110105${date}123`), TODAY), date).toEqual({ ok: false, code: 'ID_BIRTH_DATE' });
    }
  });

  it('accepts leap days in leap years and a birth on the store date itself', () => {
    expect(checkResidentId(withCheck('11010520000229123'), TODAY)).toMatchObject({ ok: true, birthDate: '2000-02-29' });
    expect(checkResidentId(withCheck('11010519960229123'), TODAY)).toMatchObject({ ok: true, birthDate: '1996-02-29' });
    expect(checkResidentId(withCheck('11010520261122123'), TODAY)).toMatchObject({ ok: true, birthDate: TODAY });
    expect(checkResidentId(withCheck('11010519000101123'), TODAY)).toMatchObject({ ok: true, birthDate: '1900-01-01' });
  });

  it('rejects malformed input as ID_FORMAT', () => {
    const bad = [
      '',
      '11010519491231002', // 17 characters
      '11010519491231002X1', // 19 characters
      '110105491231002', // legacy 15-digit number
      '1101051949123100X2', // X not in the last position
      ' 11010519491231002X', // surrounding space: the caller trims, then HMACs what was checked
      '110105 19491231002X',
      '１１０１０５１９４９１２３１００２Ｘ', // full-width digits
      '11010519491231002Ｘ',
      'abcdefghijklmnopqr',
    ];
    for (const id of bad) expect(checkResidentId(id, TODAY), id).toEqual({ ok: false, code: 'ID_FORMAT' });
  });

  it('throws on a malformed store date (a bug in the caller, not customer input)', () => {
    expect(() => checkResidentId('11010519491231002X', '2026-02-30')).toThrow(RangeError);
    expect(() => checkResidentId('11010519491231002X', '20261122')).toThrow(RangeError);
  });
});

/**
 * The first two digits of a resident ID, written out here rather than taken from the code under
 * test: the province-level divisions of GB/T 2260 (31 on the mainland, 71 Taiwan, 81 Hong Kong,
 * 82 Macao) and 83, which the residence permits of Taiwan residents carry (830000).
 */
const PROVINCES = [
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82', '83',
];
const NOT_PROVINCES = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0')).filter((p) => !PROVINCES.includes(p));

describe('checkResidentId: region', () => {
  it('rejects 000000… with a valid check digit and a real date of birth (issue 8 item 9)', () => {
    const id = withCheck('00000019880808123');
    expect(checkResidentId(id, TODAY)).toEqual({ ok: false, code: 'ID_REGION' });
  });

  it('accepts every province-level code, including the residence permits of Hong Kong, Macao and Taiwan residents', () => {
    for (const province of PROVINCES) {
      expect(checkResidentId(withCheck(`${province}010519880808123`), TODAY), province).toMatchObject({ ok: true, birthDate: '1988-08-08' });
    }
    expect(checkResidentId(withCheck('81000019880808123'), TODAY)).toMatchObject({ ok: true });
    expect(checkResidentId(withCheck('83000019880808124'), TODAY)).toMatchObject({ ok: true, sex: 'female' });
  });

  it('rejects every other first two digits, whatever follows', () => {
    expect(NOT_PROVINCES).toHaveLength(100 - PROVINCES.length);
    for (const prefix of NOT_PROVINCES) {
      expect(checkResidentId(withCheck(`${prefix}010519880808123`), TODAY), prefix).toEqual({ ok: false, code: 'ID_REGION' });
    }
  });

  it('names a mistyped digit as a checksum error first, and a region error before an impossible date', () => {
    const good = withCheck('11010519880808123');
    expect(checkResidentId(`0${good.slice(1)}`, TODAY)).toEqual({ ok: false, code: 'ID_CHECKSUM' });
    expect(checkResidentId(withCheck('00010519900230123'), TODAY)).toEqual({ ok: false, code: 'ID_REGION' });
  });
});

describe('checkResidentId: properties', () => {
  const digits = (n: number): fc.Arbitrary<string> => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));
  /** A province-level region (then any 4 digits), a real date of birth in 1900..TODAY, any 3-digit sequence code. */
  const bodyArb = fc
    .tuple(fc.constantFrom(...PROVINCES), digits(4), fc.integer({ min: daysFromIso('1900-01-01'), max: daysFromIso(TODAY) }), digits(3))
    .map(([province, area, days, seq]) => ({ body: `${province}${area}${isoFromDays(days).replaceAll('-', '')}${seq}`, birthDate: isoFromDays(days) }));

  it('a body whose first two digits are no province fails with ID_REGION, whatever else is right', () => {
    fc.assert(
      fc.property(bodyArb, fc.constantFrom(...NOT_PROVINCES), ({ body }, prefix) => {
        expect(checkResidentId(withCheck(prefix + body.slice(2)), TODAY)).toEqual({ ok: false, code: 'ID_REGION' });
      }),
      { numRuns: 500 },
    );
  });

  it('any 17-digit body with a real date of birth plus its computed check character passes', () => {
    fc.assert(
      fc.property(bodyArb, ({ body, birthDate }) => {
        const result = checkResidentId(withCheck(body), TODAY);
        expect(result).toEqual({ ok: true, birthDate, sex: Number(body[16]) % 2 === 1 ? 'male' : 'female' });
      }),
      { numRuns: 1000 },
    );
  });

  it('changing any single character (digit or check character) fails the checksum', () => {
    // Every weight 2^k mod 11 is non-zero and a digit changes by 1..9 < 11, so Σ changes mod 11.
    fc.assert(
      fc.property(bodyArb, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 10 }), ({ body }, pos, delta) => {
        const id = withCheck(body);
        const alphabet = '0123456789X';
        const chars = [...id];
        if (pos === 17) {
          chars[17] = alphabet[(alphabet.indexOf(id[17] ?? '') + delta) % 11] ?? '';
        } else {
          fc.pre(delta <= 9);
          chars[pos] = String((Number(id[pos]) + delta) % 10);
        }
        expect(checkResidentId(chars.join(''), TODAY)).toEqual({ ok: false, code: 'ID_CHECKSUM' });
      }),
      { numRuns: 1000 },
    );
  });

  it('swapping two different adjacent digits fails the checksum', () => {
    // Consecutive weights differ mod 11, so (a − b)(w_i − w_{i+1}) ≢ 0 (mod 11).
    fc.assert(
      fc.property(bodyArb, fc.integer({ min: 0, max: 15 }), ({ body }, pos) => {
        fc.pre(body[pos] !== body[pos + 1]);
        const id = withCheck(body);
        const swapped = id.slice(0, pos) + id[pos + 1] + id[pos] + id.slice(pos + 2);
        expect(checkResidentId(swapped, TODAY)).toEqual({ ok: false, code: 'ID_CHECKSUM' });
      }),
    );
  });
});

describe('ageOn', () => {
  it('counts whole years, turning older on the birthday itself', () => {
    expect(ageOn('2008-11-23', TODAY)).toBe(17); // turns 18 tomorrow
    expect(ageOn('2008-11-22', TODAY)).toBe(18); // 18th birthday today
    expect(ageOn('2008-11-21', TODAY)).toBe(18);
    expect(ageOn('1949-12-31', TODAY)).toBe(76);
    expect(ageOn(TODAY, TODAY)).toBe(0);
  });

  it('someone born on 29 February turns older on 1 March in a common year', () => {
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
    expect(ageOn('2008-02-29', '2028-02-29')).toBe(20);
  });

  it('throws on malformed dates or a birth after today', () => {
    expect(() => ageOn('2026-11-23', TODAY)).toThrow(RangeError);
    expect(() => ageOn('1990-02-30', TODAY)).toThrow(RangeError);
    expect(() => ageOn('1990-1-3', TODAY)).toThrow(RangeError);
  });

  it('agrees with the date of the k-th birthday (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: daysFromIso('1900-01-01'), max: daysFromIso('2000-12-31') }), fc.integer({ min: 1, max: 100 }), (days, k) => {
        const birth = isoFromDays(days);
        const [y, rest] = [Number(birth.slice(0, 4)), birth.slice(4)];
        // k-th birthday; a 29 February birth has it on 1 March in a common year
        let birthday = `${String(y + k).padStart(4, '0')}${rest}`;
        if (Number.isNaN(Date.parse(`${birthday}T00:00:00Z`)) || isoFromDays(daysFromIso(birthday)) !== birthday) {
          birthday = `${String(y + k).padStart(4, '0')}-03-01`;
        }
        expect(ageOn(birth, birthday)).toBe(k);
        expect(ageOn(birth, isoFromDays(daysFromIso(birthday) - 1))).toBe(k - 1);
      }),
    );
  });
});

describe('mobile numbers', () => {
  it('accepts mainland mobiles in the usual spellings', () => {
    for (const p of ['13812345678', '138 1234 5678', '138-1234-5678', '+8613812345678', '+86 138 1234 5678', '+86-138-1234-5678', '008613812345678', '0086 138 1234 5678']) {
      expect(normaliseMobile(p), p).toBe('13812345678');
      expect(checkMobile(p), p).toBe(true);
    }
    expect(normaliseMobile('19912345678')).toBe('19912345678');
  });

  it('rejects anything else', () => {
    const bad = [
      '',
      '12812345678', // second digit must be 3-9
      '23812345678',
      '1381234567', // 10 digits
      '138123456789', // 12 digits
      '8613812345678', // country code without + or 00
      '+85213812345678', // Hong Kong prefix
      '010-12345678', // landline
      '138.1234.5678',
      '1381234567a',
      '１３８１２３４５６７８', // full-width digits
    ];
    for (const p of bad) {
      expect(normaliseMobile(p), p).toBeNull();
      expect(checkMobile(p), p).toBe(false);
    }
  });
});

describe('masks', () => {
  it('keeps the first and last four of a resident ID, X upper case (DESIGN.md §4)', () => {
    expect(maskResidentId('11010519491231002X')).toBe('1101**********002X');
    expect(maskResidentId('11010519491231002x')).toBe('1101**********002X');
    expect(maskResidentId('110101199003071234')).toBe('1101**********1234');
  });

  it('masks malformed IDs completely rather than leak part of a typo', () => {
    expect(maskResidentId('1101051949123100')).toBe('******************');
    expect(maskResidentId('')).toBe('******************');
  });

  it('keeps 3 + 4 digits of a mobile number, whatever the spelling', () => {
    expect(maskMobile('13812345678')).toBe('138****5678');
    expect(maskMobile('+86 138-1234-5678')).toBe('138****5678');
    expect(maskMobile('12345')).toBe('***********');
  });
});
