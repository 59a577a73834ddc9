/**
 * The browser UI (src/web) built into dist/web, which the server serves at `/`. Vite 8 compiles
 * TSX with its built-in oxc transform, so no React plugin is needed; the automatic JSX runtime is
 * set here. `npm run dev:web` is not required: `npm start` builds, then serves.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('./src/web', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/web', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 700,
  },
  server: {
    // For `npx vite` during development: the API runs separately (`ceyuan serve`) on port 3000.
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
