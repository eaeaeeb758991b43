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
    // Vite's default limit (500 kB): the vendor chunks below each stay under it.
    rolldownOptions: {
      input: { workspace: `${root}index.html`, phones: `${root}phones.html` },
      // Both pages share React and Mantine: vendor chunks named for what they hold, each cached until that library's
      // version changes (an icon added does not refetch React), instead of one 780 kB chunk over the size warning.
      // Higher priority wins when a module matches two groups.
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/, priority: 30 },
            { name: 'mantine', test: /node_modules[\\/]@mantine[\\/]/, priority: 20 },
            { name: 'icons', test: /node_modules[\\/]@tabler[\\/]/, priority: 20 },
            { name: 'vendor', test: /node_modules/, priority: 10 },
            { name: 'shared', test: /web\/src\/[^/]+$/ },
          ],
        },
      },
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
