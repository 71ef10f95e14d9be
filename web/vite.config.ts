import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webDir = fileURLToPath(new URL('.', import.meta.url));

/** The staff web UI. `npm run build:web` builds it into web/dist, which the server serves (routes/web.routes.ts). */
export default defineConfig({
  root: webDir,
  plugins: [react()],
  resolve: { alias: { '@contract': fileURLToPath(new URL('../src/contract', import.meta.url)) } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        manualChunks: (id) => {
          if (!id.includes('node_modules')) return undefined;
          // ECharts only in the analytics pages' own chunk (loaded lazily), never in the shared vendor chunk.
          if (/node_modules\/(echarts|zrender)\//.test(id)) return 'echarts';
          if (/node_modules\/(antd|@ant-design|rc-|@rc-component)/.test(id)) return 'antd';
          return 'vendor';
        },
      },
    },
  },
  // `npm start` serves the API on :3000; `npx vite --config web/vite.config.ts` proxies to it for hot reload.
  server: { proxy: { '/api': `http://127.0.0.1:${process.env.QINGTING_API_PORT ?? 3000}` } },
});
