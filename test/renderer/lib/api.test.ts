import { afterEach, describe, expect, it } from 'vitest';
import { BRIDGE_KEY } from '../../../shared/bridge.ts';
import { getApi } from '../../../renderer/lib/api.ts';
import { fakeBridge } from '../fake-bridge.ts';

const globals = window as unknown as Record<string, unknown>;
afterEach(() => void delete globals[BRIDGE_KEY]);

describe('getApi', () => {
  it('returns the bridge the preload defined', () => {
    const bridge = fakeBridge();
    globals[BRIDGE_KEY] = bridge;
    expect(getApi()).toBe(bridge);
  });

  it('returns null outside the app, or for something that is not the bridge', () => {
    expect(getApi()).toBeNull();
    globals[BRIDGE_KEY] = { getStatus: 'no' };
    expect(getApi()).toBeNull();
  });
});
