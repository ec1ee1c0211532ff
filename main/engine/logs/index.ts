// The log engine's public surface: what the other capabilities (verify, loop, plex, diagnose)
// and the app call. Everything else in this folder is an implementation detail.
export { aggregateLogs, type AggregateOptions } from './aggregate.ts';
export { metricsFromRecords, MetricsBuilder, type MetricsOptions, type SkippedInput } from './metrics-builder.ts';
export { renderAggregatedLogs, type RenderOptions } from './render.ts';
export { Tailer, type TailerOptions, type TailRead, type RecordsListener } from './tailer.ts';
export { pluginLoadState, type PluginLoadState } from './plugin-load.ts';
export { classify, SIGNATURES, signatureById, type Signature, type Classification, type ClassifyContext } from './signatures.ts';
export { recordText, type LogRecord } from './record.ts';
export { defaultLogsDir } from './default-dir.ts';
export { processTimeZone } from './local-time.ts';
export { PLUGIN_LOGS_DIR, agentName } from './log-files.ts';
