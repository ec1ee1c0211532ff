// The Plex capability's public surface: what verify, loop, the CLI and the app call. Everything
// else in this folder is an implementation detail.
export { PlexClient, DEFAULT_SERVER_URL, MOVIE_TYPE, normalizeServerUrl, type PlexClientOptions, type RequestOptions } from './client.ts';
export { PlexError, isPlexError, type PlexErrorKind } from './errors.ts';
export { type Identity, type ServerInfo, type Section, type Item, type Activity, type SectionTimeline, type AgentInfo, type TimelineEntry } from './schemas.ts';
export { PlexNotifications, backoffDelay, DEFAULT_BACKOFF, type NotificationEvent, type SocketState, type BackoffOptions } from './notifications.ts';
export { RefreshWatcher, contextKeyNames, type RefreshWaitOptions, type RefreshResult, type RefreshDetection } from './refresh-watcher.ts';
export { plexPaths, PLUGIN_LOGS_FOLDER, type PlexPaths, type PlexPathInputs } from './paths.ts';
export { findToken, readTokenFromPreferences, TOKEN_ENV } from './token.ts';
export { describeTokenSource, type TokenSource, type PlexCredentials } from './token-source.ts';
export { listAgents, readBundleIdentifier, type AgentBundle, type SkippedBundle } from './agents.ts';
export { loadClientIdentifier } from './client-identifier.ts';
export { parsePlist, PlistError, type PlistValue } from './plist.ts';
export {
  restartPlex,
  detectRestartStrategies,
  describeStrategy,
  DEFAULT_RESTART_ORDER,
  MANUAL_RESTART_TEXT,
  PLEX_BUNDLE_ID,
  type RestartContext,
  type RestartOptions,
  type RestartReport,
  type RestartStrategyId,
  type AvailableStrategy,
} from './restart.ts';
export { classifyPluginLoad, waitForPluginLoad, type PluginLogProbe, type PluginLoadResult } from './plugin-load.ts';
