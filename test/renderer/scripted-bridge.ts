// A bridge for the built popover in a real browser (the renderer bench; the end-to-end tests
// use dev:web's real bridge instead): installed with Playwright's addInitScript before the page's own scripts run, it
// answers each action from a script of answers and lets the driver push events with
// `globalThis.__agentDoctorEmit(event)`. Playwright sends the function's source text to the
// page, so it must use nothing from outside its own body.
export interface BridgeScript {
  /** the global the preload would define (shared/bridge.ts BRIDGE_KEY) */
  key: string;
  /** every action of the contract (shared/ipc.ts ACTIONS) */
  actions: readonly string[];
  /** the value each scripted action resolves to; any other action answers with an error */
  answers: Record<string, unknown>;
}

export function installScriptedBridge(script: BridgeScript): void {
  const listeners = new Set<(event: unknown) => void>();
  const api: Record<string, unknown> = {
    onEvent(listener: (event: unknown) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
  for (const action of script.actions) {
    api[action] = async () =>
      action in script.answers
        ? { ok: true, value: structuredClone(script.answers[action]) }
        : { ok: false, error: { code: 'not-scripted', message: `The scripted bridge has no answer for ${action}.` } };
  }
  const page = globalThis as unknown as Record<string, unknown>;
  page[script.key] = Object.freeze(api);
  page.__agentDoctorEmit = (event: unknown) => {
    for (const listener of listeners) listener(event);
  };
}
