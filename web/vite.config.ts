import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// The C++ server serves dist/ with an SPA fallback, so the app lives at '/'.
// In development the API runs on the real server (build/hireflow serve --port 8080).
const backend = process.env.HIREFLOW_DEV_BACKEND ?? 'http://localhost:8080'

export default defineConfig({
  base: '/',
  plugins: [vue()],
  define: {
    // vue-i18n: composition API only; keeps the runtime free of eval (JIT message compilation).
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  server: {
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/healthz': { target: backend },
      '/readyz': { target: backend },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Element Plus is imported whole; it is one cacheable vendor chunk.
    chunkSizeWarningLimit: 1500,
  },
})
