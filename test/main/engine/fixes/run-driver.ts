// Runs driver.ts in a child process and kills it with SIGKILL right after a named step.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { IterationContext, Plan } from '../../../../main/engine/fixes/index.ts';

const DRIVER = fileURLToPath(new URL('./driver.ts', import.meta.url));

export type DriverMode = 'apply' | 'rollback' | 'apply-then-rollback' | 'recover' | 'hold-lock';
export interface DriverJob {
  mode: DriverMode;
  ctx: IterationContext;
  /** for apply: made by the parent (its Python checker is warm), bytes as base64 */
  plan?: SerializedPlan;
}
export type SerializedPlan = Omit<Plan, 'files'> & { files: (Omit<Plan['files'][number], 'before' | 'after'> & { before: string; after: string })[] };
export type DriverMessage = { step: string } | { done: string } | { failed: string };

export const serializePlan = (plan: Plan): SerializedPlan => ({ ...plan, files: plan.files.map((f) => ({ ...f, before: f.before.toString('base64'), after: f.after.toString('base64') })) });
export const deserializePlan = (plan: SerializedPlan): Plan => ({ ...plan, files: plan.files.map((f) => ({ ...f, before: Buffer.from(f.before, 'base64'), after: Buffer.from(f.after, 'base64') })) });

export interface DriverRun {
  /** steps in the order the child reported them */
  steps: string[];
  /** how it ended */
  end: 'killed' | 'done' | 'failed';
  detail: string;
}

/** `killAt`: SIGKILL the child as soon as it reports this step (it is on disk then). */
export function runDriver(job: DriverJob, killAt?: string | ((step: string) => boolean)): Promise<DriverRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DRIVER], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    child.send(job);
    const steps: string[] = [];
    let end: DriverRun['end'] | undefined;
    let detail = '';
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const shouldKill = typeof killAt === 'function' ? killAt : (s: string) => s === killAt;
    child.on('message', (m: DriverMessage) => {
      if ('step' in m) {
        steps.push(m.step);
        if (shouldKill(m.step)) {
          end = 'killed';
          detail = m.step;
          child.kill('SIGKILL');
        } else child.send('go');
      } else if ('done' in m) {
        end = 'done';
        detail = m.done;
      } else {
        end = 'failed';
        detail = m.failed;
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (end === 'killed' && signal !== 'SIGKILL') return reject(new Error(`driver should have been killed, exited ${code ?? signal}`));
      resolve({ steps, end: end ?? 'failed', detail: detail || `exit ${code ?? signal}: ${stderr}` });
    });
  });
}

/** Starts a driver that holds the Plug-ins lock until `kill()` (a second Agent Doctor). */
export function holdLock(job: Omit<DriverJob, 'mode'>): Promise<{ pid: number; kill(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DRIVER], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    child.send({ ...job, mode: 'hold-lock' });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('message', (m: DriverMessage) => {
      if ('step' in m && m.step === 'locked') {
        resolve({
          pid: child.pid!,
          kill: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGKILL');
            }),
        });
      } else if ('failed' in m) reject(new Error(m.failed));
    });
    child.on('exit', (code) => reject(new Error(`lock holder exited ${code}: ${stderr}`)));
  });
}
