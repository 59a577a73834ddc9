/**
 * The browser UI (src/web) built into dist/web, which the server serves at `/` (and any page path).
 * Vite 8 compiles TSX with its built-in oxc transform, so no React plugin is needed; the automatic
 * JSX runtime is set here. Each page is its own chunk (the router loads it on first visit).
 * `npm start` builds, then serves.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('./src/web', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/web', import.meta.url));

export default defineConfig(({ command }) => ({
  root,
  base: '/',
  oxc: { jsx: { runtime: 'automatic', development: command !== 'build' } },
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      // Ant Design marks its modules "use client" (for React server components); a browser bundle has
      // no server components, so the directive is meaningless here and the warning is noise.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    // For `npx vite` during development: the API runs separately (`ceyuan serve`) on port 3000.
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
  // A build is for production whatever NODE_ENV the caller runs under (vitest sets "test"; Vite
  // would then bundle React's development build).
  ...(command === 'build' ? { define: { 'process.env.NODE_ENV': JSON.stringify('production') } } : {}),
}));
