// The checker's worker thread: loads the parser once, then checks what it is sent. Parsing
// runs in WebAssembly whose memory grows and never shrinks, so it lives here, where the main
// thread can end it (python-check.md §3). Runs as .ts under Node 24 and as out/main/python-worker.mjs
// in the app.
import { parentPort, workerData } from 'node:worker_threads';
import { checkPythonSource } from './check.ts';
import { CheckDeadlineError, PythonParser } from './parser.ts';
import { wasmPaths } from './wasm.ts';
import type { CheckJob, WorkerConfig, WorkerMessage } from './worker-protocol.ts';

const port = parentPort;
if (!port) throw new Error('worker.ts runs only as a worker thread');
const config = workerData as WorkerConfig;
const send = (message: WorkerMessage) => port.postMessage(message);

const parser = PythonParser.load(wasmPaths(config.wasmDir));
parser.then(
  () => send({ kind: 'ready' }),
  (err: unknown) => send({ kind: 'startup-failed', message: (err as Error).message }),
);

port.on('message', (job: CheckJob) => {
  parser.then(
    (loaded) => {
      try {
        const result = checkPythonSource(loaded, { source: job.source, original: job.original, sandbox: job.sandbox, deadline: performance.now() + job.budgetMs });
        send({ kind: 'result', id: job.id, result });
      } catch (err) {
        send({ kind: 'failed', id: job.id, deadline: err instanceof CheckDeadlineError, message: (err as Error).stack ?? String(err) });
      }
    },
    () => undefined, // startup-failed was already sent
  );
});
