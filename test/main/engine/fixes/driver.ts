// A separate process for the fixes tests: it applies a plan, rolls back, recovers or holds the
// lock in a workspace, and reports every durable step to its parent over IPC, waiting for "go"
// before it carries on — so the parent can SIGKILL it at exactly that step. The job arrives as
// the first IPC message (a plan holds the files' bytes, too big for argv).
import { applyPlan, lockPluginsFolder, recover, rollbackFix, type IterationContext } from '../../../../main/engine/fixes/index.ts';
import { deserializePlan, type DriverJob, type DriverMessage } from './run-driver.ts';

const send = (m: DriverMessage) => new Promise<void>((resolve) => process.send!(m, () => resolve()));
const next = () => new Promise<unknown>((resolve) => process.once('message', resolve));

async function run(job: DriverJob): Promise<string> {
  const ctx: IterationContext = {
    ...job.ctx,
    onStep: async (step) => {
      await send({ step });
      await next();
    },
  };
  switch (job.mode) {
    case 'hold-lock':
      await lockPluginsFolder(ctx);
      await send({ step: 'locked' });
      setInterval(() => undefined, 60_000); // a pending promise alone would let the process end
      return new Promise(() => undefined); // until killed
    case 'recover':
      await recover(ctx);
      return 'recovered';
    case 'rollback':
      await rollbackFix({ last: true }, ctx);
      return 'rolled back';
    case 'apply':
    case 'apply-then-rollback': {
      const applied = await applyPlan(deserializePlan(job.plan!), ctx);
      if (job.mode === 'apply-then-rollback') await rollbackFix({ id: applied.id }, ctx);
      return job.mode;
    }
  }
}

const job = (await next()) as DriverJob;
run(job).then(
  async (done) => {
    await send({ done });
    process.exit(0);
  },
  async (err: Error) => {
    await send({ failed: err.stack ?? err.message });
    process.exit(1);
  },
);
