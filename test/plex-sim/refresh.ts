// What PMS does after `PUT /library/metadata/<rk>/refresh` (plex-facts.md §4.1): queue the item,
// work on `refreshConcurrency` items at a time, and for each emit activity started/updated/ended
// and timeline states 1…5, while the main log, the System plug-in and the agent write their lines.
import { randomUUID } from 'node:crypto';
import { formatPluginRecord, type PluginRecord } from './log-format.ts';
import { pyQuote } from './python-text.ts';
import { PMS_LOCAL } from './stories.ts';
import type { ItemState, RefreshRecord, SimPlex } from './sim.ts';

export const LIBRARY_IDENTIFIER = 'com.plexapp.plugins.library';

export class RefreshQueue {
  private readonly sim: SimPlex;
  private pending: string[] = [];
  private readonly active = new Set<string>();
  /** activities in progress, for GET /activities */
  readonly activities = new Map<string, { uuid: string; ratingKey: string; subtitle: string; progress: number }>();

  constructor(sim: SimPlex) {
    this.sim = sim;
  }

  /** Items queued or being refreshed in a section: the timeline's updateQueueSize. */
  queueSize(sectionKey: string): number {
    return [...this.pending, ...this.active].filter((rk) => this.sim.items.get(rk)?.section.key === sectionKey).length;
  }

  enqueue(ratingKey: string): void {
    const record: RefreshRecord = { ratingKey, requestedAt: Date.now() };
    this.sim.refreshes.push(record);
    // PMS coalesces a refresh of an item that is already waiting
    if (!this.pending.includes(ratingKey)) this.pending.push(ratingKey);
    this.pump();
  }

  /** The server stopped: what was queued or running is lost. */
  abandon(): void {
    this.pending = [];
    this.active.clear();
    this.activities.clear();
    for (const r of this.sim.refreshes) if (r.endedAt === undefined) r.abandoned = true;
  }

  private pump(): void {
    while (this.active.size < this.sim.scenario.refreshConcurrency && this.pending.length) {
      const rk = this.pending.shift()!;
      this.active.add(rk);
      const records = this.sim.refreshes.filter((r) => r.ratingKey === rk && r.endedAt === undefined && !r.abandoned);
      this.process(rk, records).then(
        () => this.done(rk),
        () => undefined, // the server stopped mid-refresh: abandon() already cleaned up
      );
    }
  }

  private done(rk: string): void {
    this.active.delete(rk);
    this.pump();
  }

  private async process(rk: string, records: RefreshRecord[]): Promise<void> {
    const sim = this.sim;
    const state = sim.items.get(rk)!;
    const { latency } = sim.scenario;
    const jitter = latency.jitterMs ? (sim.host.rand() * 2 - 1) * latency.jitterMs : 0;
    const stage = Math.max(0, latency.refreshMs + jitter) / 4;
    const uuid = randomUUID();
    const activity = { uuid, ratingKey: rk, subtitle: 'Checking files', progress: 0 };
    this.activities.set(uuid, activity);
    for (const r of records) r.startedAt = Date.now();
    this.emitActivity('started', activity);
    this.emitTimeline(state, 1);
    for (const r of records) sim.events.emit('refresh-started', r);
    writeRefreshStart(sim, state, new Date());

    const plugin = sim.pluginFor(state.section.agent);
    if (plugin && plugin.state === 'running' && plugin.infoPlistTouched()) await sim.startPlugin(plugin);
    else if (plugin && plugin.state === 'stopped') await sim.startPlugin(plugin);

    await sim.delay(stage);
    Object.assign(activity, { subtitle: 'Refreshing local metadata', progress: 33 });
    this.emitActivity('updated', activity);
    this.emitTimeline(state, 2);
    const running = plugin?.state === 'running';
    const outcome = running ? sim.outcomeFor(state, plugin) : undefined;
    if (running && outcome) sim.writeAgentWork(state, plugin, outcome, new Date());
    state.refreshes++;

    await sim.delay(stage);
    Object.assign(activity, { subtitle: 'Augmenting metadata', progress: 66 });
    this.emitActivity('updated', activity);
    this.emitTimeline(state, 3);
    this.emitTimeline(state, 4);

    await sim.delay(stage);
    const success = running;
    writeRefreshEnd(sim, state, new Date(), success, this.queueSize(state.section.key) - 1);
    if (success) state.updatedAt = Math.max(state.updatedAt + 1, Math.floor(Date.now() / 1000));
    this.emitTimeline(state, 5, { mediaState: 'analyzing' });

    await sim.delay(stage);
    this.emitTimeline(state, 5);
    Object.assign(activity, { progress: 100 });
    this.activities.delete(uuid);
    this.emitActivity('ended', activity);
    for (const r of records) {
      Object.assign(r, { endedAt: Date.now(), success, outcome });
      sim.events.emit('refresh-ended', r);
    }
  }

  private emitActivity(event: 'started' | 'updated' | 'ended', a: { uuid: string; ratingKey: string; subtitle: string; progress: number }): void {
    this.sim.broadcast({
      NotificationContainer: { type: 'activity', size: 1, ActivityNotification: [{ event, uuid: a.uuid, Activity: activityJson(a) }] },
    });
  }

  private emitTimeline(state: ItemState, value: number, extra: Record<string, string> = {}): void {
    this.sim.broadcast({
      NotificationContainer: {
        type: 'timeline',
        size: 1,
        TimelineEntry: [
          {
            identifier: LIBRARY_IDENTIFIER,
            sectionID: Number(state.section.key),
            itemID: Number(state.item.ratingKey),
            type: 1,
            title: state.item.title,
            state: value,
            updatedAt: state.updatedAt,
            queueSize: this.queueSize(state.section.key),
            ...extra,
          },
        ],
      },
    });
  }
}

export function activityJson(a: { uuid: string; ratingKey: string; subtitle: string; progress: number }) {
  return {
    uuid: a.uuid,
    type: 'library.refresh.items',
    cancellable: false,
    userID: 1,
    title: 'Refreshing',
    subtitle: a.subtitle,
    progress: a.progress,
    Context: { accessible: true, exists: true, key: `/library/metadata/${a.ratingKey}` },
  };
}

const agentUpdateQuery = (state: ItemState) =>
  `/system/agents/update?mediaType=1&force=1&respectTags=0&parentGUID=&parentID=&guid=${pyQuote(state.guid, '')}&id=${state.item.ratingKey}&lang=${state.section.language}`;

/** Main log and System plug-in lines when PMS hands the item to the agents. */
export function writeRefreshStart(sim: SimPlex, state: ItemState, at: Date): void {
  const req = sim.nextRequestId();
  const name = state.item.file.split('/').pop();
  sim.pmsLine(at, `[Req#${req}] Refreshing metadata for '${name}' (agent: ${state.section.agent})`);
  sim.pmsLine(at, `[Req#${req}/HCl#${sim.nextRequestId()}] HTTP requesting GET ${PMS_LOCAL}${agentUpdateQuery(state)}`);
  writeSystem(sim, at, [
    { level: 'DEBUG', module: 'runtime', lineno: 717, msg: `Handling request GET ${agentUpdateQuery(state)}` },
    { level: 'DEBUG', module: 'agentservice', lineno: 520, msg: `Acquiring GUID mutex for ${state.guid} (${state.item.ratingKey})` },
  ]);
}

/** The System plug-in's verdict: notify with success=1, or the exception and success=0. */
export function writeRefreshEnd(sim: SimPlex, state: ItemState, at: Date, success: boolean, queueSize: number): void {
  const guid = state.guid;
  const records: PluginRecord[] = success
    ? [{ level: 'INFO', module: 'agentservice', lineno: 730, msg: `Metadata preparation for ${guid} complete` }]
    : [
        {
          level: 'CRITICAL',
          module: 'agentservice',
          lineno: 736,
          msg: `Exception in update for ${guid} (most recent call last):`,
          more: [
            '  File "/Applications/Plex Media Server.app/Contents/Resources/Plug-ins-c0dd5a73e/System.bundle/Contents/Code/agentservice.py", line 702, in update',
            '    primary_result = self.perform_update(primary_agent, guid, media_type, lang, dbid, force, periodic)',
            `MessagingException: Unable to send a message to ${state.section.agent}: the plug-in is not running`,
          ],
        },
      ];
  records.push(
    { level: 'INFO', module: 'agentservice', lineno: 767, msg: `Bundle with guid ${guid} has been updated - notifying the media server` },
    {
      level: 'DEBUG',
      module: 'networking',
      lineno: 144,
      msg: `Requesting '${PMS_LOCAL}/:/metadata/notify?guid=${pyQuote(guid, '')}&force=1&queueSize=${Math.max(0, queueSize)}&id=${state.item.ratingKey}&success=${success ? 1 : 0}&async=1'`,
    },
  );
  writeSystem(sim, at, records);
}

function writeSystem(sim: SimPlex, at: Date, records: PluginRecord[]): void {
  const thread = sim.system.worker(sim.host.rand);
  sim.system.log.write(records.map((r) => formatPluginRecord(at, thread, r)));
}
