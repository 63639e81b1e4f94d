import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Component tests (`npm run test:web`): forms, error mapping and formatting in jsdom.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test-setup.ts'],
    css: false,
    // userEvent types key by key through Mantine's inputs: seconds on a busy 2-core machine.
    testTimeout: 30_000,
  },
});
