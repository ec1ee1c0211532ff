// ESLint flat config. The layer table of ../shared/docs/design.md is enforced here with
// `no-restricted-imports`, one block per folder: a forbidden import fails `npm run lint`
// (and therefore `npm test`). test/layers.test.ts proves each rule fires.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

const nodeBuiltins = [...builtinModules.filter((m) => !m.startsWith('_')), 'node:*'];
const nodeImports = { group: nodeBuiltins, message: 'Node APIs are not allowed in this layer (design.md, Layers).' };
const electronImports = { group: ['electron', 'electron/*', 'electron-store'], message: 'Only main/app/ and preload/ may import electron.' };
const layer = (folder, message) => ({ group: [`**/${folder}`, `**/${folder}/**`], message });

export const layerRules = {
  'shared/**': [
    nodeImports,
    electronImports,
    layer('main', 'shared/ is imported by every layer; it must not depend on main/.'),
    layer('renderer', 'shared/ must not depend on renderer/.'),
    layer('preload', 'shared/ must not depend on preload/.'),
  ],
  'main/engine/**': [
    electronImports,
    layer('app', 'The engine runs in the CLI and the tests too: it must not import main/app/.'),
    layer('renderer', 'The engine must not import renderer/.'),
    layer('preload', 'The engine must not import preload/.'),
  ],
  'main/app/**': [layer('renderer', 'main/app/ must not import renderer/.'), layer('preload', 'main/app/ must not import preload/.')],
  'main/cli.ts': [electronImports, layer('app', 'The CLI must not import main/app/.'), layer('renderer', 'The CLI must not import renderer/.')],
  'main/cli/**': [electronImports, layer('app', 'The CLI must not import main/app/.'), layer('renderer', 'The CLI must not import renderer/.')],
  'preload/**': [
    { group: nodeBuiltins, message: 'A sandboxed preload may not use Node APIs.' },
    layer('main', 'preload/ may import only shared/ and electron.'),
    layer('renderer', 'preload/ may import only shared/ and electron.'),
  ],
  'renderer/**': [
    nodeImports,
    electronImports,
    layer('main', 'The renderer talks to main only through the bridge (shared/ contract + preload).'),
    layer('preload', 'The renderer must not import preload/.'),
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'release/', 'coverage/', 'test-results/', 'playwright-report/', '.bench/', 'resources/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='exec'][callee.object.name='child_process']", message: 'Use execFile with an argv array, never a shell string.' },
        { selector: "ImportSpecifier[imported.name='exec']", message: 'Use execFile with an argv array, never a shell string.' },
        { selector: "ImportSpecifier[imported.name='execSync']", message: 'Use execFile with an argv array, never a shell string.' },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,svelte}', 'test/renderer/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  ...Object.entries(layerRules).map(([glob, patterns]) => ({
    files: [glob],
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  })),
);
