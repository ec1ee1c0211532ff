// The one stand-in for the `electron` package in tests (electron-notes.md §8). Importing the
// real package from Node tries to download a binary, so setup.ts routes every import of
// `electron` here, including electron-store's (inlined by vitest.config.ts). Each fake keeps
// what was done to it so tests can read it back; `resetElectronMock()` runs before each test.
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

// ---- web contents and windows ----

export class FakeWebFrame {
  url: string;
  constructor(url: string) {
    this.url = url;
  }
}

type WindowOpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

export class FakeWebContents extends EventEmitter {
  private static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  mainFrame = new FakeWebFrame('');
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  windowOpenHandler: WindowOpenHandler | null = null;
  destroyed = false;

  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }
  /** set by a test: the next page load fails with this error (a damaged install) */
  static loadFailure: Error | null = null;
  async loadURL(url: string): Promise<void> {
    const failure = FakeWebContents.loadFailure;
    FakeWebContents.loadFailure = null;
    if (failure) throw failure;
    this.mainFrame.url = url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export class BrowserWindow extends EventEmitter {
  static instances: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  visible = false;
  focused = false;
  destroyed = false;
  position: [number, number] = [0, 0];
  size: [number, number];
  allWorkspaces: { visible: boolean; options: unknown } | null = null;
  readonly options: Record<string, unknown> & { width?: number; height?: number };

  constructor(options: Record<string, unknown> & { width?: number; height?: number }) {
    super();
    this.options = options;
    this.size = [options.width ?? 800, options.height ?? 600];
    BrowserWindow.instances.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url: string): Promise<void> {
    return this.webContents.loadURL(url);
  }
  show(): void {
    this.visible = true;
    this.emit('show');
  }
  hide(): void {
    this.visible = false;
    this.emit('hide');
  }
  focus(): void {
    this.focused = true;
  }
  isVisible(): boolean {
    return this.visible;
  }
  setPosition(x: number, y: number): void {
    this.position = [x, y];
  }
  getSize(): [number, number] {
    return [...this.size];
  }
  setVisibleOnAllWorkspaces(visible: boolean, options?: unknown): void {
    this.allWorkspaces = { visible, options };
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
    this.webContents.destroyed = true;
  }
}

// ---- tray, menus, images ----

export class FakeImage {
  template = false;
  readonly path: string;
  constructor(path: string) {
    this.path = path;
  }
  setTemplateImage(template: boolean): void {
    this.template = template;
  }
  isTemplateImage(): boolean {
    return this.template;
  }
  isEmpty(): boolean {
    return !existsSync(this.path);
  }
}

export const nativeImage = { createFromPath: (path: string) => new FakeImage(path) };

export interface FakeMenuItem {
  label?: string;
  type?: string;
  enabled?: boolean;
  click?: () => void;
}

export class FakeMenu {
  readonly items: FakeMenuItem[];
  constructor(items: FakeMenuItem[]) {
    this.items = items;
  }
}

export const Menu = { buildFromTemplate: (items: FakeMenuItem[]) => new FakeMenu(items) };

export class Tray extends EventEmitter {
  static instances: Tray[] = [];
  image: FakeImage;
  title = '';
  tooltip = '';
  readonly poppedUp: FakeMenu[] = [];
  contextMenu: FakeMenu | null = null;
  ignoreDoubleClick = false;
  destroyed = false;
  bounds: Rect = { x: 1200, y: 0, width: 22, height: 24 };

  constructor(image: FakeImage) {
    super();
    this.image = image;
    Tray.instances.push(this);
  }
  setImage(image: FakeImage): void {
    this.image = image;
  }
  setTitle(title: string): void {
    this.title = title;
  }
  setToolTip(tooltip: string): void {
    this.tooltip = tooltip;
  }
  popUpContextMenu(menu: FakeMenu): void {
    this.poppedUp.push(menu);
  }
  setContextMenu(menu: FakeMenu | null): void {
    this.contextMenu = menu;
  }
  setIgnoreDoubleClickEvents(ignore: boolean): void {
    this.ignoreDoubleClick = ignore;
  }
  getBounds(): Rect {
    return { ...this.bounds };
  }
  destroy(): void {
    this.destroyed = true;
  }
}

// ---- notifications ----

export interface NotificationOptions {
  title?: string;
  body?: string;
  id?: string;
  actions?: Array<{ type: string; text: string }>;
  closeButtonText?: string;
}

export class Notification extends EventEmitter {
  static instances: Notification[] = [];
  static supported = true;
  static isSupported(): boolean {
    return Notification.supported;
  }
  shown = false;
  closed = false;
  readonly options: NotificationOptions;

  constructor(options: NotificationOptions) {
    super();
    this.options = options;
    Notification.instances.push(this);
  }
  show(): void {
    this.shown = true;
  }
  close(): void {
    this.closed = true;
    this.emit('close', {});
  }
  /** What macOS does when the user presses the button at `actionIndex`. */
  pressAction(actionIndex: number): void {
    this.emit('action', { actionIndex }, actionIndex);
  }
}

// ---- processes, IPC ----

type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown;

export const ipcMain = {
  handlers: new Map<string, InvokeHandler>(),
  handle: vi.fn((channel: string, handler: InvokeHandler) => {
    // Electron refuses a second handler for a channel; so do we.
    if (ipcMain.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    ipcMain.handlers.set(channel, handler);
  }),
  removeHandler: vi.fn((channel: string) => void ipcMain.handlers.delete(channel)),
  on: vi.fn(),
};

class FakeIpcRenderer extends EventEmitter {
  invoke = vi.fn(async (_channel: string, ..._args: unknown[]): Promise<unknown> => undefined);
}
export const ipcRenderer = new FakeIpcRenderer();

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld: vi.fn((key: string, api: unknown) => void contextBridge.exposed.set(key, api)),
};

// ---- app ----

class FakeApp extends EventEmitter {
  isPackaged = false;
  singleInstance = true;
  /** Electron's userData folder; a fresh temporary one when first asked for */
  userData: string | null = null;
  readonly dock = { hide: vi.fn() };
  enableSandbox = vi.fn();
  requestSingleInstanceLock = vi.fn(() => this.singleInstance);
  quit = vi.fn();
  exit = vi.fn();
  focus = vi.fn();
  whenReady = vi.fn(async () => undefined);
  setLoginItemSettings = vi.fn();
  getPath = vi.fn((_name: string) => (this.userData ??= mkdtempSync(join(tmpdir(), 'agent-doctor-userData-'))));
  getVersion = vi.fn(() => '0.1.0');
  getAppPath = vi.fn(() => process.cwd());
}
export const app = new FakeApp();

export const powerMonitor = new EventEmitter();

// ---- crypto: reversible, never the clear text ----

const MAGIC = Buffer.from('FAKE-KEYCHAIN:');
const scramble = (bytes: Buffer) => Buffer.from(bytes.map((b, i) => b ^ (0x5a + i) % 256));

export const safeStorage = {
  available: true,
  isAsyncEncryptionAvailable: vi.fn(async () => safeStorage.available),
  encryptStringAsync: vi.fn(async (plain: string) => Buffer.concat([MAGIC, scramble(Buffer.from(plain, 'utf8'))])),
  decryptStringAsync: vi.fn(async (encrypted: Buffer) => {
    if (!encrypted.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptStringAsync.');
    return { shouldReEncrypt: false, result: scramble(encrypted.subarray(MAGIC.length)).toString('utf8') };
  }),
};

// ---- screens ----

export interface FakeDisplay {
  id: number;
  bounds: Rect;
  workArea: Rect;
  scaleFactor: number;
}

const builtIn: FakeDisplay = { id: 1, bounds: { x: 0, y: 0, width: 1512, height: 982 }, workArea: { x: 0, y: 25, width: 1512, height: 957 }, scaleFactor: 2 };

export const screen = {
  displays: [builtIn],
  getDisplayMatching: vi.fn((rect: Rect): FakeDisplay => {
    const cx = rect.x + rect.width / 2;
    const cy = rect.y + rect.height / 2;
    const hit = screen.displays.find((d) => cx >= d.bounds.x && cx < d.bounds.x + d.bounds.width && cy >= d.bounds.y && cy < d.bounds.y + d.bounds.height);
    return hit ?? screen.displays[0]!;
  }),
  getPrimaryDisplay: vi.fn((): FakeDisplay => screen.displays[0]!),
};

// ---- shell, dialogs, protocol, session ----

export const shell = {
  openPath: vi.fn(async (_path: string) => ''),
  openExternal: vi.fn(async (_url: string) => undefined),
};

export const dialog = {
  showOpenDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePaths: [] as string[] })),
  showErrorBox: vi.fn(),
};

type ProtocolHandler = (request: Request) => Promise<Response> | Response;
export const protocol = {
  handlers: new Map<string, ProtocolHandler>(),
  registerSchemesAsPrivileged: vi.fn(),
  handle: vi.fn((scheme: string, handler: ProtocolHandler) => void protocol.handlers.set(scheme, handler)),
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
  },
};

/** Back to a fresh Electron: no windows, trays, handlers or notifications; defaults restored. */
export function resetElectronMock(): void {
  BrowserWindow.instances = [];
  Tray.instances = [];
  Notification.instances = [];
  Notification.supported = true;
  ipcMain.handlers.clear();
  contextBridge.exposed.clear();
  protocol.handlers.clear();
  screen.displays = [builtIn];
  safeStorage.available = true;
  app.isPackaged = false;
  app.singleInstance = true;
  app.userData = null;
  for (const emitter of [app, powerMonitor, ipcRenderer]) emitter.removeAllListeners();
  vi.resetAllMocks();
}

const electron = { app, BrowserWindow, Tray, Menu, nativeImage, Notification, ipcMain, ipcRenderer, contextBridge, powerMonitor, safeStorage, screen, shell, dialog, protocol, session };
export default electron;
