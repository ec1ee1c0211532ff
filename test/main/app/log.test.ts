// Main-process log lines never hold a token.
import { describe, expect, it } from 'vitest';
import { createLog } from '../../../main/app/log.ts';

describe('the log', () => {
  it('redacts known tokens and token patterns, in messages and error stacks', () => {
    const lines: string[] = [];
    const sink = { info: (l: string) => void lines.push(l), warn: (l: string) => void lines.push(l), error: (l: string) => void lines.push(l) };
    const log = createLog(() => ['MyToken-123456'], sink);
    log.info('using MyToken-123456');
    log.warn('GET /?X-Plex-Token=abcdefgh12345 failed');
    log.error('refresh failed', new Error('token MyToken-123456 rejected'));
    expect(lines).toEqual(['[agent-doctor] using <redacted>', '[agent-doctor] GET /?X-Plex-Token=<redacted> failed', expect.stringMatching(/^\[agent-doctor\] refresh failed: Error: token <redacted> rejected/)]);
  });
});
