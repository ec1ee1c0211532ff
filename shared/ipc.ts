// The IPC contract between the popover (renderer, through the preload) and Electron main.
// Every action has a channel, a request schema and a response schema; every push from main is
// a `BridgeEvent`. Main validates each request before acting and each response and event
// before sending, so the renderer only ever sees data of these shapes (electron-notes.md §3).
import { z } from 'zod';
import { DecisionSchema, TestItemSchema, VerdictSchema } from './decision.ts';
import { EngineEventSchema, PhaseSchema } from './events.ts';
import { FIX_ID } from './fix.ts';
import { ProposalAnswerSchema, ProposalSchema } from './proposal.ts';
import { CHANNELS, IPC_PREFIX } from './bridge.ts';

// Channel names live in bridge.ts, which has no runtime dependency: the sandboxed preload
// imports them and may bundle nothing else.
export { CHANNELS, IPC_PREFIX };

const isoUtc = z.iso.datetime({ offset: false });
const count = z.number().int().nonnegative();
const share = z.number().min(0).max(1);

// ---- identifiers the renderer may send: shapes only, main resolves them itself ----

/** A run folder name (`<data>/runs/<run-id>`): one safe path segment. */
export const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;
export const RunIdSchema = z.string().regex(RUN_ID, 'not a run id');
const iteration = z.number().int().positive().max(1000);
const fixId = z.string().regex(FIX_ID, 'not a fix id').max(64);

/** One fix as tried in one iteration of one run: what results, rollbacks and reports point at. */
export const FixRefSchema = z.strictObject({ runId: RunIdSchema, iteration, fixId });
export type FixRef = z.infer<typeof FixRefSchema>;

export const ReportRefSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('final'), runId: RunIdSchema }),
  z.strictObject({ kind: z.literal('diagnostic'), runId: RunIdSchema, iteration }),
  z.strictObject({ kind: z.literal('implementation'), ...FixRefSchema.shape }),
  z.strictObject({ kind: z.literal('test'), ...FixRefSchema.shape }),
]);
export type ReportRef = z.infer<typeof ReportRefSchema>;

// ---- settings ----

/** plex-facts.md §5, in the order they are tried by default. */
export const RESTART_STRATEGIES = ['plugin-reload', 'launchctl', 'app-quit', 'sigterm', 'manual'] as const;
export const RestartStrategySchema = z.enum(RESTART_STRATEGIES);
export type RestartStrategy = z.infer<typeof RestartStrategySchema>;

export const ServerUrlSchema = z
  .string()
  .max(200)
  .refine((raw) => {
    try {
      const u = new URL(raw);
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '' && !u.username && !u.password && !u.search && !u.hash && u.pathname === '/';
    } catch {
      return false;
    }
  }, 'the server address must look like http://127.0.0.1:32400 (http or https, a host, an optional port, nothing after it)');

/** A folder on this Mac, chosen in a native dialog; never typed into the renderer. */
export const FolderPathSchema = z
  .string()
  .min(2)
  .max(1024)
  .refine((p) => p.startsWith('/'), 'must be an absolute path')
  .refine((p) => !p.includes('\0'), 'must not contain NUL');

export const ThresholdsSchema = z
  .strictObject({
    /** criteria met ≥ this → KEEP (design.md, Decisions) */
    keepPct: z.number().int().min(1).max(100),
    /** criteria met ≥ this (and below keepPct) → MONITOR or MODIFY */
    monitorPct: z.number().int().min(0).max(99),
    /** an iteration improving less than this, twice in a row, is a plateau */
    plateauPct: z.number().min(0).max(100),
    maxIterations: z.number().int().min(1).max(50),
  })
  .refine((t) => t.monitorPct < t.keepPct, { message: 'the MONITOR threshold must be below the KEEP threshold', path: ['monitorPct'] });
export type Thresholds = z.infer<typeof ThresholdsSchema>;

export const SettingsSchema = z.strictObject({
  serverUrl: ServerUrlSchema,
  /** null = found automatically (plex-facts.md §6) */
  pluginsDir: FolderPathSchema.nullable(),
  logsDir: FolderPathSchema.nullable(),
  restartOrder: z
    .array(RestartStrategySchema)
    .min(1, 'keep at least one restart method')
    .refine((list) => new Set(list).size === list.length, 'each restart method may appear only once'),
  itemsPerTest: z.number().int().min(1).max(100),
  thresholds: ThresholdsSchema,
  launchAtLogin: z.boolean(),
});
export type Settings = z.infer<typeof SettingsSchema>;

/** A fresh copy each call, so no caller can change another's defaults. The thresholds are
 *  design.md's decision rules and exit conditions. */
export function defaultSettings(): Settings {
  return {
    serverUrl: 'http://127.0.0.1:32400',
    pluginsDir: null,
    logsDir: null,
    restartOrder: [...RESTART_STRATEGIES],
    itemsPerTest: 20,
    thresholds: { keepPct: 75, monitorPct: 50, plateauPct: 5, maxIterations: 10 },
    launchAtLogin: false,
  };
}

/** What the settings view may change directly; folders change through `chooseFolder`. */
export const SettingsUpdateSchema = SettingsSchema.omit({ pluginsDir: true, logsDir: true });
export type SettingsUpdate = z.infer<typeof SettingsUpdateSchema>;

/** Settings as the renderer sees them: whether a token is stored, never the token. */
export const SettingsViewSchema = SettingsSchema.extend({ hasToken: z.boolean() });
export type SettingsView = z.infer<typeof SettingsViewSchema>;

export const FolderKindSchema = z.enum(['plugins', 'logs']);
export const FolderRequestSchema = z.strictObject({ folder: FolderKindSchema });
export type FolderKind = z.infer<typeof FolderKindSchema>;

/** Plex tokens are ~20 URL-safe characters; anything else is a paste mistake. */
export const PlexTokenSchema = z
  .string()
  .trim()
  .min(8, 'a Plex token is at least 8 characters long')
  .max(256, 'a Plex token is at most 256 characters long')
  .regex(/^[A-Za-z0-9_~.-]+$/, 'a Plex token has only letters, digits, "-", "_", "~" and "."');

export const TokenRequestSchema = z.strictObject({ token: PlexTokenSchema });
export const TokenStateSchema = z.object({ hasToken: z.boolean() });
export const TokenDiscoverySchema = z.object({
  found: z.boolean(),
  /** where it was found, in plain words (e.g. "the Plex preferences on this Mac"); null if not found */
  source: z.string().nullable(),
  hasToken: z.boolean(),
});

// ---- status ----

export const PlexStatusSchema = z.object({
  serverUrl: z.string(),
  connected: z.boolean(),
  version: z.string().nullable(),
  /** what is wrong and what to do, in plain words, when not connected */
  problem: z.string().nullable(),
});

export const ErrorRatePointSchema = z.object({
  at: isoUtc,
  /** failed items / items with an outcome; null when no item had an outcome */
  rate: share.nullable(),
  itemsWithOutcome: count,
});

export const AgentStatusSchema = z.object({
  agent: z.string().min(1),
  identifier: z.string().min(1),
  /** one point per aggregation (scan or iteration), oldest first: the sparkline */
  errorRate: z.array(ErrorRatePointSchema),
});
export type AgentStatus = z.infer<typeof AgentStatusSchema>;

export const ProgressSchema = z.object({
  fixId: z.string(),
  pass: z.enum(['baseline', 'after']),
  started: count,
  finished: count,
  total: count,
});

/** The run as the user's description tracks it ("Fixes Attempted: 3 …"). */
export const LoopProgressSchema = z.object({
  fixesAttempted: count,
  fixesKept: count,
  fixesRolledBack: count,
  /** relative drop of actionable errors per refreshed item since the baseline, in % */
  errorReductionPct: z.number().nullable(),
  itemSuccessRate: z.object({ baseline: share.nullable(), now: share.nullable() }),
  /** the last (up to) two iterations' improvement in %, oldest first */
  recentImprovementPct: z.array(z.number()).max(2),
  /** e.g. "Slowing progress, may plateau soon" */
  statusLine: z.string(),
});

export const RunStatusSchema = z.object({
  runId: RunIdSchema,
  iteration: count,
  phase: PhaseSchema,
  fixId: z.string().nullable(),
  progress: ProgressSchema.nullable(),
  loop: LoopProgressSchema.nullable(),
  /** a stop was asked for; the run ends at the next safe point */
  stopping: z.boolean(),
});
export type RunStatus = z.infer<typeof RunStatusSchema>;

/** What the loop is waiting for the user to do. */
export const PendingSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('proposal'), proposal: ProposalSchema }),
  z.object({ kind: z.literal('manualRestart'), text: z.string().min(1) }),
]);
export type Pending = z.infer<typeof PendingSchema>;

/** An interrupted run found at start-up: the popover asks "Resume the loop?". */
export const ResumableRunSchema = z.object({
  runId: RunIdSchema,
  iteration: count,
  phase: PhaseSchema,
  savedAt: isoUtc,
  /** where it stopped, in plain words */
  summary: z.string(),
});

/** The folders in use (chosen or found), for display. */
export const FoldersSchema = z.object({
  plugins: z.string().nullable(),
  logs: z.string().nullable(),
  data: z.string(),
});

export const EngineStatusSchema = z.object({
  plex: PlexStatusSchema,
  agents: z.array(AgentStatusSchema),
  run: RunStatusSchema.nullable(),
  pending: PendingSchema.nullable(),
  resumable: ResumableRunSchema.nullable(),
  /** the newest finished test, for the result view */
  lastResult: FixRefSchema.nullable(),
  folders: FoldersSchema,
});
export type EngineStatus = z.infer<typeof EngineStatusSchema>;

/** Something main wants the user to see in the popover: a notification that could not be
 *  shown, what start-up recovery did, a settings file that had to be set aside. */
export const NoticeSchema = z.object({
  id: z.string().min(1).max(64),
  at: isoUtc,
  level: z.enum(['info', 'warn', 'error']),
  title: z.string(),
  body: z.string(),
  ref: FixRefSchema.nullable(),
});
export type Notice = z.infer<typeof NoticeSchema>;

export const AppStatusSchema = EngineStatusSchema.extend({
  hasToken: z.boolean(),
  /** unread notices, newest first: the popover's badge */
  notices: z.array(NoticeSchema),
});
export type AppStatus = z.infer<typeof AppStatusSchema>;

export const NoticeRequestSchema = z.strictObject({ id: NoticeSchema.shape.id });

// ---- actions' answers ----

export const ScanSummarySchema = z.object({
  generatedAt: isoUtc,
  filesRead: count,
  agents: z.array(
    z.object({
      agent: z.string(),
      records: count,
      itemsWithOutcome: count,
      failedItems: count,
      actionableErrors: count,
    }),
  ),
  /** inputs that could not be used (metrics `skipped`), summed */
  skipped: count,
});
export type ScanSummary = z.infer<typeof ScanSummarySchema>;

export const RunStartedSchema = z.object({ runId: RunIdSchema });
export const ProposalReplySchema = z.strictObject({ fixId, answer: ProposalAnswerSchema });
export type ProposalReply = z.infer<typeof ProposalReplySchema>;

export const RollbackResultSchema = z.object({
  ref: FixRefSchema,
  /** files restored, relative to the Plug-ins folder */
  files: z.array(z.string()),
  /** what happened, in plain words */
  text: z.string(),
});

export const HistoryFixSchema = z.object({
  ref: FixRefSchema,
  title: z.string(),
  /** null: not tested (skipped, interrupted or advice only) */
  verdict: VerdictSchema.nullable(),
  /** its change is in the agent's files now, so it can be rolled back */
  applied: z.boolean(),
  rolledBack: z.boolean(),
});
export const HistoryIterationSchema = z.object({
  iteration: z.number().int().positive(),
  /** relative drop of actionable errors per item versus the previous iteration, in % */
  improvementPct: z.number().nullable(),
  fixes: z.array(HistoryFixSchema),
});
export const HistoryRunSchema = z.object({
  runId: RunIdSchema,
  startedAt: isoUtc,
  endedAt: isoUtc.nullable(),
  exitReason: z.string().nullable(),
  hasFinalReport: z.boolean(),
  iterations: z.array(HistoryIterationSchema),
});
/** newest run first */
export const HistorySchema = z.object({ runs: z.array(HistoryRunSchema) });
export type History = z.infer<typeof HistorySchema>;

export const FixResultSchema = z.object({
  ref: FixRefSchema,
  title: z.string(),
  decision: DecisionSchema,
  items: z.array(TestItemSchema),
  applied: z.boolean(),
});
export type FixResult = z.infer<typeof FixResultSchema>;

// ---- the table: one row per action ----

const none = z.undefined();
const done = z.null();

export const IPC = {
  getStatus: { request: none, response: AppStatusSchema },
  scanLogs: { request: none, response: ScanSummarySchema },
  startLoop: { request: none, response: RunStartedSchema },
  stopLoop: { request: none, response: done },
  resumeLoop: { request: none, response: RunStartedSchema },
  answerProposal: { request: ProposalReplySchema, response: done },
  continueRestart: { request: none, response: done },
  rollback: { request: FixRefSchema, response: RollbackResultSchema },
  getHistory: { request: none, response: HistorySchema },
  getResult: { request: FixRefSchema, response: FixResultSchema },
  openReport: { request: ReportRefSchema, response: done },
  openReportsFolder: { request: none, response: done },
  dismissNotice: { request: NoticeRequestSchema, response: done },
  getSettings: { request: none, response: SettingsViewSchema },
  saveSettings: { request: SettingsUpdateSchema, response: SettingsViewSchema },
  chooseFolder: { request: FolderRequestSchema, response: SettingsViewSchema },
  clearFolder: { request: FolderRequestSchema, response: SettingsViewSchema },
  setToken: { request: TokenRequestSchema, response: TokenStateSchema },
  clearToken: { request: none, response: TokenStateSchema },
  discoverToken: { request: none, response: TokenDiscoverySchema },
  /** Escape with nothing left to close in the page: the popover hides (the page owns Escape) */
  hidePopover: { request: none, response: done },
} as const satisfies Record<Exclude<keyof typeof CHANNELS, 'event'>, { request: z.ZodType; response: z.ZodType }>;

export type Action = keyof typeof IPC;
export const ACTIONS = Object.keys(IPC) as Action[];
/** What the renderer passes (before parsing). */
export type RequestOf<A extends Action> = z.input<(typeof IPC)[A]['request']>;
/** What a handler receives (after parsing). */
export type ParsedRequestOf<A extends Action> = z.output<(typeof IPC)[A]['request']>;
/** What a handler may return (before parsing). */
export type ResponseInputOf<A extends Action> = z.input<(typeof IPC)[A]['response']>;
/** What the renderer receives. */
export type ResponseOf<A extends Action> = z.output<(typeof IPC)[A]['response']>;

// ---- results: a failed action is a value, never an exception across the bridge ----

export const IpcErrorSchema = z.object({
  /** `invalid-request`, `forbidden`, `unexpected`, `engine-unavailable`, or an engine error code */
  code: z.string().min(1),
  /** what went wrong, in plain words */
  message: z.string(),
  /** what to do about it */
  hint: z.string().optional(),
});
export type IpcError = z.infer<typeof IpcErrorSchema>;
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** The first problem zod found, as "path: message" — how main words a refused request, and
 *  how a form can word the same check before sending. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'unknown problem';
  return issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

// ---- events pushed by main ----

export const NavigateTargetSchema = z.discriminatedUnion('view', [
  z.object({ view: z.literal('status') }),
  z.object({ view: z.literal('history') }),
  z.object({ view: z.literal('settings') }),
  z.object({ view: z.literal('result'), ref: FixRefSchema }),
]);
export type NavigateTarget = z.infer<typeof NavigateTargetSchema>;

/** Events that come from the app shell rather than the engine. */
export const AppEventSchema = z.discriminatedUnion('type', [
  /** show this view (a notification or a tray menu item was clicked) */
  z.object({ type: z.literal('navigate'), to: NavigateTargetSchema }),
  /** a notice was added (see `NoticeSchema`) */
  z.object({ type: z.literal('notice'), notice: NoticeSchema }),
]);
export type AppEvent = z.infer<typeof AppEventSchema>;

export const BridgeEventSchema = z.union([EngineEventSchema, AppEventSchema]);
export type BridgeEvent = z.infer<typeof BridgeEventSchema>;
