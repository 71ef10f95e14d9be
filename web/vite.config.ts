import { fileURLToPath } from 'node:url';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const webDir = fileURLToPath(new URL('.', import.meta.url));

/**
 * Writes a brotli (.br) and a gzip (.gz) copy beside every text file of the build, once, at build time; the server
 * sends the copy the browser accepts (@fastify/static `preCompressed`, routes/web.routes.ts).
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'qingting-precompress',
    apply: 'build',
    configResolved(c) {
      outDir = path.resolve(c.root, c.build.outDir);
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir).flatMap((n) => {
          const p = path.join(dir, n);
          return statSync(p).isDirectory() ? walk(p) : [p];
        });
      for (const file of walk(outDir)) {
        if (!/\.(js|css|html|svg|json|txt|map)$/.test(file)) continue;
        const data = readFileSync(file);
        if (data.length < 1024) continue;
        writeFileSync(`${file}.br`, brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } }));
        writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }));
      }
    },
  };
}

/**
 * The web UI: two entries, each with only what it needs. `index.html` is the staff workbench (antd); `portal.html`
 * is the customer portal (/portal, plain React and CSS). `npm run build:web` builds both into web/dist, which the
 * server serves (routes/web.routes.ts) precompressed.
 */
export default defineConfig({
  root: webDir,
  plugins: [react(), precompress()],
  resolve: { alias: { '@contract': fileURLToPath(new URL('../src/contract', import.meta.url)) } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: { main: path.join(webDir, 'index.html'), portal: path.join(webDir, 'portal.html') },
      output: {
        // React alone, shared by both entries: the portal loads nothing else from node_modules. Everything else is
        // left to Rollup, so pages the workbench loads lazily (React.lazy in App.tsx) bring only the antd components
        // they use; ECharts goes in its own chunk, loaded only by the analytics pages.
        manualChunks: (id) => {
          if (/node_modules\/(react|react-dom|scheduler)\//.test(id)) return 'react';
          if (/node_modules\/(echarts|zrender)\//.test(id)) return 'echarts';
          return undefined;
        },
      },
    },
  },
  // `npm start` serves the API on :3000; `npx vite --config web/vite.config.ts` proxies to it for hot reload.
  server: { proxy: { '/api': `http://127.0.0.1:${process.env.QINGTING_API_PORT ?? 3000}` } },
});
