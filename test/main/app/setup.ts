// Setup of the `app` test project: every import of `electron` (ours, and electron-store's,
// which vitest.config.ts inlines so the mock reaches it) gets the shared fake, reset before
// each test. Nothing here may ever load the real package (electron-notes.md §1, pitfall 2).
import { beforeEach, vi } from 'vitest';
import { resetElectronMock } from './electron-mock.ts';

vi.mock('electron', () => import('./electron-mock.ts'));

beforeEach(() => resetElectronMock());
