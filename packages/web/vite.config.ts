import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The console is plain static files served by every control-plane replica (no SSR, no dev
// proxy in production). `npm run dev -w @grimnir/web` proxies the API to a local server.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Hashed file names under assets/: the server marks them immutable for a year.
    assetsDir: 'assets',
    sourcemap: false,
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      // Two pages: the console, and the listeners' station page (no session, no router).
      input: { main: 'index.html', public: 'public.html' },
      output: {
        // Libraries change less often than screens: a separate chunk stays cached across deploys.
        // Mantine is not one chunk: its components then load with the first screen using them
        // (the login form needs a few inputs; tables, selects, menus come with later screens).
        manualChunks(id) {
          if (id.includes('node_modules/@tanstack')) return 'tanstack';
          // Exactly React: Mantine's helpers (react-remove-scroll, …) stay with the components
          // that use them, in lazy route chunks when only a later screen needs them.
          if (/node_modules\/(react|react-dom|scheduler)\//.test(id)) return 'react';
          return undefined;
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', ws: true },
      '/stream': 'http://127.0.0.1:8080',
    },
  },
});
