// The one place that reads `window.agentDoctor` (the preload's bridge, shared/bridge.ts).
// Everything else receives the bridge as a prop from App, so tests hand in a fake one.
import { BRIDGE_KEY, type AgentDoctorApi } from '../../shared/bridge.ts';

/** The bridge, or null when this page was opened without it (outside the app). */
export function getApi(): AgentDoctorApi | null {
  const candidate = (window as unknown as Record<string, unknown>)[BRIDGE_KEY];
  if (typeof candidate !== 'object' || candidate === null) return null;
  return typeof (candidate as Partial<AgentDoctorApi>).getStatus === 'function' && typeof (candidate as Partial<AgentDoctorApi>).onEvent === 'function'
    ? (candidate as AgentDoctorApi)
    : null;
}
