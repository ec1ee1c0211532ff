// The layer table of design.md, as an executable specification: each forbidden import is
// reported by `npm run lint`, each allowed one is not.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });

async function restricted(filePath: string, importLine: string): Promise<boolean> {
  const [result] = await eslint.lintText(`${importLine}\nexport const used = x;\n`, { filePath });
  return result!.messages.some((m) => m.ruleId === 'no-restricted-imports');
}

const cases: Array<[file: string, line: string, forbidden: boolean]> = [
  ['shared/probe.ts', "import { x } from 'node:fs';", true],
  ['shared/probe.ts', "import x from 'path';", true],
  ['shared/probe.ts', "import x from 'electron';", true],
  ['shared/probe.ts', "import { x } from '../main/engine/logs/parse.ts';", true],
  ['shared/probe.ts', "import { x } from 'zod';", false],
  ['main/engine/logs/probe.ts', "import x from 'electron';", true],
  ['main/engine/logs/probe.ts', "import { x } from '../../app/index.ts';", true],
  ['main/engine/logs/probe.ts', "import { x } from 'node:fs';", false],
  ['main/engine/logs/probe.ts', "import { x } from '../../../shared/metrics.ts';", false],
  ['main/app/probe.ts', "import { x } from '../../renderer/main.ts';", true],
  ['main/app/probe.ts', "import x from 'electron';", false],
  ['main/cli.ts', "import x from 'electron';", true],
  ['main/cli/probe.ts', "import { x } from '../app/index.ts';", true],
  ['preload/probe.ts', "import { x } from 'node:fs';", true],
  ['preload/probe.ts', "import { x } from '../main/engine/errors.ts';", true],
  ['preload/probe.ts', "import { x } from 'electron';", false],
  ['renderer/probe.ts', "import { x } from 'node:path';", true],
  ['renderer/probe.ts', "import { x } from 'electron';", true],
  ['renderer/probe.ts', "import { x } from '../main/engine/errors.ts';", true],
  ['renderer/probe.ts', "import { x } from '../shared/events.ts';", false],
];

describe('layer rules (design.md, "Layers — what may import what")', () => {
  it.each(cases)('%s: `%s` is forbidden: %s', async (file, line, forbidden) => {
    expect(await restricted(file, line)).toBe(forbidden);
  });
});
