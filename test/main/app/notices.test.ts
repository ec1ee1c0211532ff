// The notices behind the popover's badge.
import { describe, expect, it, vi } from 'vitest';
import { MAX_NOTICES, createNotices } from '../../../main/app/notices.ts';

const now = () => new Date('2026-02-01T12:00:00.000Z');

describe('notices', () => {
  it('lists the newest first, each with an id and the time', () => {
    const onChange = vi.fn();
    const notices = createNotices(onChange, now);
    const first = notices.add({ level: 'info', title: 'One', body: 'b' });
    const second = notices.add({ level: 'warn', title: 'Two', body: 'b' });
    expect(notices.list().map((n) => n.title)).toEqual(['Two', 'One']);
    expect(first).toMatchObject({ at: '2026-02-01T12:00:00.000Z', ref: null });
    expect(first.id).not.toBe(second.id);
    expect(onChange).toHaveBeenLastCalledWith(second);
  });

  it('forgets a dismissed notice and reports the change once', () => {
    const onChange = vi.fn();
    const notices = createNotices(onChange, now);
    const n = notices.add({ level: 'info', title: 'One', body: 'b' });
    onChange.mockClear();
    notices.dismiss(n.id);
    notices.dismiss(n.id);
    expect(notices.list()).toEqual([]);
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(onChange).toHaveBeenCalledWith(null);
  });

  it(`keeps at most ${MAX_NOTICES}`, () => {
    const notices = createNotices(() => undefined, now);
    for (let i = 0; i < MAX_NOTICES + 5; i++) notices.add({ level: 'info', title: `n${i}`, body: '' });
    expect(notices.list()).toHaveLength(MAX_NOTICES);
    expect(notices.list()[0]!.title).toBe(`n${MAX_NOTICES + 4}`);
  });
});
