/** Small helpers so every benchmark prints the same way: medians, p95, and ratios. */
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
