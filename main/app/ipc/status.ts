// Status: what the popover shows first, a log scan on demand, the notices badge.
import type { IpcContext } from './context.ts';
import type { Ipc } from './handle.ts';

export function registerStatusHandlers(ipc: Ipc, ctx: IpcContext): void {
  ipc.handle('getStatus', async () => ({
    ...(await ctx.engine.get().getStatus()),
    hasToken: ctx.vault.hasToken(),
    notices: ctx.notices.list(),
  }));
  ipc.handle('scanLogs', () => ctx.engine.get().scanLogs());
  ipc.handle('dismissNotice', async ({ id }) => {
    ctx.notices.dismiss(id);
    return null;
  });
}
