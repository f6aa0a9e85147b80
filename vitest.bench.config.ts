import { defineConfig } from 'vitest/config';

// Benchmarks are plain Vitest files that print medians and ratios; they assert nothing on time.
export default defineConfig({
  test: {
    include: ['test/bench/**/*.bench.ts'],
    pool: 'forks',
    fileParallelism: false,
  },
});
