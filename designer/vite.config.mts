import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { VitePWA } from 'vite-plugin-pwa';
import { pwaOptions } from './pwa-options';

const designerDir = fileURLToPath(new URL('.', import.meta.url));
const repoDir = fileURLToPath(new URL('..', import.meta.url));

// Vite requires a default export for its config file.
export default defineConfig({
  root: designerDir,
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  plugins: [VitePWA(pwaOptions)],
  server: {
    port: 5173,
    proxy: { '/api': 'http://localhost:3000' },
    fs: { allow: [repoDir] },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1000,
    rolldownOptions: {
      onwarn(warning, warn) {
        // React Flow ships a "use client" directive, meaningless in a client-only bundle.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  test: {
    root: designerDir,
    environment: 'jsdom',
    include: ['src/**/*.test.tsx', 'src/**/*.test.ts'],
    setupFiles: ['src/test/setup.ts'],
    // Above testing-library's 5 s asyncUtilTimeout (src/test/setup.ts), so a slow wait reports its own failure.
    testTimeout: 15_000,
    css: false,
  },
});
