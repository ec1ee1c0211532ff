// Results and history: past runs, one result in full, rollback, and opening reports. Report
// paths come from the engine, never from the renderer, and must lie inside the data folder.
import { isAbsolute, relative, resolve } from 'node:path';
import { UserError } from '../../engine/errors.ts';
import type { IpcContext } from './context.ts';
import type { Ipc } from './handle.ts';

export function registerHistoryHandlers(ipc: Ipc, ctx: IpcContext): void {
  ipc.handle('getHistory', () => ctx.engine.get().getHistory());
  ipc.handle('getResult', (ref) => ctx.engine.get().getResult(ref));
  ipc.handle('rollback', (ref) => ctx.engine.get().rollback(ref));
  ipc.handle('openReport', async (ref) => {
    const path = await ctx.engine.get().reportPath(ref);
    if (!isInside(ctx.dataDir, path)) {
      throw new UserError('report-outside-data', 'That report is not in Agent Doctor\'s data folder, so it was not opened.', 'Open the reports folder instead.');
    }
    await ctx.openPath(path);
    return null;
  });
  ipc.handle('openReportsFolder', async () => {
    await ctx.openPath(ctx.engine.get().reportsFolder());
    return null;
  });
}

function isInside(root: string, path: string): boolean {
  const rel = relative(resolve(root), resolve(path));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}
