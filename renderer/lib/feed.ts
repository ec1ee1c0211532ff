// The running view's short live list: one plain line per event worth reading. Progress
// events move the bar instead; a line per refreshed item would push everything else out.
import type { BridgeEvent } from '../../shared/ipc.ts';
import { PHASE_TEXT } from './labels.ts';

export interface FeedLine {
  at: string;
  level: 'info' | 'warn' | 'error';
  text: string;
}

export const FEED_LENGTH = 8;

export function feedLine(event: BridgeEvent): FeedLine | null {
  switch (event.type) {
    case 'phase':
      return event.phase === 'idle' ? null : { at: event.at, level: 'info', text: `${PHASE_TEXT[event.phase]}${event.fixId ? ` (${event.fixId})` : ''}` };
    case 'message':
      return { at: event.at, level: event.level, text: event.text };
    case 'needsConfirmation':
      return { at: event.at, level: 'info', text: `Waiting for your answer: ${event.proposal.title}` };
    case 'needsManualRestart':
      return { at: event.at, level: 'warn', text: 'Waiting for you to restart Plex' };
    case 'testFinished':
      return { at: event.at, level: event.verdict === 'ROLLBACK' ? 'warn' : 'info', text: `${event.fixTitle}: ${event.verdict}. ${event.why}` };
    case 'loopEnded':
      return { at: event.at, level: 'info', text: `Loop ended: ${event.summary}` };
    case 'plex':
      return { at: event.at, level: event.connected ? 'info' : 'warn', text: event.connected ? 'Plex is connected' : 'Plex stopped answering' };
    case 'progress':
    case 'navigate':
    case 'notice':
      return null;
  }
}

/** `feed` with `line` added at the top, at most FEED_LENGTH lines. */
export const pushLine = (feed: readonly FeedLine[], line: FeedLine): FeedLine[] => [line, ...feed].slice(0, FEED_LENGTH);
