// Where the Plex token came from. We report the source, never the token itself.

export type TokenSource =
  /** handed in by the caller (tests, the app's settings), with a label for messages */
  | { kind: 'given'; label: string }
  | { kind: 'env'; variable: string }
  | { kind: 'file'; path: string; format: 'binary-plist' | 'xml-plist' | 'preferences-xml' }
  | { kind: 'none'; looked: string[] };

export interface PlexCredentials {
  token: string | undefined;
  source: TokenSource;
}

export function describeTokenSource(source: TokenSource): string {
  switch (source.kind) {
    case 'given':
      return source.label;
    case 'env':
      return `the ${source.variable} environment variable`;
    case 'file':
      return `${source.path} (${source.format === 'preferences-xml' ? 'Preferences.xml' : source.format === 'binary-plist' ? 'binary property list' : 'XML property list'})`;
    case 'none':
      return `nowhere (looked in: ${source.looked.join('; ')})`;
  }
}
