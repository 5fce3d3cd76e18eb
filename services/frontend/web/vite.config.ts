import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Built into the frontend's dist/web, which its express app serves (see src/webUi.ts).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // Hashed file names under assets/ are served with a year-long immutable cache.
    assetsDir: 'assets',
    sourcemap: true,
  },
  server: {
    // `npx vite --config web/vite.config.ts` while `npm run dev` runs: the API is the dev frontend's.
    proxy: { '/v1': 'http://127.0.0.1:8080', '/healthz': 'http://127.0.0.1:8080' },
  },
});
