#!/usr/bin/env node
/** The `policy-watch` executable: runs the CLI on the process's arguments and exits with its code. */
import { endQuietlyOnClosedPipe } from './closed-pipe.js';
import { runCli } from './program.js';

endQuietlyOnClosedPipe(process.stdout);
process.exitCode = await runCli(process.argv.slice(2));
