// THE SEAM: the one place the app shell constructs the engine it drives — the engine service
// (main/engine/service/) over the loop and the phases. It meets `EngineService` structurally: the
// engine never imports the app.
import { createEngine } from '../engine/service/index.ts';
import type { EngineConfig, EngineService } from './engine-service.ts';

export async function createEngineService(config: EngineConfig): Promise<EngineService> {
  return createEngine(config);
}
