import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@cascade/source'] },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/e2e/**/*.test.ts'],
    sequence: { shuffle: true },
    testTimeout: 30_000,
    // CI asks for a machine-readable report too (see .ci/run).
    ...(process.env['CASCADE_TEST_REPORT']
      ? {
          reporters: ['default', 'json'],
          outputFile: { json: process.env['CASCADE_TEST_REPORT'] },
        }
      : {}),
  },
});
