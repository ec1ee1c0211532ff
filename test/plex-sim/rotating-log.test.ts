import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RotatingLog } from './rotating-log.ts';

const dir = () => mkdtempSync(join(tmpdir(), 'sim-log-'));

describe('RotatingLog (Python RotatingFileHandler, backupCount=5)', () => {
  it('moves .log to .log.1 … .log.5 on each rollover, inode and bytes together, and drops the oldest', () => {
    const log = new RotatingLog(join(dir(), 'com.plexapp.agents.GEVI.log'));
    const inodes: number[] = [];
    for (let start = 1; start <= 7; start++) {
      log.rollover();
      log.write([`start ${start}`]);
      inodes.push(statSync(log.path).ino);
    }
    expect(readFileSync(log.path, 'utf8')).toBe('start 7\n');
    for (let n = 1; n <= 5; n++) {
      expect(readFileSync(log.backupPath(n), 'utf8')).toBe(`start ${7 - n}\n`);
      expect(statSync(log.backupPath(n)).ino).toBe(inodes[6 - n]);
    }
    expect(existsSync(`${log.path}.6`)).toBe(false);
  });

  it('rolls over before a record that would reach maxBytes, never splitting a record', () => {
    const log = new RotatingLog(join(dir(), 'x.log'), { maxBytes: 110 });
    const record = 'a'.repeat(30) + '\n  continuation line';
    log.write([record, record, record, record]);
    expect(readFileSync(log.backupPath(1), 'utf8')).toBe(`${record}\n${record}\n`);
    expect(readFileSync(log.path, 'utf8')).toBe(`${record}\n${record}\n`);
  });

  it('names the main server log the way PMS does', () => {
    const log = new RotatingLog(join(dir(), 'Plex Media Server.log'), { naming: 'pms' });
    expect(log.backupPath(3).endsWith('Plex Media Server.3.log')).toBe(true);
  });
});
