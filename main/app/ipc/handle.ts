// The choke point every IPC handler goes through (electron-notes.md §3): the sender must be our
// popover's main frame showing app://renderer/, then runAction() validates the request. A
// refused request gets an error value back, never an exception in main.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { CHANNELS, type Action } from '../../../shared/ipc.ts';
import { isRendererUrl } from '../protocol.ts';
import { failure, runAction, type ActionHandler, type DispatchContext } from './dispatch.ts';

export interface Ipc {
  handle<A extends Action>(action: A, handler: ActionHandler<A>): void;
  /** the actions with a handler, in registration order */
  readonly actions: readonly Action[];
}

export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, win: BrowserWindow | null): boolean {
  if (!win || win.isDestroyed()) return false;
  const frame = event.senderFrame;
  // Only the main frame: a subframe could be anything.
  return frame !== null && frame === win.webContents.mainFrame && isRendererUrl(frame.url);
}

export function createIpc(popover: () => BrowserWindow | null, ctx: DispatchContext): Ipc {
  const actions: Action[] = [];
  return {
    handle(action, handler) {
      ipcMain.handle(CHANNELS[action], async (event, ...args) => {
        if (!isTrustedSender(event, popover())) {
          ctx.log.warn(`${action}: refused a request from a sender that is not the popover`);
          return failure({ code: 'forbidden', message: 'This request did not come from the Agent Doctor window.' });
        }
        // The preload forwards at most one argument; more means it came from somewhere else.
        if (args.length > 1) {
          ctx.log.warn(`${action}: refused a request with ${args.length} arguments`);
          return failure({ code: 'invalid-request', message: 'Agent Doctor could not accept this request: too many arguments.' });
        }
        return runAction(action, args[0], handler, ctx);
      });
      actions.push(action);
    },
    actions,
  };
}
