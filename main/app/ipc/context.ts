// What the IPC handlers work with. The composition root builds it; tests pass fakes.
import type { FolderKind } from '../../../shared/ipc.ts';
import type { EngineSlot } from '../engine-service.ts';
import type { Notices } from '../notices.ts';
import type { TokenVault } from '../secrets.ts';
import type { SettingsStore } from '../settings.ts';

export interface IpcContext {
  engine: EngineSlot;
  settings: SettingsStore;
  vault: TokenVault;
  notices: Notices;
  /** `<data>`: reports opened from the popover must be inside it */
  dataDir: string;
  /** hands the current settings and token to the engine (nothing to do while it is down) */
  reconfigure(): Promise<void>;
  applyLaunchAtLogin(enabled: boolean): void;
  /** a native folder dialog; null when cancelled */
  pickFolder(kind: FolderKind, current: string | null): Promise<string | null>;
  /** opens a file or folder in Finder or its default app; a UserError when that fails */
  openPath(path: string): Promise<void>;
  /** hides the popover (the page asks on Escape) */
  hidePopover(): void;
}
