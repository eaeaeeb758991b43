import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// Two pages: the Workspace (served by the api) and the virtual phones (served by the simulator at its own origin).
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    // The vendor chunk (React + Mantine, ≈180 kB gzipped) is fetched once and cached by both pages.
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      input: { workspace: `${root}index.html`, phones: `${root}phones.html` },
      // Both pages share React and Mantine: one cached vendor chunk instead of one named after a random module.
      output: { codeSplitting: { groups: [{ name: 'vendor', test: /node_modules/ }, { name: 'shared', test: /web\/src\/[^/]+$/ }] } },
    },
  },
  // `npx vite --config web/vite.config.mts` beside `npm start`: the pages call their own origin.
  server: {
    proxy: {
      '/api': { target: 'http://localhost:3000' },
      '/sim': { target: 'http://127.0.0.1:3100' },
    },
  },
});
