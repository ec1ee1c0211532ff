// The loop: start, stop, resume, and the two questions it asks (apply this fix? restarted Plex?).
import type { IpcContext } from './context.ts';
import type { Ipc } from './handle.ts';

export function registerLoopHandlers(ipc: Ipc, ctx: IpcContext): void {
  ipc.handle('startLoop', () => ctx.engine.get().startLoop());
  ipc.handle('stopLoop', () => ctx.engine.get().stopLoop());
  ipc.handle('resumeLoop', () => ctx.engine.get().resumeLoop());
  ipc.handle('answerProposal', (reply) => ctx.engine.get().answerProposal(reply));
  ipc.handle('continueRestart', () => ctx.engine.get().continueRestart());
}
