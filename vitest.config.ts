import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (pure logic, fast) and `integration` (the engine against the sandbox
 * provider on 127.0.0.1, with headless Chromium playing the person at the login page).
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Two cores on CI: keep browser-driven files from starving each other.
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
