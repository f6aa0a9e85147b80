import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { yuanToFen } from '../../hq/csv-datasets.ts';
import { CsvSyntaxError, parseCsv } from '../../hq/csv.ts';

describe('CSV reader (RFC 4180, strict)', () => {
  it('reads plain and quoted fields, escaped quotes, commas and line breaks inside quotes, CRLF or LF', () => {
    expect(parseCsv('a,b,c\r\n1,"x, y","say ""hi"""\r\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x, y', 'say "hi"'],
    ]);
    expect(parseCsv('a,b\n"two\r\nlines",\n')).toEqual([
      ['a', 'b'],
      ['two\r\nlines', ''],
    ]);
    expect(parseCsv('\uFEFFa\n1')).toEqual([['a'], ['1']]);
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('a,"",b')).toEqual([['a', '', 'b']]);
  });

  it('refuses what RFC 4180 does not allow, naming the row', () => {
    const error = (text: string) => {
      try {
        parseCsv(text);
      } catch (e) {
        return e instanceof CsvSyntaxError ? e.message : `other: ${String(e)}`;
      }
      return 'no error';
    };
    expect(error('a,b\n1,"never closed\n')).toMatch(/^row 2: a quoted field is never closed/);
    expect(error('a\n"x"y\n')).toMatch(/^row 2: text after a closing quote in field 1/);
    expect(error('a,b\nx,1"2\n')).toMatch(/^row 2: a quote inside unquoted field 2/);
    expect(error('a\rb')).toMatch(/^row 1: a carriage return/);
  });

  it('reads back whatever a correct writer wrote (property)', () => {
    const quote = (f: string) => (/[",\r\n]/.test(f) || f === '' ? `"${f.replaceAll('"', '""')}"` : f);
    const cell = fc.string({ unit: fc.constantFrom('a', 'Z', '7', ',', '"', '\r', '\n', ' ', '元', '.'), maxLength: 8 });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 }), fc.boolean(), (rows, crlf) => {
        const eol = crlf ? '\r\n' : '\n';
        const text = rows.map((r) => r.map(quote).join(',')).join(eol) + eol;
        expect(parseCsv(text)).toEqual(rows);
      }),
    );
  });
});

describe('yuan → fen', () => {
  it('is exact for every amount with at most two decimals (property, against integer arithmetic on the digits)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n - 1n }), fc.constantFrom(0, 1, 2), (fen, decimals) => {
        const yuan = fen / 100n;
        const cents = fen % 100n;
        if (decimals === 0) expect(yuanToFen(`${yuan}`)).toBe(Number(yuan * 100n));
        if (decimals === 1) expect(yuanToFen(`${yuan}.${cents / 10n}`)).toBe(Number(yuan * 100n + (cents / 10n) * 10n));
        if (decimals === 2) expect(yuanToFen(`${yuan}.${String(cents).padStart(2, '0')}`)).toBe(Number(fen));
      }),
    );
    // Amounts floating point gets wrong: 0.29 * 100 = 28.999999999999996, 1.005 has three decimals.
    expect(yuanToFen('0.29')).toBe(29);
    expect(yuanToFen('4399.10')).toBe(439910);
    expect(yuanToFen('19.99')).toBe(1999);
  });

  it('refuses anything that is not a plain amount with at most two decimals', () => {
    for (const bad of ['', '1.005', '-1', '+1', '1,000', '01', '1.', '.5', '1e3', ' 1', '¥1', 'NaN', '12345678901234']) {
      expect(yuanToFen(bad), bad).toBeUndefined();
    }
  });
});
