// Where the app's own files are, in development (the repository) and packaged (the .app).
// Main is bundled into out/main/index.js, so `mainDir` is out/main in both cases.
import { join } from 'node:path';

export interface AppPaths {
  /** the built popover, served as app://renderer/ */
  rendererDir: string;
  /** the sandboxed preload (one CommonJS file) */
  preloadPath: string;
  /** trayTemplate.png and friends: static files, never bundled (their names matter) */
  trayIconDir: string;
  /** the Python checker's .wasm files */
  wasmDir: string;
}

export interface AppLocation {
  mainDir: string;
  isPackaged: boolean;
  /** `process.resourcesPath`: Contents/Resources of the .app */
  resourcesPath: string;
  /** `app.getAppPath()`: the repository root in development */
  appPath: string;
}

export function appPaths(at: AppLocation): AppPaths {
  const resources = at.isPackaged ? at.resourcesPath : null;
  return {
    rendererDir: join(at.mainDir, '..', 'renderer'),
    preloadPath: join(at.mainDir, '..', 'preload', 'index.cjs'),
    trayIconDir: resources ? join(resources, 'tray') : join(at.appPath, 'build', 'tray'),
    wasmDir: resources ? join(resources, 'wasm') : join(at.appPath, 'resources', 'wasm'),
  };
}
