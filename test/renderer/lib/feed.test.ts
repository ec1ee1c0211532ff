import { describe, expect, it } from 'vitest';
import { FEED_LENGTH, feedLine, pushLine } from '../../../renderer/lib/feed.ts';
import { AT, proposal } from '../fixtures.ts';

describe('feedLine', () => {
  it('words the events worth reading', () => {
    expect(feedLine({ type: 'phase', at: AT, runId: 'r', iteration: 1, phase: 'restart', fixId: 'iafd-browser-headers' })?.text).toBe('Restarting the plug-in (iafd-browser-headers)');
    expect(feedLine({ type: 'message', at: AT, level: 'warn', text: 'Plex answered slowly' })).toEqual({ at: AT, level: 'warn', text: 'Plex answered slowly' });
    expect(feedLine({ type: 'needsConfirmation', at: AT, proposal: proposal() })?.text).toBe('Waiting for your answer: Browser headers for IAFD requests');
    expect(feedLine({ type: 'testFinished', at: AT, runId: 'r', iteration: 1, fixId: 'f', fixTitle: 'Fix', verdict: 'ROLLBACK', why: 'The plug-in did not start.', reportPath: '/x' })).toEqual({
      at: AT,
      level: 'warn',
      text: 'Fix: ROLLBACK. The plug-in did not start.',
    });
    expect(feedLine({ type: 'plex', at: AT, connected: false })?.level).toBe('warn');
  });

  it('leaves out progress ticks, idle, and app events', () => {
    expect(feedLine({ type: 'progress', at: AT, runId: 'r', fixId: 'f', pass: 'after', started: 1, finished: 0, total: 20 })).toBeNull();
    expect(feedLine({ type: 'phase', at: AT, runId: 'r', iteration: 1, phase: 'idle' })).toBeNull();
    expect(feedLine({ type: 'navigate', to: { view: 'history' } })).toBeNull();
  });
});

describe('pushLine', () => {
  it('puts the newest first and keeps at most FEED_LENGTH lines', () => {
    let feed = pushLine([], { at: AT, level: 'info', text: 'first' });
    for (let i = 0; i < FEED_LENGTH + 3; i++) feed = pushLine(feed, { at: AT, level: 'info', text: `line ${i}` });
    expect(feed).toHaveLength(FEED_LENGTH);
    expect(feed[0]!.text).toBe(`line ${FEED_LENGTH + 2}`);
  });
});
