#!/usr/bin/env node
// Checks electron-builder.yml offline, with electron-builder's own loader and schema, without
// downloading Electron (electron-notes.md §7). `node scripts/validate-builder-config.cjs
// [config.yml]`: exit 0 when valid, 1 with electron-builder's explanation when not.
// It deep-imports app-builder-lib internals, which is why electron-builder is pinned exactly
// and test/scripts/validate-builder-config.test.ts feeds it a broken file.
'use strict';

/** Loads and validates `configFile` (relative to the project, or absolute); resolves with the config. */
async function validateBuilderConfig(configFile = 'electron-builder.yml') {
  const { resolve } = await import('node:path');
  const { getConfig, validateConfiguration } = await import('app-builder-lib/out/util/config/config.js');
  const { DebugLogger } = await import('builder-util');
  const config = await getConfig(resolve(__dirname, '..'), configFile, null);
  await validateConfiguration(config, new DebugLogger(false));
  return config;
}

module.exports = { validateBuilderConfig };

if (require.main === module) {
  const file = process.argv[2] ?? 'electron-builder.yml';
  validateBuilderConfig(file).then(
    () => process.stdout.write(`${file}: valid electron-builder configuration\n`),
    (err) => {
      process.stderr.write(`${file}: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
