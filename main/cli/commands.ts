// Every CLI command, in the order `agent-doctor --help` lists them.
import type { Command } from './command.ts';
import { aggregateCommand } from './aggregate.ts';
import { demoCommand } from './demo.ts';
import { checkPythonCommand } from './check-python.ts';
import { diagnoseCommand } from './diagnose.ts';
import { implementCommand } from './implement.ts';
import { loopCommand } from './loop.ts';
import { rollbackCommand } from './rollback.ts';
import { statusCommand } from './status.ts';
import { testCommand } from './test.ts';

export const commands: readonly Command[] = [aggregateCommand, diagnoseCommand, implementCommand, testCommand, loopCommand, rollbackCommand, statusCommand, checkPythonCommand, demoCommand];
