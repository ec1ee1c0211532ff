// Where the app finds its own files, in development and packaged.
import { describe, expect, it } from 'vitest';
import { appPaths } from '../../../main/app/paths.ts';

describe('appPaths', () => {
  it('uses the repository in development', () => {
    expect(appPaths({ mainDir: '/repo/out/main', isPackaged: false, resourcesPath: '/electron/Resources', appPath: '/repo' })).toEqual({
      rendererDir: '/repo/out/renderer',
      preloadPath: '/repo/out/preload/index.cjs',
      trayIconDir: '/repo/build/tray',
      wasmDir: '/repo/resources/wasm',
    });
  });

  it('uses the asar and the Resources folder when packaged (electron-builder.yml extraResources)', () => {
    const res = '/Applications/Agent Doctor.app/Contents/Resources';
    expect(appPaths({ mainDir: `${res}/app.asar/out/main`, isPackaged: true, resourcesPath: res, appPath: `${res}/app.asar` })).toEqual({
      rendererDir: `${res}/app.asar/out/renderer`,
      preloadPath: `${res}/app.asar/out/preload/index.cjs`,
      trayIconDir: `${res}/tray`,
      wasmDir: `${res}/wasm`,
    });
  });
});
