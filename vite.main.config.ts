// Electron main process, bundled as one ESM file for Node 24 (Electron 45).
// Runtime dependencies stay external (listed in "dependencies", shipped in the asar).
//
// The Python checker's worker thread is a second, self-contained file, out/main/python-worker.mjs:
// it is unpacked next to the asar (a worker loads its script from disk), where neither the
// asar's node_modules nor shared chunks of the main bundle can be reached, so it is built on
// its own with web-tree-sitter inlined. `.mjs` because no package.json marks it as ESM there.
import { builtinModules } from 'node:module';
import { build, defineConfig, type InlineConfig, type Plugin } from 'vite';
import pkg from './package.json' with { type: 'json' };

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const external = [
  'electron',
  /^electron\//,
  ...nodeBuiltins,
  ...Object.keys(pkg.dependencies),
  ...Object.keys(pkg.dependencies).map((d) => new RegExp(`^${d}/`)),
];

export const PYTHON_WORKER_FILE = 'python-worker.mjs';

/** Build settings for the checker's worker: one file, only Node built-ins left as imports. */
export function pythonWorkerBuild(outDir: string): InlineConfig {
  return {
    configFile: false,
    logLevel: 'warn',
    ssr: { noExternal: true },
    build: {
      ssr: 'main/engine/python/worker.ts',
      target: 'node24',
      outDir,
      emptyOutDir: false,
      sourcemap: true,
      minify: false,
      rolldownOptions: {
        external: nodeBuiltins,
        output: { format: 'es', entryFileNames: PYTHON_WORKER_FILE, codeSplitting: false },
        // web-tree-sitter's Emscripten glue uses eval on purpose; nothing to act on
        onLog(level, log, handler) {
          if (log.code === 'EVAL' && log.id?.includes('web-tree-sitter')) return;
          handler(level, log);
        },
      },
    },
  };
}

const pythonWorker: Plugin = {
  name: 'agent-doctor:python-worker',
  apply: 'build',
  async closeBundle() {
    await build(pythonWorkerBuild('out/main'));
  },
};

export default defineConfig({
  plugins: [pythonWorker],
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
