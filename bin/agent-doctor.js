#!/usr/bin/env node
// Runs the TypeScript CLI directly: Node ≥ 24 strips types natively, so there is no build
// step between `npm ci` and `npx agent-doctor`. npm puts node_modules/.bin first on PATH, so
// `node` here is the project's pinned Node 24 (package.json devDependency "node").
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(
    `agent-doctor needs Node.js 24 or newer (this is ${process.version}).\n` +
      'Run it through npm so the pinned Node is used: "npx agent-doctor …" or "npm run cli -- …".\n',
  );
  process.exit(2);
}
const { runCli, processIO } = await import('../main/cli.ts');
process.exitCode = await runCli(process.argv.slice(2), processIO());
