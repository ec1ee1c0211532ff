// Content safety: what a change adds is refused, what the agent already had is not.
import { describe, expect, it } from 'vitest';
import { contentSafety } from '../../../../main/engine/diagnose/content-safety.ts';

describe('contentSafety', () => {
  it.each([
    ['sudo', "os.system('sudo launchctl stop x')"],
    ['os-system', "os.system('ls')"],
    ['os-exec', "os.execvp('sh', ['sh'])"],
    ['popen', "os.popen('ls')"],
    ['popen', "subprocess.Popen(['ls'])"],
    ['subprocess', 'import subprocess'],
    ['commands-module', "commands.getoutput('ls')"],
    ['pty-spawn', "pty.spawn('/bin/sh')"],
    ['shell-true', 'run(cmd, shell=True)'],
    ['backtick', 'x = `ls`'],
    ['delete-files', "shutil.rmtree(path)"],
    ['delete-files', "os.remove(path)"],
  ])('refuses %s when a change adds it (%s)', (rule, line) => {
    const violations = contentSafety('x = 1\n', `x = 1\n${line}\n`);
    expect(violations.map((v) => v.rule)).toContain(rule);
    expect(violations.find((v) => v.rule === rule)).toMatchObject({ line: 2, added: expect.any(Number) });
  });

  it('allows what the original already does, even when lines move', () => {
    const original = 'import subprocess\ndef crop(cmd):\n    subprocess.call(cmd)\n';
    expect(contentSafety(original, `# new comment\n${original}def more():\n    return 1\n`)).toEqual([]);
  });

  it('counts a second copy of an existing line as an addition', () => {
    const original = 'subprocess.call(cmd)\n';
    expect(contentSafety(original, original + original)).toEqual([{ rule: 'subprocess', added: 1, line: 2, message: 'adds subprocess (runs programs), which Agent Doctor never writes into an agent' }]);
  });

  it('says nothing about the IAFD headers recipe\'s kind of change', () => {
    expect(contentSafety('r = HTTP.Request(u)\n', "H = {'User-Agent': 'Mozilla/5.0'}\nr = HTTP.Request(u, headers=H)\n")).toEqual([]);
  });
});
