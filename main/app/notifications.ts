// Native notifications for the moments a user away from the popover should know about: a test
// finished, the loop ended, the loop needs an answer (electron-notes.md §5). The "Roll back"
// button is a shortcut; the popover's own button always works too. When macOS refuses to show
// a notification (unsigned builds), its text goes to the popover's badge instead.
import { Notification } from 'electron';
import type { EngineEvent } from '../../shared/events.ts';
import type { FixRef, NavigateTarget } from '../../shared/ipc.ts';
import type { NoticeInput } from './notices.ts';

export interface NotificationContent {
  title: string;
  body: string;
  /** where a click on the notification leads */
  target: NavigateTarget;
  /** the fix a "Roll back" button rolls back; null = no button */
  rollback: FixRef | null;
  level: NoticeInput['level'];
}

/** The notification an engine event deserves, or null. Pure. */
export function notificationFor(event: EngineEvent): NotificationContent | null {
  switch (event.type) {
    case 'testFinished': {
      const ref: FixRef = { runId: event.runId, iteration: event.iteration, fixId: event.fixId };
      const rollback = event.verdict === 'KEEP' || event.verdict === 'MONITOR' ? ref : null;
      return {
        title: `${event.verdict}: ${event.fixTitle}`,
        body: event.why,
        target: { view: 'result', ref },
        rollback,
        level: event.verdict === 'ROLLBACK' ? 'warn' : 'info',
      };
    }
    case 'loopEnded':
      return { title: 'Agent Doctor finished', body: `${event.exitReason}. ${event.summary}`.trim(), target: { view: 'history' }, rollback: null, level: 'info' };
    case 'needsConfirmation':
      return { title: 'Agent Doctor needs you', body: `Apply "${event.proposal.title}"? Open Agent Doctor to see what it changes.`, target: { view: 'status' }, rollback: null, level: 'info' };
    case 'needsManualRestart':
      return { title: 'Please restart Plex', body: event.text, target: { view: 'status' }, rollback: null, level: 'info' };
    default:
      return null;
  }
}

export interface NotifierDeps {
  /** the "Roll back" button was pressed */
  rollback(ref: FixRef): void;
  /** the notification itself was clicked */
  open(target: NavigateTarget): void;
  /** the notification could not be shown */
  fallback(notice: NoticeInput): void;
}

export interface Notifier {
  handle(event: EngineEvent): void;
  show(content: NotificationContent): void;
  /** notifications shown and not yet closed or acted on */
  readonly pending: number;
}

export function createNotifier(deps: NotifierDeps): Notifier {
  // Held until closed or acted on: a notification that is garbage-collected loses its events.
  const live = new Map<string, Notification>();
  let nextId = 1;

  const show = (content: NotificationContent) => {
    const toNotice = (): NoticeInput => ({ level: content.level, title: content.title, body: content.body, ref: content.rollback ?? (content.target.view === 'result' ? content.target.ref : null) });
    if (!Notification.isSupported()) return deps.fallback(toNotice());
    const id = `agent-doctor-${nextId++}`;
    const n = new Notification({
      id,
      title: content.title,
      body: content.body,
      ...(content.rollback ? { actions: [{ type: 'button' as const, text: 'Roll back' }], closeButtonText: 'Dismiss' } : {}),
    });
    const release = () => live.delete(id);
    n.on('click', () => {
      release();
      deps.open(content.target);
    });
    n.on('action', (details) => {
      release();
      if (content.rollback && details.actionIndex === 0) deps.rollback(content.rollback);
    });
    n.on('close', release);
    n.on('failed', () => {
      release();
      deps.fallback(toNotice());
    });
    live.set(id, n);
    n.show();
  };

  return {
    handle(event) {
      const content = notificationFor(event);
      if (content) show(content);
    },
    show,
    get pending() {
      return live.size;
    },
  };
}
