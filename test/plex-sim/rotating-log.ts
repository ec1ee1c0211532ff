// Log files that rotate the way Plex's do (plex-facts.md §7). Plug-in logs follow Python's
// RotatingFileHandler(mode='w', maxBytes=1 MiB, backupCount=5): `x.log` → `x.log.1` … `x.log.5`,
// on every plug-in start and when the next record would pass 1 MiB. The main server log
// rotates to `Plex Media Server.1.log` … `.5.log`. Renames move the inode with the old bytes.
import { appendFileSync, existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export const PLUGIN_LOG_MAX_BYTES = 1_048_576;
export const BACKUP_COUNT = 5;

export type RotationNaming = 'python' | 'pms';

export class RotatingLog {
  readonly path: string;
  private readonly naming: RotationNaming;
  private readonly maxBytes: number;

  constructor(path: string, { naming = 'python', maxBytes = PLUGIN_LOG_MAX_BYTES }: { naming?: RotationNaming; maxBytes?: number } = {}) {
    this.path = path;
    this.naming = naming;
    this.maxBytes = maxBytes;
  }

  backupPath(n: number): string {
    if (this.naming === 'python') return `${this.path}.${n}`;
    const name = basename(this.path);
    return join(dirname(this.path), name.replace(/\.log$/, `.${n}.log`));
  }

  /** doRollover(): shift the backups up by one, the current file becomes backup 1, and a new
   *  empty file is opened (mode 'w'). */
  rollover(): void {
    for (let i = BACKUP_COUNT - 1; i >= 1; i--) {
      const src = this.backupPath(i);
      if (existsSync(src)) {
        rmSync(this.backupPath(i + 1), { force: true });
        renameSync(src, this.backupPath(i + 1));
      }
    }
    if (existsSync(this.path)) {
      rmSync(this.backupPath(1), { force: true });
      renameSync(this.path, this.backupPath(1));
    }
    writeFileSync(this.path, '');
  }

  /** Appends whole records (a record may hold continuation lines). Like shouldRollover(),
   *  rolls over first when a record would reach maxBytes. */
  write(records: readonly string[]): void {
    let size = existsSync(this.path) ? statSync(this.path).size : 0;
    let pending = '';
    for (const record of records) {
      const text = record + '\n';
      const bytes = Buffer.byteLength(text);
      if (size > 0 && size + bytes >= this.maxBytes) {
        if (pending) appendFileSync(this.path, pending);
        pending = '';
        this.rollover();
        size = 0;
      }
      pending += text;
      size += bytes;
    }
    if (pending) appendFileSync(this.path, pending);
  }
}
