// Electron main process, bundled as one ESM file for Node 24 (Electron 45).
// Runtime dependencies stay external (listed in "dependencies", shipped in the asar).
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';
import pkg from './package.json' with { type: 'json' };

const external = [
  'electron',
  /^electron\//,
  ...builtinModules,
  ...builtinModules.map((m) => `node:${m}`),
  ...Object.keys(pkg.dependencies),
  ...Object.keys(pkg.dependencies).map((d) => new RegExp(`^${d}/`)),
];

export default defineConfig({
  build: {
    ssr: true,
    target: 'node24',
    outDir: 'out/main',
    emptyOutDir: true,
    sourcemap: true,
    minify: false,
    rolldownOptions: {
      input: { index: 'main/index.ts' },
      external,
      output: { format: 'es', entryFileNames: '[name].js' },
    },
  },
});
