// The user's settings and the encrypted token, in electron-store's config.json under the app's
// data folder (electron-notes.md §6). The JSON schema electron-store checks is generated from
// the zod schema in shared/ipc.ts, so there is one definition; zod adds the checks JSON Schema
// cannot say (URL shape, unique restart methods, MONITOR below KEEP). A file that fails either
// check is set aside under a new name, never overwritten, and the defaults are used.
import Store from 'electron-store';
import { renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { SettingsSchema, defaultSettings, describeIssue, type Settings } from '../../shared/ipc.ts';
import { UserError } from '../engine/errors.ts';

/** Bumped when the stored shape changes; migrateStored() upgrades older files in code. */
export const SETTINGS_SCHEMA_VERSION = 1;

interface Stored {
  schemaVersion: number;
  settings: Settings;
  /** base64 of safeStorage ciphertext; see secrets.ts */
  plexToken: string | null;
}

const settingsJsonSchema = (() => {
  const { $schema: _drop, ...schema } = z.toJSONSchema(SettingsSchema, { io: 'input' });
  return schema;
})();

const STORE_SCHEMA = {
  schemaVersion: { type: 'integer', minimum: 1 },
  settings: settingsJsonSchema,
  plexToken: { anyOf: [{ type: 'string', minLength: 1, maxLength: 16_384 }, { type: 'null' }] },
} as const;

export interface SettingsStore {
  /** config.json */
  readonly path: string;
  read(): Settings;
  /** Validates, then saves; a UserError says which value is wrong. */
  write(settings: Settings): Settings;
  readTokenCiphertext(): string | null;
  writeTokenCiphertext(ciphertext: string | null): void;
}

export interface OpenedSettings {
  store: SettingsStore;
  /** set when a broken settings file was set aside: what happened, in plain words */
  problem: string | null;
}

export interface OpenSettingsOptions {
  /** the folder of config.json: Electron's userData folder */
  cwd: string;
  now?: () => Date;
}

/** Call after `app` is ready: electron-store asks Electron for its version when created. */
export function openSettingsStore(options: OpenSettingsOptions): OpenedSettings {
  const now = options.now ?? (() => new Date());
  let problem: string | null = null;
  let store: Store<Stored>;
  try {
    store = createStore(options.cwd);
    const reason = unusableReason(store);
    if (reason) {
      problem = setAside(store.path, reason, now());
      store = createStore(options.cwd);
    }
  } catch (err) {
    // electron-store refuses a file that is not JSON or breaks the schema; its message says how.
    const path = join(options.cwd, 'config.json');
    problem = setAside(path, firstLine(err), now());
    store = createStore(options.cwd);
  }
  return { store: wrap(store), problem };
}

function createStore(cwd: string): Store<Stored> {
  return new Store<Stored>({
    cwd,
    schema: STORE_SCHEMA as never,
    rootSchema: { additionalProperties: false },
    defaults: { schemaVersion: SETTINGS_SCHEMA_VERSION, settings: defaultSettings(), plexToken: null },
    clearInvalidConfig: false,
    watch: false,
  });
}

function unusableReason(store: Store<Stored>): string | null {
  const version = store.get('schemaVersion');
  if (version > SETTINGS_SCHEMA_VERSION) return `it was written by a newer Agent Doctor (settings version ${version})`;
  const parsed = SettingsSchema.safeParse(store.get('settings'));
  if (!parsed.success) return describeIssue(parsed.error);
  return null;
}

function setAside(path: string, reason: string, at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const kept = join(dirname(path), `config.unreadable-${stamp}.json`);
  renameSync(path, kept);
  return `Your settings could not be read (${reason}). The file was kept as ${kept} and the default settings are in use; set them again in Settings.`;
}

function wrap(store: Store<Stored>): SettingsStore {
  return {
    path: store.path,
    read: () => SettingsSchema.parse(store.get('settings')),
    write(settings) {
      const parsed = SettingsSchema.safeParse(settings);
      if (!parsed.success) throw new UserError('invalid-settings', `These settings cannot be saved: ${describeIssue(parsed.error)}.`, 'Change that value and save again.');
      store.set('settings', parsed.data);
      return parsed.data;
    },
    readTokenCiphertext: () => store.get('plexToken'),
    writeTokenCiphertext: (ciphertext) => store.set('plexToken', ciphertext),
  };
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!.trim();
}
