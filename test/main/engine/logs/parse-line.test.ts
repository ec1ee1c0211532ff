import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LocalTime } from '../../../../main/engine/logs/local-time.ts';
import { parsePluginLine, parsePmsLine, PLUGIN_LINE } from '../../../../main/engine/logs/parse-line.ts';

const utc = new LocalTime('UTC');
const plugin = (line: string) => parsePluginLine(line, 'com.plexapp.agents.GEVI', 'PMS Plugin Logs/com.plexapp.agents.GEVI.log', utc);

describe('plug-in head lines (agent-logs.md §2)', () => {
  it.each([
    ['2026-02-01 11:03:02,629 (1fc90ec40) :  INFO (core:611) - Started plug-in', '1fc90ec40', 'INFO', 'core', 611, 'Started plug-in'],
    ['2022-07-16 14:51:15,627 (7f24a8e46b38) :  DEBUG (runtime:717) - Handling request GET /system/agents/update?id=1', '7f24a8e46b38', 'DEBUG', 'runtime', 717, 'Handling request GET /system/agents/update?id=1'],
    ['2015-07-20 20:42:40,662 (-b1f8490) :  DEBUG (networking:172) - Requesting \'x\'', '-b1f8490', 'DEBUG', 'networking', 172, "Requesting 'x'"],
    ['2026-01-31 02:45:26,363 (7bfcde2ba808) : CRITICAL (core:615) - Exception starting plug-in', '7bfcde2ba808', 'CRITICAL', 'core', 615, 'Exception starting plug-in'],
    ['2026-02-02 05:28:54,124 (17267f000) :  ERROR (utils:5513) - GEVI - SEARCH::    Warning: < Studio Match Failure! >', '17267f000', 'ERROR', 'utils', 5513, 'GEVI - SEARCH::    Warning: < Studio Match Failure! >'],
  ])('reads %s', (line, thread, level, module, lineno, message) => {
    expect(plugin(line)).toMatchObject({ thread, level, module, lineno, message, line, source: 'com.plexapp.agents.GEVI', more: undefined });
  });

  it('converts the local timestamp to UTC ISO with milliseconds', () => {
    const berlin = new LocalTime('Europe/Berlin');
    expect(parsePluginLine('2026-02-01 11:03:02,629 (1fc90ec40) :  INFO (core:611) - Started plug-in', 's', 'f', berlin)?.at).toBe('2026-02-01T10:03:02.629Z');
    expect(parsePluginLine('2026-07-01 11:03:02,005 (1fc90ec40) :  INFO (core:611) - Started plug-in', 's', 'f', berlin)?.at).toBe('2026-07-01T09:03:02.005Z');
  });

  it.each([
    ['a traceback frame', '  File "/x/core.py", line 613, in start'],
    ['an exception line', '  HTTPError: HTTP Error 404: Not Found'],
    ['a RestrictedPython error', 'SyntaxError: Line 104: "__file__" is an invalid variable name because it starts with "_"'],
    ['an unknown level', '2026-02-01 11:03:02,629 (1fc90ec40) :  NOTICE (core:611) - x'],
    ['upper-case hex in the thread', '2026-02-01 11:03:02,629 (1FC90EC40) :  INFO (core:611) - x'],
    ['no space after the colon', '2026-02-01 11:03:02,629 (1fc90ec40) :INFO (core:611) - x'],
    ['a PMS line', 'Aug 09, 2023 21:52:42.443 [140363466406712] DEBUG - [Req#27ea] Refreshing'],
    ['a line cut inside the head', '2026-02-01 11:03:02,629 (1fc90ec40) :  INFO (cor'],
  ])('takes %s as a continuation line', (_what, line) => {
    expect(plugin(line)).toBeNull();
  });

  it('agrees with the documented PLUGIN_LINE grammar on any line', () => {
    const digits = (n: number) => fc.stringMatching(new RegExp(`^\\d{${n}}$`));
    const stamp = fc.tuple(digits(4), digits(2), digits(2), digits(2), digits(2), digits(2), digits(3)).map(([y, mo, d, h, mi, s, ms]) => `${y}-${mo}-${d} ${h}:${mi}:${s},${ms}`);
    const piece = fc.oneof(
      fc.constantFrom(' (', ') :  ', ') : ', '):  ', ' - ', ':', '(', ')', ' ', '-'),
      fc.constantFrom('DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL', 'NOTICE', 'core', 'utils', '611', '1fc90ec40', '-8e78940', 'ABC'),
      fc.string({ maxLength: 6 }),
    );
    const line = fc.oneof(
      fc.tuple(stamp, fc.array(piece, { maxLength: 12 })).map(([ts, parts]) => `${ts}${parts.join('')}`),
      fc.tuple(stamp, fc.stringMatching(/^-?[0-9a-f]{1,12}$/), fc.constantFrom('DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'), fc.stringMatching(/^[a-z_]{1,10}$/), fc.nat(99999), fc.string())
        .map(([ts, th, lv, mod, n, msg]) => `${ts} (${th}) :  ${lv} (${mod}:${n}) - ${msg}`),
    );
    // a line never holds a line terminator: the splitter cut there
    const oneLine = line.filter((l) => !/[\n\r\u2028\u2029]/.test(l));
    fc.assert(
      fc.property(oneLine, (l) => {
        const r = plugin(l);
        const m = PLUGIN_LINE.exec(l);
        if (!m) return r === null;
        return r !== null && r.thread === m.groups!.thread && r.level === m.groups!.level && r.module === m.groups!.module && r.lineno === Number(m.groups!.lineno) && r.message === m.groups!.msg;
      }),
      { numRuns: 3000 },
    );
  });
});

describe('Plex Media Server head lines (agent-logs.md §5)', () => {
  const pms = (line: string) => parsePmsLine(line, 'Plex Media Server', 'Plex Media Server.log', utc);

  it('reads the request tag, thread and level', () => {
    expect(pms("Aug 09, 2023 21:52:42.443 [140363466406712] DEBUG - [Req#27ea] Refreshing metadata for '2019-07-23.mkv' (agent: com.plexapp.agents.youtube)")).toMatchObject({
      at: '2023-08-09T21:52:42.443Z',
      thread: '140363466406712',
      level: 'DEBUG',
      tag: 'Req#27ea',
      message: "Refreshing metadata for '2019-07-23.mkv' (agent: com.plexapp.agents.youtube)",
    });
    expect(pms('Aug 09, 2023 21:52:42.445 [140363466406712] DEBUG - [Req#27ea/HCl#ff] HTTP requesting GET http://127.0.0.1:32400/system/agents/update?id=171332')?.tag).toBe('Req#27ea/HCl#ff');
  });

  it('reads lines without a tag, with 0x threads, short days and hours', () => {
    expect(pms('Sep 5, 2024 3:47:11 [0x28997a165e00] WARN - Request: [192.168.1.2:65125 (Subnet)] PUT /library/metadata/1/refresh')).toMatchObject({
      at: '2024-09-05T03:47:11.000Z',
      thread: '0x28997a165e00',
      level: 'WARN',
      tag: undefined,
    });
  });

  it('takes other text as a continuation line', () => {
    expect(pms('Traceback (most recent call last):')).toBeNull();
    expect(pms('Foo 09, 2023 21:52:42.443 [1] DEBUG - x')).toBeNull();
  });
});
