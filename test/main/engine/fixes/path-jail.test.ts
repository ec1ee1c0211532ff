import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openPluginsFolder, pathShapeProblem, resolvePluginFile } from '../../../../main/engine/fixes/path-jail.ts';
import { makeWorkspace, type Workspace } from './workspace.ts';

let ws: Workspace;
afterEach(() => ws?.cleanup());

describe('the path jail', () => {
  it.each([
    ['GEVI.bundle/Contents/Code/utils.py', undefined],
    ['', 'is empty'],
    ['/etc/hosts', 'is an absolute path'],
    ['C:/Windows/x.py', 'is an absolute path'],
    ['~/x.py', 'is an absolute path'],
    ['GEVI.bundle/../../x.py', 'climbs out with ".."'],
    ['GEVI.bundle\\Contents\\Code\\utils.py', 'contains a backslash'],
    ['GEVI.bundle//Contents/x.py', 'has an empty or "." part'],
    ['GEVI.bundle/./Contents/x.py', 'has an empty or "." part'],
    ['GEVI.bundle/Contents/_BACKUPS/x.py', 'points into a backup folder'],
    ['GEVI.bundle/Contents/x\0.py', 'contains a NUL character'],
  ])('judges the shape of %j: %s', (path, problem) => {
    expect(pathShapeProblem(path)).toBe(problem);
  });

  it('checks the shape itself, whatever the caller checked before', async () => {
    ws = makeWorkspace();
    const folder = await openPluginsFolder(ws.pluginsDir);
    await expect(resolvePluginFile(folder, 'GEVI.bundle/../AEBN.bundle/Contents/Code/utils.py')).rejects.toMatchObject({ code: 'path-escape', message: expect.stringContaining('climbs out with ".."') });
  });

  it('resolves a file of an agent bundle to its real path', async () => {
    ws = makeWorkspace();
    const folder = await openPluginsFolder(ws.pluginsDir);
    const file = await resolvePluginFile(folder, 'gevi.bundle/Contents/Code/utils.py'.replace('gevi', 'GEVI'));
    expect(file).toMatchObject({ rel: 'GEVI.bundle/Contents/Code/utils.py', realRel: 'GEVI.bundle/Contents/Code/utils.py', bundle: { identifier: 'com.plexapp.agents.GEVI' } });
  });

  it('refuses a folder, and a Plug-ins folder that is itself missing', async () => {
    ws = makeWorkspace();
    const folder = await openPluginsFolder(ws.pluginsDir);
    await expect(resolvePluginFile(folder, 'GEVI.bundle/Contents/Code')).rejects.toMatchObject({ code: 'not-a-file' });
    await expect(openPluginsFolder(join(ws.root, 'nope'))).rejects.toMatchObject({ code: 'plex-plugins-missing' });
  });

  it('refuses a link from one agent into Plex\'s own bundle', async () => {
    ws = makeWorkspace();
    mkdirSync(join(ws.pluginsDir, 'System.bundle/Contents/Code'), { recursive: true });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(ws.pluginsDir, 'System.bundle/Contents/Code/agentservice.py'), 'x = 1\n');
    symlinkSync(join(ws.pluginsDir, 'System.bundle/Contents/Code/agentservice.py'), join(ws.pluginsDir, 'GEVI.bundle/Contents/Code/service.py'));
    const folder = await openPluginsFolder(ws.pluginsDir);
    await expect(resolvePluginFile(folder, 'GEVI.bundle/Contents/Code/service.py')).rejects.toMatchObject({ code: 'plex-bundle' });
  });
});
