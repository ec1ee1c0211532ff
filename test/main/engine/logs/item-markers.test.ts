import { describe, expect, it } from 'vitest';
import { LocalTime } from '../../../../main/engine/logs/local-time.ts';
import { markerOf, searchIdentity, updateKwargs } from '../../../../main/engine/logs/item-markers.ts';
import { parsePluginLine } from '../../../../main/engine/logs/parse-line.ts';
import { parsePgma } from '../../../../main/engine/logs/pgma.ts';

const utc = new LocalTime('UTC');
const marker = (line: string) => {
  const r = parsePluginLine(line, 'com.plexapp.agents.hama', 'f', utc)!;
  return markerOf(r, r.level === 'DEBUG' ? null : parsePgma(r.message));
};

// verbatim from the 2015 Hama log (agent-logs.md §12)
const HAMA_UPDATE =
  '2015-07-20 20:42:48,323 (-b1f8490) :  DEBUG (runtime:717) - Handling request GET /:/plugins/com.plexapp.agents.hama/messaging/function/X0FnZW50S2l0OlVwZGF0ZU1ldGFkYXRh/Y2VyZWFsMQoxCmxpc3QKMApyMAo_/Y2VyZWFsMQoxCmRpY3QKMTAKczIKZW5zNApsYW5nYjFzNQpmb3JjZWIwczgKcGVyaW9kaWNzNgoyODc3OTRzNApkYmlkaTAKczcKdmVyc2lvbm5zMTAKcGFyZW50R1VJRG5zOApwYXJlbnRJRHM3ClRWX1Nob3dzMTAKbWVkaWFfdHlwZXM0Mwpjb20ucGxleGFwcC5hZ2VudHMuaGFtYTovL2FuaWRiLTM0NT9sYW5nPWVuczQKZ3VpZHM5CmFuaWRiLTM0NXMyCmlkcjAK';

describe('lines that name the item (agent-logs.md §10)', () => {
  it('decodes the UpdateMetadata kwargs: dbid is the ratingKey, not the id inside the guid', () => {
    expect(marker(HAMA_UPDATE)).toEqual({ kind: 'request', ratingKey: '287794', guid: 'com.plexapp.agents.hama://anidb-345?lang=en' });
  });

  it('takes another function call as a new request without an item yet', () => {
    expect(marker('2026-02-02 05:28:50,001 (17267f000) :  DEBUG (runtime:717) - Handling request GET /:/plugins/com.plexapp.agents.GEVI/messaging/function/X0FnZW50S2l0OlNlYXJjaA__/Y2VyZWFsMQoxCmxpc3QKMApyMAo_/Y2VyZWFs')).toEqual({ kind: 'request' });
  });

  it('reads the tree request and the tree URL of an error', () => {
    expect(marker("2015-07-20 20:42:40,662 (-b1f8490) :  DEBUG (networking:172) - Requesting 'http://127.0.0.1:32400/library/metadata/287794/tree'")).toEqual({ kind: 'tree', ratingKey: '287794' });
    expect(marker("2026-02-02 05:46:30,020 (171f73000) :  ERROR (networking:197) - Error opening URL 'http://127.0.0.1:32400/library/metadata/431/tree'")).toEqual({ kind: 'identity', ratingKey: '431' });
    expect(marker("2026-02-02 05:46:30,020 (171f73000) :  DEBUG (networking:172) - Requesting 'http://127.0.0.1:32400/library/metadata/431/children'")).toBeNull();
  });

  it("reads the search dict, wherever 'id' is", () => {
    expect(searchIdentity("Searching for matches for {'id': '47312', 'guid': 'com.plexapp.agents.GayAdult://47312?lang=en', 'force': True, 'primary_agent': 'com.pl")).toEqual({ ratingKey: '47312', guid: 'com.plexapp.agents.GayAdult://47312?lang=en' });
    expect(searchIdentity("Searching for matches for {'name': u'Freaks 4', 'year': None, 'filename': '%2FVolumes%2FFreaks%204.mp4', 'id': u'431'}")).toEqual({ ratingKey: '431', title: 'Freaks 4', file: '/Volumes/Freaks 4.mp4' });
    expect(searchIdentity(`Searching for matches for {'name': "Jack's Film", 'id': '9'}`)).toEqual({ ratingKey: '9', title: "Jack's Film" });
    expect(searchIdentity("Searching for matches for {'id': 'abc'}")).toEqual({});
  });

  it('reads model loading, media-object failures, UPDATE CALLED, responses and restarts', () => {
    expect(marker('2015-07-20 20:42:48,328 (-b1f8490) :  DEBUG (model:32) - Loading model with GUID com.plexapp.agents.hama://anidb-345?lang=en')).toEqual({ kind: 'identity', guid: 'com.plexapp.agents.hama://anidb-345?lang=en' });
    expect(marker('2026-02-02 05:46:30,020 (171f73000) :  ERROR (agentkit:1001) - Exception when constructing media object for dbid 431')).toEqual({ kind: 'identity', ratingKey: '431' });
    expect(marker('2026-02-01 11:04:09,202 (16da7f000) :  INFO (sandbox:19) - GayAdult - UPDATE CALLED')).toEqual({ kind: 'update' });
    expect(marker('2015-07-20 20:42:42,643 (-b1f8490) :  DEBUG (runtime:918) - Response: [200] str, 668 bytes')).toEqual({ kind: 'end' });
    expect(marker('2026-02-02 05:27:40,100 (16de8b000) :  INFO (core:349) - Starting framework core - Version: 2.6.3')).toEqual({ kind: 'restart' });
    expect(marker('2026-02-02 05:27:40,100 (16de8b000) :  INFO (sandbox:19) - GEVI  - UTILS :: > Title: Freaks 5')).toEqual({ kind: 'identity', title: 'Freaks 5' });
  });

  it('survives kwargs that are not cereal', () => {
    expect(updateKwargs('!!!notbase64')).toEqual({});
    expect(updateKwargs('')).toEqual({});
  });
});
