import { defaultClientConditions, defineConfig } from 'vite';

/** `npm run dev -w packages/dashboard` proxies /api to a running `cascade serve` (default port 8686). */
const apiTarget = process.env['CASCADE_API'] ?? 'http://127.0.0.1:8686';

// Vite loads its config through a default export.
export default defineConfig({
  // Workspace packages (@cascade/analytics) are bundled from their TypeScript sources.
  resolve: { conditions: [...defaultClientConditions, '@cascade/source'] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
  },
  server: { host: '127.0.0.1', proxy: { '/api': { target: apiTarget } } },
});
