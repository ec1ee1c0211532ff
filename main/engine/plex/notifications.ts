// Plex's notification WebSocket (plex-facts.md §3) with the reconnect rule the tools before us
// lacked: back off 1, 2, 4 … 30 s and keep trying for as long as we run. Events sent while the
// socket was down are lost, so listeners get `reconnected` and must reconcile by polling.
import { systemClock, type Clock } from '../ports.ts';
import { parseNotification, type NotificationPayload } from './schemas.ts';

export type NotificationEvent =
  | NotificationPayload
  | { type: 'connected' }
  | { type: 'disconnected'; reason: string }
  | { type: 'reconnected' };

/** idle: not started · connecting · open · waiting: backing off before the next attempt · stopped */
export type SocketState = 'idle' | 'connecting' | 'open' | 'waiting' | 'stopped';

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}
export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 1_000, maxMs: 30_000 };

/** Delay before reconnect attempt `attempt` (0-based): 1, 2, 4, 8, 16, 30, 30 … s. */
export function backoffDelay(attempt: number, { initialMs, maxMs }: BackoffOptions = DEFAULT_BACKOFF): number {
  return Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
}

export interface PlexNotificationsOptions {
  /** ws(s)://…/:/websockets/notifications?X-Plex-Token=… (PlexClient.notificationsUrl()); a
   *  function is asked again at every reconnect, so a token re-read after a 401 is used */
  url: string | (() => string);
  clock?: Clock;
  backoff?: BackoffOptions;
  /** an attempt that has not opened by then counts as failed; default 10 s */
  connectTimeoutMs?: number;
}

type Listener = (event: NotificationEvent) => void;

export class PlexNotifications {
  private readonly url: () => string;
  private readonly clock: Clock;
  private readonly backoff: BackoffOptions;
  private readonly connectTimeoutMs: number;
  private readonly listeners = new Set<Listener>();
  private socket: WebSocket | undefined;
  private wait: AbortController | undefined;
  private attempt = 0;
  private everOpened = false;
  private current: SocketState = 'idle';
  /** Date.now() of the last message received; undefined before the first */
  lastMessageAt: number | undefined;
  /** the reason of the last failed attempt or drop, for status displays */
  lastError: string | undefined;

  constructor(options: PlexNotificationsOptions) {
    const { url } = options;
    this.url = typeof url === 'string' ? () => url : url;
    this.clock = options.clock ?? systemClock;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  }

  get state(): SocketState {
    return this.current;
  }

  /** Starts connecting; from now on the socket reconnects by itself until stop(). */
  start(): void {
    if (this.current !== 'idle' && this.current !== 'stopped') return;
    this.connect();
  }

  stop(): void {
    this.current = 'stopped';
    this.wait?.abort();
    const s = this.socket;
    this.socket = undefined;
    s?.close();
  }

  /** Skips the back-off wait: the caller knows Plex is back (e.g. after a restart). */
  reconnectNow(): void {
    if (this.current === 'waiting') {
      this.attempt = 0;
      this.wait?.abort();
    }
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves true once the socket is open, false when `timeoutMs` passes first. */
  waitUntilOpen({ timeoutMs, signal }: { timeoutMs: number; signal?: AbortSignal }): Promise<boolean> {
    if (this.current === 'open') return Promise.resolve(true);
    return new Promise((resolve, reject) => {
      const timer = new AbortController();
      const finish = (value: boolean) => {
        unsubscribe();
        timer.abort();
        signal?.removeEventListener('abort', onAbort);
        resolve(value);
      };
      const onAbort = () => {
        unsubscribe();
        timer.abort();
        reject(signal?.reason);
      };
      const unsubscribe = this.subscribe((e) => {
        if (e.type === 'connected' || e.type === 'reconnected') finish(true);
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      this.clock.sleep(timeoutMs, timer.signal).then(
        () => finish(this.current === 'open'),
        () => undefined,
      );
    });
  }

  private emit(event: NotificationEvent): void {
    for (const l of [...this.listeners]) {
      try {
        l(event);
      } catch {
        // one listener's bug must not stop the others or the socket
      }
    }
  }

  private connect(): void {
    this.current = 'connecting';
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.url());
    } catch (err) {
      this.lastError = (err as Error).message;
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    let opened = false;
    const openTimer = setTimeout(() => {
      if (!opened) socket.close();
    }, this.connectTimeoutMs);
    socket.addEventListener('open', () => {
      if (this.socket !== socket) return;
      opened = true;
      clearTimeout(openTimer);
      this.current = 'open';
      this.attempt = 0;
      this.lastError = undefined;
      this.emit(this.everOpened ? { type: 'reconnected' } : { type: 'connected' });
      this.everOpened = true;
    });
    socket.addEventListener('message', (ev) => {
      if (this.socket !== socket) return;
      this.lastMessageAt = Date.now();
      let payloads: NotificationPayload[];
      try {
        payloads = parseNotification(JSON.parse(String(ev.data)));
      } catch {
        return; // not a notification we understand: Plex sends other kinds too
      }
      for (const p of payloads) this.emit(p);
    });
    socket.addEventListener('error', () => {
      // 'close' follows every 'error'; the reason is reported there
      this.lastError = opened ? 'connection error' : 'could not connect';
    });
    socket.addEventListener('close', (ev) => {
      clearTimeout(openTimer);
      if (this.socket !== socket) return;
      this.socket = undefined;
      if (this.current === 'stopped') return;
      const reason = opened ? `closed by the server (code ${ev.code})` : (this.lastError ?? 'could not connect');
      this.lastError = reason;
      if (opened) this.emit({ type: 'disconnected', reason });
      this.scheduleReconnect();
    });
  }

  private scheduleReconnect(): void {
    if (this.current === 'stopped') return;
    this.current = 'waiting';
    const delay = backoffDelay(this.attempt++, this.backoff);
    const wait = new AbortController();
    this.wait = wait;
    this.clock.sleep(delay, wait.signal).then(
      () => this.afterWait(wait),
      () => this.afterWait(wait),
    );
  }

  private afterWait(wait: AbortController): void {
    if (this.wait !== wait) return;
    this.wait = undefined;
    if (this.current === 'waiting') this.connect();
  }
}
