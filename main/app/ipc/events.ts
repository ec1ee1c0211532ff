// Pushes engine and app events to the popover on the one event channel, each validated against
// the contract and redacted first. Nothing is sent to a page that is not ours.
import type { BrowserWindow } from 'electron';
import { BridgeEventSchema, CHANNELS, describeIssue, type BridgeEvent } from '../../../shared/ipc.ts';
import { isRendererUrl } from '../protocol.ts';
import { redactDeep, type DispatchContext } from './dispatch.ts';

export type SendEvent = (event: BridgeEvent) => void;

export function createEventSender(popover: () => BrowserWindow | null, ctx: DispatchContext): SendEvent {
  return (event) => {
    const parsed = BridgeEventSchema.safeParse(event);
    if (!parsed.success) {
      ctx.log.error(`dropped a "${String((event as { type?: unknown }).type)}" event that does not match the IPC contract (${describeIssue(parsed.error)})`);
      return;
    }
    const win = popover();
    if (!win || win.isDestroyed() || !isRendererUrl(win.webContents.mainFrame.url)) return;
    win.webContents.send(CHANNELS.event, redactDeep(parsed.data, ctx.known()));
  };
}
