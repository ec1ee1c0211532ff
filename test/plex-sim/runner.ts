// A Runner (main/engine/ports.ts) for tests and the demo: it answers the argv the restart code
// runs on a Mac — launchctl, osascript, open, pgrep, kill — from the simulated server's state
// and turns the actions into control-endpoint calls. Every argv is recorded.
import type { Runner, RunResult } from '../../main/engine/ports.ts';
import { PLEX_BUNDLE_ID, PLEX_PROCESS_NAME } from '../../main/engine/plex/restart.ts';

export interface SimRunner extends Runner {
  calls: { file: string; argv: string[] }[];
}

interface ControlState {
  state: string;
  pid: number;
  launchdLabel: string | null;
}

const ok = (stdout = ''): RunResult => ({ code: 0, stdout, stderr: '' });
const fail = (code: number, stderr: string): RunResult => ({ code, stdout: '', stderr });

export function simRunner(controlUrl: string, { uid = 501 }: { uid?: number } = {}): SimRunner {
  const calls: SimRunner['calls'] = [];
  const control = async (method: 'GET' | 'POST', path: string): Promise<Response> => fetch(new URL(path, controlUrl), { method });
  const state = async (): Promise<ControlState> => (await (await control('GET', '/state')).json()) as ControlState;
  const running = (s: ControlState) => s.state === 'running' || s.state === 'stopping' || s.state === 'starting';

  const run: Runner = async (file, argv) => {
    calls.push({ file, argv: [...argv] });
    const s = await state();
    const [a0, a1, a2] = argv;
    if (file === 'launchctl' && a0 === 'list') {
      const jobs = ['PID\tStatus\tLabel', '-\t0\tcom.apple.SafariHistoryServiceAgent', `${running(s) && s.launchdLabel ? s.pid : '-'}\t0\t${s.launchdLabel ?? 'com.apple.Finder'}`];
      return ok(jobs.join('\n') + '\n');
    }
    if (file === 'launchctl' && (a0 === 'print' || a0 === 'kickstart')) {
      const target = a0 === 'print' ? a1 : a2;
      const label = target?.split('/')[2];
      if (!s.launchdLabel || target !== `gui/${uid}/${s.launchdLabel}` || (a0 === 'kickstart' && a1 !== '-k')) {
        return fail(113, `Could not find service "${label}" in domain for user gui: ${uid}`);
      }
      if (a0 === 'print') return ok(`${target} = {\n\tactive count = 1\n\tpath = /Users/plex/Library/LaunchAgents/${s.launchdLabel}.plist\n\tstate = ${running(s) ? 'running' : 'not running'}\n}\n`);
      await control('POST', '/restart');
      return ok();
    }
    if (file === 'osascript' && a0 === '-e' && a1 === `tell application id "${PLEX_BUNDLE_ID}" to quit` && argv.length === 2) {
      await control('POST', '/quit');
      return ok();
    }
    if (file === 'open' && a0 === '-b' && a1 === PLEX_BUNDLE_ID && argv.length === 2) {
      await control('POST', '/open');
      return ok();
    }
    if (file === 'pgrep' && a0 === '-x' && a1 === PLEX_PROCESS_NAME && argv.length === 2) {
      return running(s) && s.pid ? ok(`${s.pid}\n`) : fail(1, '');
    }
    if (file === 'kill' && a0 === '-TERM' && a1 !== undefined && argv.length === 2) {
      const r = await control('POST', `/terminate?pid=${encodeURIComponent(a1)}`);
      return r.ok ? ok() : fail(1, `kill: (${a1}) - No such process`);
    }
    return { code: null, stdout: '', stderr: `the simulated Mac has no command: ${file} ${argv.join(' ')}` };
  };
  return Object.assign(run, { calls });
}
