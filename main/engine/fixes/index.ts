// The fixes capability's public surface (issue 6): plan a fix and refuse early, show it, apply
// it in a journaled transaction, restart and check the plug-in, roll back, recover at start-up.
// Everything else in this folder is an implementation detail.
export { planFix, type Plan, type PlannedFile, type PlanResult } from './plan.ts';
export { proposalFor, renderProposal, parseProposalAnswer, PROCEED_QUESTION } from './proposal.ts';
export { applyPlan, type Applied } from './apply.ts';
export { restartAndValidate, restartAndCheck, rollbackAndRestart, type RestartDeps, type ValidationOutcome } from './validate.ts';
export { rollbackFix, type RollbackTarget, type RollbackOptions, type RollbackResult } from './rollback.ts';
export { recover, lockPluginsFolder, type RecoveryAction, type HeldPluginsFolder } from './recover.ts';
export { listAppliedFixes, AppliedFixSchema, type AppliedFix } from './applied-fixes.ts';
export { readImplementationLog, ImplementationLogSchema, IMPLEMENTATION_LOG, implementationReportName, type ImplementationEntry, type Validation, type PluginCheck } from './implementation-log.ts';
export { ManifestSchema, BACKUPS_FOLDER, MANIFEST_NAME, type Manifest } from './manifest.ts';
export { unifiedDiff } from './unified-diff.ts';
export { tailerProbe } from './tailer-probe.ts';
export { systemDiskSpace, type DiskSpace } from './disk-space.ts';
export { defaultLockDir, runPosition, type FixContext, type IterationContext, type StepObserver } from './context.ts';
export { type LockHolder } from './lock.ts';
