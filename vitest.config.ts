import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // One migrated PGlite snapshot per run; each test database starts from it (test/support/global-setup.ts).
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    // Test files run side by side: most of a browser or database test is waiting (on Chromium, on
    // PostgreSQL, on the clock), so even two cores do more than one file at a time.
    maxWorkers: 3,
    // Browser tests poll the page until it shows what they expect; a page's chunk and its data
    // arrive in well under this on an idle machine, but CI shares two cores with other work.
    expect: { poll: { timeout: 30_000, interval: 50 } },
    hookTimeout: 120_000,
  },
});
