// The fixtures look like what main really sends: each one passes the IPC contract's schema,
// so a test that passes on them is a test of data the popover can meet.
import { describe, expect, it } from 'vitest';
import { AppStatusSchema, FixResultSchema, HistorySchema, SettingsViewSchema } from '../../shared/ipc.ts';
import { ProposalSchema } from '../../shared/proposal.ts';
import { appStatus, fixResult, history, notice, proposal, runStatus, settingsView, testItems } from './fixtures.ts';

describe('renderer fixtures', () => {
  it.each([
    ['a status', AppStatusSchema, appStatus({ run: runStatus({ progress: { fixId: 'iafd-browser-headers', pass: 'after', started: 8, finished: 7, total: 20 } }), notices: [notice()], pending: { kind: 'proposal', proposal: proposal() } })],
    ['a proposal', ProposalSchema, proposal()],
    ['a result with 40 items', FixResultSchema, fixResult({ items: testItems(40) })],
    ['a history', HistorySchema, history()],
    ['settings', SettingsViewSchema, settingsView()],
  ] as const)('%s matches the IPC contract', (_name, schema, value) => {
    const parsed = schema.safeParse(value);
    expect(parsed.error?.issues ?? []).toEqual([]);
  });
});
