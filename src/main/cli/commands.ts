import type { Command } from './types';
import { importCommand } from './cmd-import';
import { searchCommand } from './cmd-search';
import { statsCommand } from './cmd-stats';
import { sessionsCommand } from './cmd-sessions';
import { usageCommand } from './cmd-usage';
import { serveCommand } from './cmd-serve';
import { askCommand } from './cmd-ask';
import { hubCommand } from './cmd-hub';
import { syncCommand } from './cmd-sync';

/** Every `deskmate` command, in the order `deskmate --help` lists them. */
export const commands: Command[] = [importCommand, searchCommand, statsCommand, askCommand, sessionsCommand, usageCommand, serveCommand, hubCommand, syncCommand];
