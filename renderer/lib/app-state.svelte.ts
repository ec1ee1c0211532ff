// What the popover knows: the app status from main, kept current by the bridge's events, and
// which view is showing. Views read it and call the bridge; only this class listens to events.
import type { AgentDoctorApi } from '../../shared/bridge.ts';
import type { EngineEventOf } from '../../shared/events.ts';
import type { AppStatus, BridgeEvent, FixRef, IpcError, NavigateTarget } from '../../shared/ipc.ts';
import { feedLine, pushLine, type FeedLine } from './feed.ts';
import { settle } from './task.svelte.ts';

export type View = NavigateTarget | { view: 'running' };
export type ViewName = View['view'];

/** The views that belong to the Status tab: where the loop's questions are asked. */
const HOME: readonly ViewName[] = ['status', 'running'];
/** Views a question from the loop does not take the user away from. */
const KEEPS_ITS_VIEW: readonly ViewName[] = ['settings', 'result'];

export class AppState {
  readonly api: AgentDoctorApi;
  status = $state<AppStatus | null>(null);
  /** why the status could not be loaded; the last good status stays on screen */
  statusError = $state<IpcError | null>(null);
  view = $state<View>({ view: 'status' });
  /** the latest events in words, newest first */
  feed = $state<FeedLine[]>([]);
  /** a test that finished while another view was open: offered, not forced on the user */
  finished = $state<EngineEventOf<'testFinished'> | null>(null);
  /** how the last loop ended, until the next one starts */
  ended = $state<EngineEventOf<'loopEnded'> | null>(null);
  /** fix titles by id, learned from proposals: the run status names only the id */
  titles = $state<Record<string, string>>({});
  #asked = 0;

  constructor(api: AgentDoctorApi) {
    this.api = api;
  }

  get atHome(): boolean {
    return HOME.includes(this.view.view);
  }

  /** Listens to events and loads the status; returns the function that stops listening. */
  connect(): () => void {
    const stop = this.api.onEvent((event) => this.handle(event));
    void this.refresh();
    return stop;
  }

  async refresh(): Promise<void> {
    const ticket = ++this.#asked;
    const result = await settle(() => this.api.getStatus());
    if (ticket !== this.#asked) return; // a newer answer is on its way
    if (result.ok) {
      this.status = result.value;
      this.statusError = null;
      const pending = result.value.pending;
      if (pending?.kind === 'proposal') this.titles[pending.proposal.fixId] = pending.proposal.title;
    } else {
      this.statusError = result.error;
    }
  }

  show(view: View): void {
    this.view = view;
    if (view.view === 'result' && this.finished && sameRef(view.ref, refOf(this.finished))) this.finished = null;
  }

  /** The loop's question was answered: it no longer waits. */
  answered(): void {
    if (this.status) this.status.pending = null;
  }

  loopStarted(): void {
    this.ended = null;
    this.show({ view: 'running' });
    void this.refresh();
  }

  handle(event: BridgeEvent): void {
    const line = feedLine(event);
    if (line) this.feed = pushLine(this.feed, line);
    const run = this.status?.run;
    switch (event.type) {
      case 'phase':
        if (run && run.runId === event.runId) {
          run.phase = event.phase;
          run.iteration = event.iteration;
          run.fixId = event.fixId ?? run.fixId;
        } else {
          this.ended = null;
          void this.refresh();
        }
        return;
      case 'progress':
        if (run && run.runId === event.runId) run.progress = { fixId: event.fixId, pass: event.pass, started: event.started, finished: event.finished, total: event.total };
        else void this.refresh();
        return;
      case 'needsConfirmation':
        this.titles[event.proposal.fixId] = event.proposal.title;
        this.ask({ kind: 'proposal', proposal: event.proposal });
        return;
      case 'needsManualRestart':
        this.ask({ kind: 'manualRestart', text: event.text });
        return;
      case 'testFinished':
        if (this.atHome || this.view.view === 'result') this.show({ view: 'result', ref: refOf(event) });
        else this.finished = event;
        void this.refresh();
        return;
      case 'loopEnded':
        this.ended = event;
        if (this.view.view === 'running') this.show({ view: 'status' });
        void this.refresh();
        return;
      case 'plex':
        if (this.status) {
          this.status.plex.connected = event.connected;
          if (event.version) this.status.plex.version = event.version;
          if (event.connected) this.status.plex.problem = null;
        }
        // main words what is wrong; the event only says that something is
        if (!event.connected) void this.refresh();
        return;
      case 'navigate':
        this.show(event.to);
        return;
      case 'notice':
        if (this.status && !this.status.notices.some((n) => n.id === event.notice.id)) this.status.notices.unshift(event.notice);
        return;
      case 'message':
        return;
    }
  }

  /** The loop waits for the user: its card shows on the Status tab. */
  private ask(pending: NonNullable<AppStatus['pending']>): void {
    if (this.status) this.status.pending = pending;
    else void this.refresh();
    // Settings may hold unsaved edits, and a result (the loop asks its next question as soon
    // as it has decided) is still being read: there a banner points to the card instead.
    if (!this.atHome && !KEEPS_ITS_VIEW.includes(this.view.view)) this.show({ view: 'status' });
  }

  /** Escape with nothing left to close in the page: the popover hides. */
  hide(): void {
    void settle(() => this.api.hidePopover());
  }
}

export const refOf = (event: { runId: string; iteration: number; fixId: string }): FixRef => ({ runId: event.runId, iteration: event.iteration, fixId: event.fixId });

export const sameRef = (a: FixRef, b: FixRef): boolean => a.runId === b.runId && a.iteration === b.iteration && a.fixId === b.fixId;
