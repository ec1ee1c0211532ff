// A view with its app state on a fake bridge, the status already loaded.
import userEvent from '@testing-library/user-event';
import { AppState } from '../../../renderer/lib/app-state.svelte.ts';
import type { AppStatus } from '../../../shared/ipc.ts';
import { fakeBridge } from '../fake-bridge.ts';
import { appStatus } from '../fixtures.ts';

export async function appWith(status: AppStatus = appStatus()) {
  const bridge = fakeBridge();
  bridge.getStatus.mockImplementation(() => Promise.resolve({ ok: true, value: structuredClone(status) }));
  const app = new AppState(bridge);
  await app.refresh();
  return { app, bridge, user: userEvent.setup() };
}

export const PLEX_DOWN = { code: 'plex-unreachable', message: 'Plex does not answer at http://127.0.0.1:32400.', hint: 'Open Plex Media Server, then try again.' };
