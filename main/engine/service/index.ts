// The engine service's public surface: what the app shell (main/app/engine.ts) constructs, and what
// the CLI shares with it (the data folder, the Plex session).
export { createEngine, Engine, type EngineServiceConfig, type EngineServiceOptions } from './engine.ts';
export { defaultDataDir, type DataDirInputs } from './data-dir.ts';
export { openPlexSession, type PlexSession, type PlexSessionOptions } from './plex-session.ts';
