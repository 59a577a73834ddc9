import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    // Browser tests poll the page until it shows what they expect; a page's chunk and its data
    // arrive in well under this on an idle machine, but CI shares two cores with other work.
    expect: { poll: { timeout: 8_000, interval: 100 } },
    hookTimeout: 120_000,
  },
});
