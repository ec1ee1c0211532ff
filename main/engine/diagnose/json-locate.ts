// Where each value of a JSON text sits: path → 1-based line. JSON.parse gives values without
// positions; a person fixing a report needs the line of the field that is wrong. Runs only on
// text JSON.parse has accepted, so it can skip validation.

export type JsonPath = readonly (string | number)[];

export const pathKey = (path: JsonPath): string => JSON.stringify(path);

export function locateJson(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let i = 0;
  let line = 1;
  const ws = () => {
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '\n') line++;
      else if (c !== ' ' && c !== '\t' && c !== '\r') break;
    }
  };
  const string = (): string => {
    const start = i;
    i++; // opening quote
    for (; text[i] !== '"'; i++) if (text[i] === '\\') i++;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: (string | number)[]) => {
    ws();
    lines.set(pathKey(path), line);
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        const keyLine = line;
        const key = string();
        ws();
        i++; // ':'
        value([...path, key]);
        // a field is best pointed at by its key's line, even when its value starts lower
        lines.set(pathKey([...path, key]), keyLine);
        ws();
        if (text[i++] === '}') return;
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (let n = 0; ; n++) {
        value([...path, n]);
        ws();
        if (text[i++] === ']') return;
      }
    }
    if (c === '"') return void string();
    while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i++;
  };
  value([]);
  return lines;
}

/** The line of `path`, or of its longest prefix that exists (a missing field → its object). */
export function lineOfPath(lines: ReadonlyMap<string, number>, path: JsonPath): number {
  for (let n = path.length; n >= 0; n--) {
    const hit = lines.get(pathKey(path.slice(0, n)));
    if (hit !== undefined) return hit;
  }
  return 1;
}
