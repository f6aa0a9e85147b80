/** Small helpers so every benchmark prints the same way: medians, p95, p99, and ratios. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

export function time(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const ms = (value: number) => (value < 1 ? `${(value * 1000).toFixed(0)} µs` : `${value.toFixed(value < 10 ? 2 : 1)} ms`);

export interface Row {
  name: string;
  samples: number[];
}

/** Prints one table: median, p95, p99 and, when given, the ratio of each median to the first row's. */
export function report(title: string, rows: Row[]): void {
  const base = rows[0] ? percentile(rows[0].samples, 50) : 1;
  const lines = rows.map((row) => {
    const median = percentile(row.samples, 50);
    return [
      row.name.padEnd(52),
      `n=${row.samples.length}`.padEnd(8),
      `median ${ms(median)}`.padEnd(18),
      `p95 ${ms(percentile(row.samples, 95))}`.padEnd(15),
      `p99 ${ms(percentile(row.samples, 99))}`.padEnd(15),
      rows.length > 1 ? `×${(median / base).toFixed(2)}` : '',
    ].join(' ');
  });
  console.log(`\n${title}\n${'-'.repeat(title.length)}\n${lines.join('\n')}`);
}

/** Pads to a width in terminal columns: Chinese characters take two, so tables with them stay aligned. */
export function pad(text: string, width: number): string {
  let columns = 0;
  for (const char of text) columns += /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u.test(char) ? 2 : 1;
  return text + ' '.repeat(Math.max(0, width - columns));
}

const times = (ratio: number) => `×${ratio.toFixed(ratio < 1 ? 2 : 1)}`;

/**
 * One row per case with p50/p95/p99 per engine (column groups), then the ratios asked for as
 * [numerator, denominator] engine indices, at p50 and p95: several engines on one stream read
 * better side by side than as one table each.
 */
export function sideBySide(title: string, engines: readonly string[], rows: readonly { name: string; samples: readonly number[][] }[], ratios: readonly [number, number][]): void {
  const cell = (value: number) => ms(value).padStart(8);
  const group = (samples: readonly number[] | undefined) =>
    samples && samples.length > 0 ? [50, 95, 99].map((p) => cell(percentile(samples, p))).join(' ') : ''.padStart(26);
  const ratio = (a: readonly number[] | undefined, b: readonly number[] | undefined, p: number) =>
    a && b && a.length > 0 && b.length > 0 ? times(percentile(a, p) / percentile(b, p)).padStart(7) : ''.padStart(7);
  const nameWidth = Math.max(12, ...rows.map((r) => r.name.length)) + 1;
  const ratioNames = ratios.map(([a, b]) => `${engines[a] ?? a} ÷ ${engines[b] ?? b} p50, p95`);
  const header = [''.padEnd(nameWidth), ...engines.map((e) => e.padEnd(26)), ...ratioNames.map((r) => r.padEnd(15))].join(' | ');
  const sub = [''.padEnd(nameWidth), ...engines.map(() => `${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'p99'.padStart(8)}`), ...ratios.map(() => ''.padEnd(15))].join(' | ');
  const lines = rows.map((row) =>
    [
      pad(row.name, nameWidth),
      ...engines.map((_, i) => group(row.samples[i])),
      ...ratios.map(([a, b]) => `${ratio(row.samples[a], row.samples[b], 50)} ${ratio(row.samples[a], row.samples[b], 95)}`.padEnd(15)),
    ].join(' | '),
  );
  console.log(`\n${title}\n${'-'.repeat(Math.min(title.length, 160))}\n${header}\n${sub}\n${lines.join('\n')}`);
}
