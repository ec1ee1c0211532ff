// No test reaches the real `electron` package (it would try to download a binary): every
// import of it, ours and electron-store's, gets the shared fake.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import mock, { app, ipcMain } from './electron-mock.ts';

describe('the electron mock', () => {
  it('is what `import "electron"` gives, default and named exports alike', async () => {
    const electron = await import('electron');
    expect(electron.default).toBe(mock);
    expect(electron.app).toBe(app);
  });

  it('is what electron-store sees', async () => {
    const { default: Store } = await import('electron-store');
    new Store({ cwd: mkdtempSync(join(tmpdir(), 'agent-doctor-mock-')) });
    expect(ipcMain.on).toHaveBeenCalledWith('electron-store-get-data', expect.any(Function));
    expect(app.getVersion).toHaveBeenCalled();
  });
});
