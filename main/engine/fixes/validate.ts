// Restart and immediate validation (issue 6, plex-facts.md §5): after a change, restart the
// plug-in (cheapest strategy first, through the plex module), then read the plug-in's own log
// written since: it must say "Started plug-in", with no load failure and no CRITICAL line other
// than the start-up noise every plug-in writes. If the plug-in did not start, or Plex could not
// be restarted to find out, the fix is rolled back at once, Plex restarted again, and why is
// recorded. Not seeing a start line at all is "unconfirmed", not a failure: agents may start
// only when first used, and the active test (Phase 4) will show it.
import { classify, pluginLoadState, type LogRecord, type Tailer } from '../logs/index.ts';
import { restartPlex, waitForPluginLoad, type PluginLoadResult, type RestartContext, type RestartOptions, type RestartReport, type RestartStrategyId } from '../plex/index.ts';
import { isUserError } from '../errors.ts';
import type { AppliedFix } from './applied-fixes.ts';
import { resolved, type FixContext } from './context.ts';
import { recordImplementation, type PluginCheck, type Validation } from './implementation-log.ts';
import { rollbackFix, type RollbackOptions, type RollbackResult, type RollbackTarget } from './rollback.ts';
import { recordsOf, tailerProbe } from './tailer-probe.ts';

export interface RestartDeps {
  /** how to reach and restart Plex; the probe is made here from `tailer` */
  plex: Omit<RestartContext, 'probe'>;
  /** follows the Plex logs folder (started before the change) */
  tailer: Tailer;
  /** restart strategies to try, cheapest first (default: the plex module's order) */
  order?: readonly RestartStrategyId[];
  timeouts?: RestartOptions['timeouts'];
  pollIntervalMs?: number;
  signal?: AbortSignal;
}

export interface ValidationOutcome {
  /** the check after the change */
  validation: Validation;
  /** set when the change was rolled back because the check failed */
  rollback: RollbackResult | undefined;
  /** the check after that rollback's restart (null when Plex could not be restarted) */
  afterRollback: Validation | null;
}

const DEFAULT_PLUGIN_WAIT_MS = 30_000;

export async function restartAndValidate(applied: AppliedFix, ctx: FixContext, deps: RestartDeps): Promise<ValidationOutcome> {
  const { secrets } = resolved(ctx);
  const validation = await restartAndCheck(applied.identifiers, ctx, deps);
  await recordImplementation(applied.iterationDir, applied.fixId, secrets, (entries) => {
    const entry = entries.find((e) => e.event === 'applied' && e.appliedId === applied.id);
    if (entry?.event === 'applied') entry.validation = validation;
  });
  if (validation.verdict !== 'failed' && validation.verdict !== 'not-restarted') return { validation, rollback: undefined, afterRollback: null };

  const why = validation.verdict === 'failed' ? `The plug-in did not start cleanly with the change: ${validation.reason}` : `The change could not be checked: ${validation.reason}`;
  const rollback = await rollbackFix({ id: applied.id }, ctx, { automatic: true, reason: why });
  // a plug-in that loaded the bad code must load the restored code; a Plex that could not be
  // restarted still runs the old code
  const afterRollback = validation.verdict === 'failed' ? await restartAndCheck(applied.identifiers, ctx, deps) : null;
  if (afterRollback) {
    await recordImplementation(applied.iterationDir, applied.fixId, secrets, (entries) => {
      const entry = entries.findLast((e) => e.event === 'rolled-back' && e.appliedId === applied.id);
      if (entry?.event === 'rolled-back') entry.validation = afterRollback;
    });
  }
  return { validation, rollback, afterRollback };
}

/** Rolls back an applied fix on a decision (a ROLLBACK verdict, a regression) and restarts the
 *  plug-ins of every fix it rolled back, so they run the restored code; the check after that
 *  restart is recorded beside each rollback, as after an automatic one. */
export async function rollbackAndRestart(target: RollbackTarget, ctx: FixContext, deps: RestartDeps, options: RollbackOptions = {}): Promise<{ rollback: RollbackResult; validation: Validation }> {
  const { secrets } = resolved(ctx);
  const rollback = await rollbackFix(target, ctx, options);
  const validation = await restartAndCheck([...new Set(rollback.rolledBack.flatMap((f) => f.identifiers))], ctx, deps);
  for (const fix of rollback.rolledBack) {
    await recordImplementation(fix.iterationDir, fix.fixId, secrets, (entries) => {
      const entry = entries.findLast((e) => e.event === 'rolled-back' && e.appliedId === fix.id);
      if (entry?.event === 'rolled-back') entry.validation = validation;
    });
  }
  return { rollback, validation };
}

/** Restarts the plug-ins (or Plex) and reads what their logs say since. */
export async function restartAndCheck(identifiers: readonly string[], ctx: FixContext, deps: RestartDeps): Promise<Validation> {
  const { clock } = resolved(ctx);
  const probe = tailerProbe(deps.tailer);
  const before = await deps.tailer.checkpoint();
  const options = { scope: 'plugin' as const, order: deps.order, timeouts: deps.timeouts, pollIntervalMs: deps.pollIntervalMs, signal: deps.signal };
  const loads = new Map<string, PluginLoadResult | undefined>();
  let first: RestartReport | undefined;
  try {
    for (const identifier of identifiers) {
      if (first && first.strategy !== 'plugin-reload') {
        // the whole server restarted: the other plug-ins restarted with it
        loads.set(identifier, await waitForPluginLoad(probe, { checkpoint: before, identifier }, { timeoutMs: deps.timeouts?.pluginMs ?? DEFAULT_PLUGIN_WAIT_MS, pollIntervalMs: deps.pollIntervalMs, clock: deps.plex.clock, signal: deps.signal }));
        continue;
      }
      const report = await restartPlex({ ...deps.plex, probe }, { ...options, identifier });
      first ??= report;
      loads.set(identifier, report.plugin);
    }
  } catch (err) {
    if (!isUserError(err)) throw err;
    return { at: clock.now().toISOString(), verdict: 'not-restarted', reason: err.message, restart: null, plugins: [] };
  }
  const records = (await deps.tailer.readSince(before)).records;
  const plugins = identifiers.map((identifier) => pluginCheck(identifier, loads.get(identifier), recordsOf(records, identifier)));
  const restart = first ? { strategy: first.strategy, failed: first.failed, serverVersion: first.serverVersion, elapsedMs: first.elapsedMs } : null;
  return { at: clock.now().toISOString(), ...verdictOf(plugins), restart, plugins };
}

function pluginCheck(identifier: string, load: PluginLoadResult | undefined, records: LogRecord[]): PluginCheck {
  // a traceback's last line says what went wrong
  const criticals = records.filter((r) => r.level === 'CRITICAL' && classify(r)?.signature?.severity !== 'noise').map((r) => (r.more?.length ? `${r.line} … ${r.more.at(-1)!.trim()}` : r.line));
  const state = pluginLoadState(records, identifier);
  if (load?.state === 'failed' || typeof state === 'object') {
    return { identifier, state: 'failed', detail: load?.state === 'failed' ? load.reason : typeof state === 'object' ? state.failed : 'the plug-in did not start', criticals };
  }
  if (load?.state === 'started' || state === 'started') return { identifier, state: 'started', detail: load?.state === 'started' ? load.line.trim() : 'Started plug-in', criticals };
  const waited = load?.state === 'no-log' ? ` within ${Math.round(load.waitedMs / 1000)} s` : '';
  return { identifier, state: 'not-seen', detail: `no start line in its log${waited}`, criticals };
}

function verdictOf(plugins: readonly PluginCheck[]): Pick<Validation, 'verdict' | 'reason'> {
  const failed = plugins.find((p) => p.state === 'failed');
  if (failed) return { verdict: 'failed', reason: `${failed.identifier} did not start: ${failed.detail}` };
  const critical = plugins.find((p) => p.criticals.length > 0);
  if (critical) return { verdict: 'failed', reason: `${critical.identifier} logged a CRITICAL line after the restart: ${critical.criticals[0]}` };
  const unseen = plugins.filter((p) => p.state === 'not-seen');
  if (unseen.length) {
    return { verdict: 'unconfirmed', reason: `No start line from ${unseen.map((p) => p.identifier).join(', ')} yet; agents may start only when first used, so the test will show whether it works.` };
  }
  return { verdict: 'started', reason: 'The plug-in started and logged no CRITICAL line since the restart.' };
}
