// The Python 2.7 + Plex sandbox checker (python-check.md). Everything else in the engine,
// the CLI and the app use these exports only.
export { checkPython, configurePythonChecker, PythonChecker, MAX_SOURCE_BYTES, type CheckOptions, type PythonCheckerOptions } from './checker.ts';
export { type CheckResult, type Finding, type Severity, describeFinding } from './finding.ts';
export { sandboxAppliesTo } from './sandbox-scope.ts';
export { RUNTIME_WASM, PYTHON_WASM } from './wasm.ts';
