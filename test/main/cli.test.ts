import { describe, expect, it } from 'vitest';
import { runCli, mainHelp } from '../../main/cli.ts';
import { captureIO } from '../helpers/cli-io.ts';

describe('agent-doctor CLI', () => {
  it('prints the command list for --help and exits 0', async () => {
    const io = captureIO();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(io.stdout.join('\n')).toBe(mainHelp());
  });

  it('rejects an unknown command with exit code 2 and says what to do', async () => {
    const io = captureIO();
    expect(await runCli(['frobnicate'], io)).toBe(2);
    expect(io.stderr.join('\n')).toMatch(/Unknown command "frobnicate".*--help/);
  });

  it('prints its version', async () => {
    const io = captureIO();
    expect(await runCli(['--version'], io)).toBe(0);
    expect(io.stdout[0]).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
