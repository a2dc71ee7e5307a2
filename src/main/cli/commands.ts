import type { Command } from './types';

/** Every `deskmate` command, in the order `deskmate --help` lists them. */
export const commands: Command[] = [];
