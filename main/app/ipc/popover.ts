// The popover window itself. The page owns Escape (it closes a confirm step first); with
// nothing left to close there, it asks main to hide the popover.
import type { IpcContext } from './context.ts';
import type { Ipc } from './handle.ts';

export function registerPopoverHandlers(ipc: Ipc, ctx: IpcContext): void {
  ipc.handle('hidePopover', async () => {
    ctx.hidePopover();
    return null;
  });
}
