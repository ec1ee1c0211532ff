// What travels over dev:web's WebSocket between the browser bridge (bridge-client.ts) and the
// server (socket.ts): a call of one contract action, its answer, and pushed events. The
// answers and events are exactly what Electron IPC carries (shared/ipc.ts); only the envelope
// is dev:web's own.
import { z } from 'zod';
import { ACTIONS, type Action, type BridgeEvent, type IpcResult } from '../../shared/ipc.ts';

/** The path the bridge connects to, on the page's own host and port. */
export const SOCKET_PATH = '/__dev-web/bridge';
/** The bridge script, served beside the page. */
export const BRIDGE_SCRIPT_PATH = '/__dev-web/bridge.js';
/** The biggest call the server reads; the contract's largest request (settings) is far smaller. */
export const MAX_CALL_BYTES = 64 * 1024;

export const CallMessageSchema = z.strictObject({
  /** chosen by the page; echoed in the answer */
  id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  action: z.enum(ACTIONS as [Action, ...Action[]]),
  /** absent for actions without a request; validated by the action's own schema */
  request: z.unknown().optional(),
});
export type CallMessage = z.infer<typeof CallMessageSchema>;

export type ServerMessage =
  /** the answer to call `id`; null when the call was too broken to have a usable id */
  | { id: number | null; result: IpcResult<unknown> }
  | { event: BridgeEvent };
