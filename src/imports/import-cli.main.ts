import 'reflect-metadata';
import { loadEnvironment } from '../config/environment.js';
import { runImportCli } from './import-cli.js';

/** `npm run import -- <file>...`: the command-line entry, as main.ts is the server's. */
runImportCli(process.argv.slice(2), loadEnvironment(), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
