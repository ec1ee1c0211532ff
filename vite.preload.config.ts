// The sandboxed preload: one CommonJS file that may require only `electron`. Everything else
// it imports is bundled in (`noExternal`): a sandboxed preload cannot load other modules.
import { defineConfig } from 'vite';

export default defineConfig({
  ssr: { noExternal: true },
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
