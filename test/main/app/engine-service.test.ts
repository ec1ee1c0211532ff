// The engine slot: starting, running, or failed — and what each says when asked for the engine.
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../main/engine/errors.ts';
import { createEngineSlot } from '../../../main/app/engine-service.ts';
import { createEngineService } from '../../../main/app/engine.ts';
import { fakeEngine } from './ipc/harness.ts';

describe('the engine slot', () => {
  it('says the app is still starting before the engine is set', () => {
    const slot = createEngineSlot();
    expect(() => slot.get()).toThrow(expect.objectContaining({ code: 'engine-starting' }));
    expect(slot.current).toBeNull();
    expect(slot.problem?.code).toBe('engine-starting');
  });

  it('hands out the engine once it is set', () => {
    const slot = createEngineSlot();
    const engine = fakeEngine();
    slot.set(engine);
    expect(slot.get()).toBe(engine);
    expect(slot.problem).toBeNull();
  });

  it("keeps an engine's own explanation of why it failed", () => {
    const slot = createEngineSlot();
    slot.fail(new UserError('plugins-missing', 'No Plug-ins folder was found.', 'Choose it in Settings.'));
    expect(() => slot.get()).toThrow('No Plug-ins folder was found.');
  });

  it('explains an unexpected failure in plain words', () => {
    const slot = createEngineSlot();
    slot.fail(new TypeError('x is undefined'));
    expect(() => slot.get()).toThrow(expect.objectContaining({ code: 'engine-unavailable', message: 'Agent Doctor could not start its engine.' }));
  });
});

describe('the seam', () => {
  it('constructs the engine, which refuses plainly a configuration it cannot use', async () => {
    const config = { dataDir: '/d', wasmDir: '/w', appVersion: '0.1.0', settings: {} as never, token: null };
    await expect(createEngineService(config)).rejects.toMatchObject({ code: 'settings-invalid', message: expect.stringMatching(/^The settings cannot be used: /) });
  });
});
