// What the app shell needs from the engine: the popover's actions (shared/bridge.ts) minus
// Electron concerns, plus what only main asks for (configuration, recovery, wake-up, report
// paths, token discovery, the event stream). main/app/engine.ts constructs it.
import type { EngineEvent } from '../../shared/events.ts';
import type { z } from 'zod';
import type { Action, EngineStatusSchema, ParsedRequestOf, ReportRef, ResponseInputOf, Settings } from '../../shared/ipc.ts';
import { UserError, isUserError } from '../engine/errors.ts';

/** The actions the engine answers exactly as the popover asked them. */
export type EngineAction = Extract<Action, 'scanLogs' | 'startLoop' | 'stopLoop' | 'resumeLoop' | 'answerProposal' | 'continueRestart' | 'rollback' | 'getHistory' | 'getResult'>;

export type EngineOperation<A extends EngineAction> = undefined extends ParsedRequestOf<A>
  ? () => Promise<ResponseInputOf<A>>
  : (request: ParsedRequestOf<A>) => Promise<ResponseInputOf<A>>;

export interface EngineConfig {
  /** `<data>` of design.md: runs, reports, backups */
  dataDir: string;
  /** the Python checker's .wasm files */
  wasmDir: string;
  appVersion: string;
  settings: Settings;
  /** decrypted; null when none is stored (the engine may discover one itself) */
  token: string | null;
}

export interface RecoveryReport {
  /** what start-up recovery did, one plain sentence each (empty: nothing to do) */
  actions: string[];
}

export type EngineService = { [A in EngineAction]: EngineOperation<A> } & {
  getStatus(): Promise<z.input<typeof EngineStatusSchema>>;
  /** new settings or token; a UserError says what is wrong with them */
  configure(config: EngineConfig): Promise<void>;
  /** finish or undo an interrupted change (fixes/ journal); run once at start-up */
  recover(): Promise<RecoveryReport>;
  /** the Mac woke up or was unlocked: re-check Plex, re-arm the log tailer */
  wake(): Promise<void>;
  /** absolute path of a report inside dataDir; a UserError when it does not exist */
  reportPath(ref: ReportRef): Promise<string>;
  /** `<data>/runs` */
  reportsFolder(): string;
  /** the token from this Mac's Plex preferences, with where it was found; null if none */
  discoverToken(): Promise<{ token: string; source: string } | null>;
  /** every token the engine has held, also one it found itself: the app redacts them too */
  knownSecrets(): string[];
  subscribe(listener: (event: EngineEvent) => void): () => void;
  /** stop at a safe point and persist state; the app is quitting */
  dispose(): Promise<void>;
};

/** The engine as the app holds it: not yet started, running, or failed to start. */
export interface EngineSlot {
  /** the running engine; a UserError while it is starting or after it failed */
  get(): EngineService;
  readonly current: EngineService | null;
  /** why there is no engine (starting, or failed to start); null while it runs */
  readonly problem: UserError | null;
  set(service: EngineService): void;
  fail(error: unknown): void;
}

export function createEngineSlot(): EngineSlot {
  let current: EngineService | null = null;
  let problem: UserError = new UserError('engine-starting', 'Agent Doctor is still starting.', 'Try again in a moment.');
  return {
    get() {
      if (current) return current;
      throw problem;
    },
    get current() {
      return current;
    },
    get problem() {
      return current ? null : problem;
    },
    set(service) {
      current = service;
    },
    fail(error) {
      current = null;
      problem = isUserError(error)
        ? error
        : new UserError('engine-unavailable', 'Agent Doctor could not start its engine.', 'Quit and reopen Agent Doctor. If it happens again, reinstall it.', { cause: error });
    },
  };
}
