// The dev:web command's options: each mistake gets its own message and changes nothing.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT, parseOptions } from './server.ts';
import { DEFAULT_SCENARIO } from './world.ts';

function parse(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const result = parseOptions(argv, (t) => void out.push(t), (t) => void err.push(t));
  return { result, out: out.join(''), err: err.join('') };
}

describe('dev:web options', () => {
  it('defaults to port 5180, the demo scenario, 20 items and removing its files', () => {
    expect(parse().result).toEqual({ port: DEFAULT_PORT, scenario: DEFAULT_SCENARIO, items: undefined, keep: false });
    expect(DEFAULT_PORT).toBe(5180);
  });

  it('takes a port (0: any free one), a scenario file, items per test and --keep', () => {
    const scenario = join(import.meta.dirname, '..', 'e2e', 'scenarios', 'iafd-refuses-everyone.json');
    expect(parse('--port', '0', '--scenario', scenario, '--items', '8', '--keep').result).toEqual({ port: 0, scenario, items: 8, keep: true });
  });

  it('prints its help', () => {
    const { result, out } = parse('--help');
    expect(result).toEqual({ exit: 0 });
    expect(out).toMatch(/^Usage: npm run dev:web -- \[--port 5180\]/);
    expect(out).toContain('127.0.0.1 only');
  });

  it.each([
    [['--port', 'eighty'], /--port must be a whole number from 0 to 65535, not "eighty"/],
    [['--port', '70000'], /--port must be a whole number from 0 to 65535, not "70000"/],
    [['--port=-1'], /--port must be a whole number from 0 to 65535, not "-1"/],
    [['--items', '0'], /--items must be a whole number from 1 to 100, not "0"/],
    [['--items', '2.5'], /--items must be a whole number from 1 to 100, not "2.5"/],
    [['--scenario', '/nowhere/world.json'], /There is no scenario file at \/nowhere\/world\.json\. The scenarios are in .*scenarios/],
    [['--sceanrio', 'x.json'], /Unknown option '--sceanrio'/],
    [['extra'], /Unexpected argument 'extra'/],
  ])('refuses %j with a message that says what to change', (argv, message) => {
    const { result, err } = parse(...argv);
    expect(result).toEqual({ exit: 2 });
    expect(err).toMatch(message);
  });
});
