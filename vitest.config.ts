import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@cascade/source'] },
  test: {
    include: ['packages/*/src/**/*.test.ts'],
    sequence: { shuffle: true },
    testTimeout: 30_000,
  },
});
