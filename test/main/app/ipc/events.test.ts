// Events pushed to the popover: checked against the contract, redacted, only to our page.
import { describe, expect, it } from 'vitest';
import { CHANNELS, type BridgeEvent } from '../../../../shared/ipc.ts';
import { createEventSender } from '../../../../main/app/ipc/events.ts';
import { popoverWindow, capturingLog } from './harness.ts';

const TOKEN = 'SeCrEt-Token-12345';
const at = '2026-02-01T12:00:00.000Z';

function setup() {
  const win = popoverWindow();
  const log = capturingLog(() => [TOKEN]);
  const send = createEventSender(() => win as never, { log, known: () => [TOKEN] });
  return { win, log, send };
}

describe('the event sender', () => {
  it('sends a valid event on the event channel, redacted', () => {
    const { win, send } = setup();
    send({ type: 'message', at, level: 'error', text: `GET /library?X-Plex-Token=${TOKEN} failed` });
    expect(win.webContents.sent).toEqual([{ channel: CHANNELS.event, args: [{ type: 'message', at, level: 'error', text: 'GET /library?X-Plex-Token=<redacted> failed' }] }]);
  });

  it('drops an event that breaks the contract, and says so in the log', () => {
    const { win, log, send } = setup();
    send({ type: 'progress', at, runId: 'r', fixId: 'a', pass: 'during', started: 1, finished: 0, total: 2 } as unknown as BridgeEvent);
    expect(win.webContents.sent).toEqual([]);
    expect(log.lines[0]).toContain('dropped a "progress" event');
  });

  it('sends nothing to a page that is not ours', () => {
    const { win, send } = setup();
    win.webContents.mainFrame.url = 'https://example.com/';
    send({ type: 'plex', at, connected: true });
    expect(win.webContents.sent).toEqual([]);
  });

  it('sends nothing once the window is gone', () => {
    const { win, send } = setup();
    win.destroy();
    send({ type: 'plex', at, connected: true });
    expect(win.webContents.sent).toEqual([]);
  });
});
