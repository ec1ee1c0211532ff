// Composition root of the menu-bar app: wires the engine to Electron.
import { app } from 'electron';

export function startApp(): void {
  app.enableSandbox();
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  // A menu-bar app stays alive with no window open.
  app.on('window-all-closed', () => undefined);
  void app.whenReady().then(() => app.dock?.hide());
}
