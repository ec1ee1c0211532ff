// `npm run dev:web` as the browser tests use it: the very command a developer runs, started on
// a free port for one test and stopped (SIGTERM, as Ctrl-C) after it. What it prints says where
// the page and the simulated Plex's folders are.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const REPO = join(import.meta.dirname, '..', '..');
const SERVER = join(REPO, 'test', 'dev-web', 'server.ts');
/** covers building the popover first when out/renderer is stale */
const READY_TIMEOUT_MS = 90_000;
/** the loop stops at a safe point, then the sim and the temporary folder go */
const STOP_TIMEOUT_MS = 30_000;

export interface DevWebProcess {
  /** the popover's page */
  url: string;
  /** the simulated Plex's Plug-ins folder: the agents' files the engine changes */
  pluginsDir: string;
  /** everything it printed so far */
  output(): string;
  /** stops it and waits until it has exited; throws when it had to be killed */
  stop(): Promise<void>;
}

export async function startDevWebProcess(args: readonly string[]): Promise<DevWebProcess> {
  // execFile semantics: an argv array, no shell
  const child = spawn(process.execPath, [SERVER, '--port', '0', ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const field = (name: string) => new RegExp(`^  ${name} +(.+)$`, 'm').exec(output)?.[1];
  const ready = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS);
    const check = () => {
      if (!output.includes('Ctrl-C stops it.')) return;
      clearTimeout(timer);
      resolve(true);
    };
    child.stdout.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      resolve(output.includes('Ctrl-C stops it.'));
    });
  });
  const url = field('open');
  const pluginsDir = field('plug-ins');
  if (!ready || !url || !pluginsDir) {
    child.kill('SIGKILL');
    throw new Error(`dev:web did not start:\n${output}`);
  }

  return {
    url,
    pluginsDir,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), STOP_TIMEOUT_MS)));
      const how = await Promise.race([exited, late]);
      clearTimeout(timer);
      if (how === 'late') {
        child.kill('SIGKILL');
        throw new Error(`dev:web did not stop within ${STOP_TIMEOUT_MS / 1000} s of SIGTERM:\n${output}`);
      }
      if (how !== 0) throw new Error(`dev:web exited with ${how} when stopped:\n${output}`);
    },
  };
}
