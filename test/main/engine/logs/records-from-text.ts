// Test helper: log text → records, through the same splitter and assembler the reader uses.
import { LineSplitter } from '../../../../main/engine/logs/line-splitter.ts';
import { LocalTime } from '../../../../main/engine/logs/local-time.ts';
import { grammarOf, relPathOf } from '../../../../main/engine/logs/log-files.ts';
import { RecordAssembler } from '../../../../main/engine/logs/record-assembler.ts';
import type { LogRecord } from '../../../../main/engine/logs/record.ts';

export function recordsFromText(text: string, source = 'com.plexapp.agents.GEVI', timeZone = 'UTC'): LogRecord[] {
  const out: LogRecord[] = [];
  const assembler = new RecordAssembler({ parse: grammarOf(source), source, file: relPathOf(source, 0), time: new LocalTime(timeZone), sink: { closed: (r) => out.push(r), skip: () => undefined } });
  const splitter = new LineSplitter(assembler);
  splitter.push(Buffer.from(text.endsWith('\n') ? text : `${text}\n`, 'utf8'));
  splitter.finish();
  assembler.close();
  return out;
}

/** `lines` as they would stand in a plug-in log (leading indentation of a template removed). */
export const log = (lines: string[]) => lines.join('\n') + '\n';
