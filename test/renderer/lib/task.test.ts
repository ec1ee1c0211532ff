import { describe, expect, it, vi } from 'vitest';
import { NO_ANSWER, Task } from '../../../renderer/lib/task.svelte.ts';

const error = { code: 'plex-down', message: 'Plex does not answer.', hint: 'Open Plex Media Server.' };

describe('Task', () => {
  it('hands the value over and clears an earlier error', async () => {
    const task = new Task();
    task.fail('old problem');
    const got = vi.fn();
    expect(await task.run(async () => ({ ok: true as const, value: 42 }), got)).toBe(true);
    expect(got).toHaveBeenCalledWith(42);
    expect(task.error).toBeNull();
    expect(task.busy).toBe(false);
  });

  it('keeps the error of a failed call', async () => {
    const task = new Task();
    expect(await task.run(async () => ({ ok: false as const, error }))).toBe(false);
    expect(task.error).toEqual(error);
  });

  it('turns a bridge that rejects into an error value, and is not left busy', async () => {
    const task = new Task();
    expect(await task.run(() => Promise.reject(new Error('channel closed')))).toBe(false);
    expect(task.error).toEqual(NO_ANSWER);
    expect(task.busy).toBe(false);
  });

  it('ignores a second call while the first runs (a double click)', async () => {
    const task = new Task();
    let finish!: (v: { ok: true; value: null }) => void;
    const call = vi.fn(() => new Promise<{ ok: true; value: null }>((resolve) => (finish = resolve)));
    const first = task.run(call);
    expect(task.busy).toBe(true);
    expect(await task.run(call)).toBe(false);
    finish({ ok: true, value: null });
    expect(await first).toBe(true);
    expect(call).toHaveBeenCalledTimes(1);
  });
});
