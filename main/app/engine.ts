// THE SEAM: the one place the app shell constructs the engine it drives. The loop coordinator
// (main/engine/loop/, issue 8) provides the operations of `EngineService`; wiring it in means
// replacing the body below with its construction from `config`. Until then the app starts,
// shows its tray and settings, and reports plainly that it has no engine — it never pretends.
import { UserError } from '../engine/errors.ts';
import type { EngineConfig, EngineService } from './engine-service.ts';

export async function createEngineService(_config: EngineConfig): Promise<EngineService> {
  throw new UserError(
    'engine-unavailable',
    'This build of Agent Doctor has no engine connected, so it cannot read Plex logs or apply fixes.',
    'Install a complete build of Agent Doctor.',
  );
}
