// What the simulated plug-in learns from the code it loaded: the line numbers its log lines
// carry (PGMA's utils:N moves with every edit of utils.py), the agent's display name and its
// site URL. Read from the sources, so edits made by a fix show up in the log like on a real Mac.

export const UTILS = 'Contents/Code/utils.py';
export const INIT = 'Contents/Code/__init__.py';

export interface CodeFacts {
  /** line of the header Log.Error in utils.logError; the messages come from the next line */
  errorLine: number;
  /** line of the first line containing `needle` inside `def fn` of `file`; the def line if absent */
  lineIn(file: string, fn: string, needle: string): number;
  /** the Agent class's `name = '…'` */
  agentTitle: string;
  /** BASE_URL of __init__.py */
  baseUrl: string;
}

export function readCodeFacts(code: ReadonlyMap<string, string>, fallbackName: string): CodeFacts {
  const lines = new Map([...code].map(([file, src]) => [file, src.split('\n')]));
  const lineIn = (file: string, fn: string, needle: string): number => {
    const src = lines.get(file) ?? [];
    const def = src.findIndex((l) => new RegExp(`^\\s*def ${fn}\\(`).test(l));
    if (def < 0) return 0;
    const indent = /^\s*/.exec(src[def]!)![0].length;
    for (let i = def + 1; i < src.length; i++) {
      const l = src[i]!;
      if (l.trim() && /^\s*/.exec(l)![0].length <= indent && !l.trim().startsWith('#')) break;
      if (l.includes(needle)) return i + 1;
    }
    return def + 1;
  };
  const init = code.get(INIT) ?? '';
  return {
    errorLine: Math.max(1, lineIn(UTILS, 'logError', 'Log.Error(')),
    lineIn,
    agentTitle: /^\s+name = '([^']+)'/m.exec(init)?.[1] ?? fallbackName,
    baseUrl: /^BASE_URL = '([^']+)'/m.exec(init)?.[1] ?? 'https://www.example.com',
  };
}
