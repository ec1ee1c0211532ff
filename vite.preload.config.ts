// The sandboxed preload: one CommonJS file that may require only `electron`.
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    ssr: true,
    target: 'node24',
    outDir: 'out/preload',
    emptyOutDir: true,
    minify: false,
    rolldownOptions: {
      input: 'preload/index.ts',
      external: ['electron'],
      output: { format: 'cjs', entryFileNames: 'index.cjs', codeSplitting: false },
    },
  },
});
