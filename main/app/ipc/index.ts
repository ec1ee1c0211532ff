// Every IPC handler, one module per feature area of the popover.
import type { IpcContext } from './context.ts';
import type { Ipc } from './handle.ts';
import { registerHistoryHandlers } from './history.ts';
import { registerLoopHandlers } from './loop.ts';
import { registerPopoverHandlers } from './popover.ts';
import { registerSettingsHandlers } from './settings.ts';
import { registerStatusHandlers } from './status.ts';

export function registerIpcHandlers(ipc: Ipc, ctx: IpcContext): void {
  registerStatusHandlers(ipc, ctx);
  registerLoopHandlers(ipc, ctx);
  registerHistoryHandlers(ipc, ctx);
  registerSettingsHandlers(ipc, ctx);
  registerPopoverHandlers(ipc, ctx);
}
