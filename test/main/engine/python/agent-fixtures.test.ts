// Our realistic agent files (test/fixtures/python/PGMA-Sample.bundle): untouched they are
// clean; with a snippet dropped into the first statement of a mid-file function, Python 3
// constructs are flagged exactly where they landed and Python 2 ones stay clean
// (python-check.md §9.2). The Python 2 snippets go into the 430 KB utils.py together, to
// keep the suite quick.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGENT_CODE_DIR, generateAgentInit, generateAgentUtils } from '../../../fixtures/python/agent-source.ts';
import { py2Accepted, py3Only } from './snippets.ts';
import { check, errorsOf, show } from './helpers.ts';

const files = {
  'utils.py': readFileSync(join(AGENT_CODE_DIR, 'utils.py'), 'utf8'),
  '__init__.py': readFileSync(join(AGENT_CODE_DIR, '__init__.py'), 'utf8'),
};
const sandbox = { sandbox: true };

/** where a snippet goes: the first statement of the function nearest the middle of the file */
function injectionPoint(text: string): { line: number; indent: string } {
  const lines = text.split('\n');
  const defs = lines.map((l, i) => (/^def \w+\(/.test(l) ? i : -1)).filter((i) => i >= 0);
  const middle = defs.reduce((best, i) => (Math.abs(i - lines.length / 2) < Math.abs(best - lines.length / 2) ? i : best));
  let body = middle + 1;
  while (!lines[body]!.trim()) body++;
  return { line: body + 1, indent: /^\s*/.exec(lines[body]!)![0] };
}

function inject(text: string, snippet: string): { text: string; line: number; indent: string } {
  const { line, indent } = injectionPoint(text);
  const lines = text.split('\n');
  const block = snippet.split('\n').map((l) => indent + l);
  return { text: [...lines.slice(0, line - 1), ...block, ...lines.slice(line - 1)].join('\n'), line, indent };
}

describe('the agent fixtures', () => {
  it('are what test/fixtures/python/agent-source.ts generates', () => {
    expect(files['utils.py']).toBe(generateAgentUtils());
    expect(files['__init__.py']).toBe(generateAgentInit());
    expect(Buffer.byteLength(files['utils.py'])).toBeGreaterThan(420 * 1024);
  });

  it.each(Object.keys(files) as (keyof typeof files)[])('%s untouched has no findings', async (name) => {
    const result = await check(files[name], sandbox);
    expect(result.findings, show(result.findings)).toEqual([]);
  });
});

describe.each(Object.keys(files) as (keyof typeof files)[])('Python 3 constructs injected into %s', (name) => {
  it.each(py3Only.filter((s) => !s.moduleOnly))('$rule at the predicted line:column: $code', async ({ code, rule, line, column }) => {
    const injected = inject(files[name], code);
    const result = await check(injected.text, sandbox);
    const expected = { rule, line: injected.line + line - 1, column: column + injected.indent.length };
    expect(result.findings.some((f) => f.rule === expected.rule && f.line === expected.line && f.column === expected.column), `${JSON.stringify(expected)}\n${show(result.findings)}`).toBe(true);
  });

});

const py2Snippets = py2Accepted.filter((s) => !s.moduleOnly).map((s) => s.code);

describe('Python 2 constructs injected stay clean', () => {
  it.each(py2Snippets)('in __init__.py: %s', async (code) => {
    const result = await check(inject(files['__init__.py'], code).text, sandbox);
    expect(errorsOf(result), show(result.findings)).toEqual([]);
  });

  it(`in utils.py: all ${py2Snippets.length} at once`, async () => {
    const result = await check(inject(files['utils.py'], py2Snippets.join('\n')).text, sandbox);
    expect(errorsOf(result), show(result.findings)).toEqual([]);
  });
});
