/**
 * A strict RFC 4180 CSV reader (no CSV library is installed, and a price list is money: anything
 * ambiguous is an error, never a guess). Fields are separated by commas; a field may be quoted
 * with `"`, inside which commas, line breaks and `""` (one quote) are text. Records end with CRLF
 * (RFC 4180) or LF (what most tools write); the last record's line break is optional. A UTF-8 BOM
 * (Excel) is skipped. Refused, naming the record: a quote inside an unquoted field, text after a
 * closing quote, a quoted field never closed, a lone CR. Rows are counted by record, the header
 * being row 1, as a spreadsheet shows them.
 */
export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly row: number,
  ) {
    super(`row ${row}: ${message}`);
  }
}

export function parseCsv(input: string): string[][] {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  const n = text.length;
  const endRecord = () => {
    row.push(field);
    rows.push(row);
    row = [];
    field = '';
  };
  if (n === 0) return rows;
  for (;;) {
    const rowNumber = rows.length + 1;
    if (text[i] === '"') {
      // Quoted field.
      i++;
      for (;;) {
        if (i >= n) throw new CsvSyntaxError('a quoted field is never closed', rowNumber);
        const c = text[i]!;
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += c;
        i++;
      }
      if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
        throw new CsvSyntaxError(`text after a closing quote in field ${row.length + 1} (write a quote inside a quoted field as "")`, rowNumber);
      }
    } else {
      while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
        if (text[i] === '"') throw new CsvSyntaxError(`a quote inside unquoted field ${row.length + 1} (quote the whole field and double the quote)`, rowNumber);
        field += text[i];
        i++;
      }
    }
    if (i >= n) {
      endRecord();
      return rows;
    }
    const c = text[i]!;
    if (c === ',') {
      row.push(field);
      field = '';
      i++;
      continue;
    }
    if (c === '\r') {
      if (text[i + 1] !== '\n') throw new CsvSyntaxError('a carriage return not followed by a line feed', rowNumber);
      i++;
    }
    // Line feed: the record ends; one at the very end of the file ends the last record.
    i++;
    endRecord();
    if (i >= n) return rows;
  }
}

/** One CSV record (RFC 4180): a field with a comma, quote or line break is quoted, quotes doubled. */
export function csvLine(values: ReadonlyArray<string | number>): string {
  return values.map((value) => (/[",\n\r]/.test(String(value)) ? `"${String(value).replaceAll('"', '""')}"` : String(value))).join(',');
}
