import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web app is built into apps/web/dist (or WEB_DIST, for a private build), which the API serves at `/`
// (apps/api/src/configure-app.ts).
// `npm run dev:web` serves it from Vite instead, passing every API call to a running API (API_URL).
const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.API_URL ?? 'http://127.0.0.1:3000';
// The API's own prefixes; anything else is a screen of the app, answered with index.html by Vite.
const API_PREFIXES = ['/auth', '/projects', '/ideas', '/pipeline', '/deadlines', '/notifications', '/notification-preferences', '/calendar', '/me', '/live', '/admin', '/health', '/metrics', '/openapi.json', '/docs'];

export default defineConfig({
  root,
  plugins: [react()],
  build: { outDir: process.env.WEB_DIST ?? 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1200 },
  server: {
    proxy: Object.fromEntries(
      API_PREFIXES.map((prefix) => [
        prefix,
        {
          target: api,
          // A browser navigation (a deep link such as /projects/<id>) is a screen, not an API call.
          bypass: (req: { headers: { accept?: string } }) => (req.headers.accept?.includes('text/html') ? '/index.html' : undefined),
        },
      ]),
    ),
  },
});
