// electron-vite: main (ESM, dependencies external), preload (CommonJS: sandboxed preloads cannot load ESM),
// renderer (React, relative asset paths so the HTTP server can serve the same build in browser mode).
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

/** The renderer's Content-Security-Policy; IPC needs no network, browser mode talks to its own origin only. */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
].join('; ');

/** Injected at build time only: the dev server's hot reload needs an inline preamble a strict CSP would block. */
function cspMeta(): Plugin {
  return {
    name: 'deskmate-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: RENDERER_CSP }, injectTo: 'head-prepend' },
    ],
  };
}

/**
 * `npm start` builds better-sqlite3 for Electron's ABI in a copy (scripts/start-desktop.mjs) and sets
 * DESKMATE_ELECTRON_SQLITE=1: the desktop bundle then loads that copy, leaving the Node build to the CLI and tests.
 */
const ELECTRON_SQLITE = '../../node_modules/.deskmate-electron/node_modules/better-sqlite3/lib/index.js';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: true,
      rollupOptions: {
        input: { index: resolve('src/main/index.ts') },
        output: process.env.DESKMATE_ELECTRON_SQLITE === '1' ? { paths: { 'better-sqlite3': ELECTRON_SQLITE } } : {},
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // bundle everything: a sandboxed preload can only require('electron')
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    base: './',
    plugins: [react(), cspMeta()],
    build: {
      outDir: resolve('out/renderer'),
      emptyOutDir: true,
      minify: 'esbuild',
      chunkSizeWarningLimit: 1024,
      rollupOptions: {
        input: { index: resolve('src/renderer/index.html') },
        // zod ships comments Rollup cannot place ("contains an annotation that Rollup cannot interpret"); they are
        // dropped harmlessly, so don't print two screens of warnings that read like a failed build.
        onwarn(warning, warn) {
          if (warning.code === 'INVALID_ANNOTATION' && /node_modules/.test(warning.id ?? '')) return;
          warn(warning);
        },
      },
    },
  },
});
