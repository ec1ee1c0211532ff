// Things the user should see that have no other place: a notification macOS refused to show
// (unsigned builds), what start-up recovery did, a settings file that had to be set aside.
// They wait in the popover (the badge) until dismissed.
import { randomUUID } from 'node:crypto';
import type { Notice } from '../../shared/ipc.ts';

export const MAX_NOTICES = 20;

export type NoticeInput = Omit<Notice, 'id' | 'at' | 'ref'> & Partial<Pick<Notice, 'ref'>>;

export interface Notices {
  add(input: NoticeInput): Notice;
  dismiss(id: string): void;
  /** newest first */
  list(): Notice[];
}

export function createNotices(onChange: (added: Notice | null) => void, now: () => Date = () => new Date()): Notices {
  let notices: Notice[] = [];
  return {
    add(input) {
      const notice: Notice = { ref: null, ...input, id: randomUUID(), at: now().toISOString() };
      notices = [notice, ...notices].slice(0, MAX_NOTICES);
      onChange(notice);
      return notice;
    },
    dismiss(id) {
      const before = notices.length;
      notices = notices.filter((n) => n.id !== id);
      if (notices.length !== before) onChange(null);
    },
    list: () => [...notices],
  };
}
