// The diagnose capability's public surface: what the loop, the CLI, the fixes phase and the
// app call. Everything else in this folder is an implementation detail.
export { diagnose, type DiagnoseOptions, type Diagnosis, type DiagnosisFinding, type AgentSummary } from './diagnose.ts';
export { nextFix, prioritize, SEVERITY_WEIGHT, RISK_DIVISOR, type Attempts } from './prioritize.ts';
export { renderDiagnosticReport, writeDiagnosticReport, reportFileName } from './report-write.ts';
export { parseDiagnosticReport, readDiagnosticReport, jsonBlocks, ReportError, MAX_REPORT_BYTES, type ReportIssue } from './report-parse.ts';
export { validateFixes, agentPathProblem, KNOWN_MARKERS, type FixIssue } from './fix-validation.ts';
export { contentSafety, SAFETY_RULES, type SafetyViolation, type SafetyRule } from './content-safety.ts';
export { applyReplaceChanges, countOccurrences, EditError } from './edits.ts';
export { KNOWLEDGE, NOISE_SIGNATURES, type KnowledgeEntry } from './knowledge.ts';
export { codeSitesIn, type CodeSite, type FamilyEvidence, type SignatureEvidence } from './evidence.ts';
