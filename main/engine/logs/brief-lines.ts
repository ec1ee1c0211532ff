// Most lines of an agent log say nothing the metrics look at: networking chatter at DEBUG,
// settings tables and most of PGMA's talk at INFO. Such a line is only counted (records,
// first and last time); building a record for it and running it past every rule costs more
// than reading it. The plug-in head-line grammar (parse-line.ts) tells these lines apart while
// it reads the head, so the reader can hand them to the metrics without a record
// (MetricsBuilder.brief).
//
// A line is brief when it is a plug-in head line at DEBUG or INFO whose message cannot be
//  - an item marker (item-markers.ts markerOf): a request, the tree request, a response, the
//    search dict, a restart, model loading, a media-object failure, an `Error opening URL`,
//    `UPDATE CALLED`, PGMA's `> Title:` / `> File Path:` header;
//  - a plug-in start line (plugin-load.ts): `Starting framework core`, `Started plug-in`;
//  - a saved model (`Serializing to …`), which the model-read-repeat signature remembers;
//  - a signature (signatures.ts): at DEBUG none apply to agent logs; at INFO only the notify
//    result (`Exception in update for`, `Requesting '…/:/metadata/notify?`) and PGMA's
//    `Request Failed`;
//  - a FILMDICT dump row the metrics read (pgma.ts dumpFacts).
// The test is conservative: a line that merely looks like one of these takes the full path.
// Lines at WARNING and above always do. A property test checks these patterns against the
// functions they summarise, so a new marker or rule cannot be skipped silently.

/** Messages the framework writes that mark an item, a request or a start (any level). */
const FRAMEWORK = [
  String.raw`Handling request GET \/:\/plugins\/`,
  String.raw`Requesting '[^]*?\/library\/metadata\/`,
  String.raw`Response: \[`,
  String.raw`Searching for matches for \{`,
  'Start',
  'Loading model with GUID ',
  'Exception',
  "Error opening URL '",
  'Serializing to ',
].join('|');

/** INFO only: the notify result, UPDATE CALLED, PGMA's item header and dump rows, the CFScrape retry. */
const INFO_ONLY = [
  "Requesting '",
  String.raw`[A-Za-z0-9]+\s+-\s+(?:UPDATE CALLED\b|(?:UTILS|SEARCH|UPDATE)\s?::\s?(?:>|\d+[a-z]?\. (?:id|Title|FoundOnIAFD|Cast|Genres|Director|Poster)|Director\(s\) Dictionary))`,
  '[^]*?Request Failed',
].join('|');

/** Regex source, placed where a DEBUG line's message starts: matches when the message is brief. */
export const BRIEF_DEBUG = `(?!${FRAMEWORK})`;
/** The same for an INFO line. */
export const BRIEF_INFO = `(?!${FRAMEWORK}|${INFO_ONLY})`;
