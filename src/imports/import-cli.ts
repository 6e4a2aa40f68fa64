import { NestFactory } from '@nestjs/core';
import { isEmail } from 'class-validator';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { AppModule } from '../app.module.js';
import { isIsoDate } from '../common/dates.js';
import { DomainError, InvalidInputError } from '../common/errors.js';
import type { Environment } from '../config/environment.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import type { PersonDto } from '../users/person.dto.js';
import { UsersService } from '../users/users.service.js';
import { ImportsService } from './imports.service.js';

export const USAGE = `Usage: npm run import -- <file>... [--commit] [--published-on YYYY-MM-DD] [--received-on YYYY-MM-DD] [--actor EMAIL]

Reads each Ofsted report (PDF, text, Markdown or HTML) and shows what it found. With --commit,
records each as an inspection with one draft area per recommendation. --published-on is used
for the reports that do not print their publication date (ILACS reports); --received-on applies
to every file given. Paths are relative to the project folder, where npm runs the command.`;

/** Whoever runs the command, unless --actor names them: back-filling is an administrator's job. */
const COMMAND_LINE: PersonDto = { name: 'Command-line import', email: 'import-cli@localhost' };

export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

/** Imports reports from files through the same service as the API. Returns the exit code: 0 all done, 1 some failed, 2 usage. */
export async function runImportCli(args: string[], environment: Environment, output: CliOutput): Promise<number> {
  const options = readOptions(args);
  if (typeof options === 'string') {
    output.err(`${options}\n\n${USAGE}`);
    return 2;
  }
  // A one-off command: the service's reminder timer stays with the service.
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ ...environment, reminderSweepSeconds: 0 }), {
    logger: ['error', 'warn'],
  });
  let failed = 0;
  try {
    const imports = app.get(ImportsService);
    const actor = await app.get(UnitOfWork).write((manager) => app.get(UsersService).resolve(manager, options.actor));
    for (const file of options.files) {
      try {
        const preview = await imports.preview({ bytes: await readFile(file), fileName: basename(file) }, actor);
        output.out(
          `${file}: ${preview.framework} report of ${preview.authority ?? 'an unnamed council'}, inspected ${preview.startedOn ?? '?'} to ${preview.endedOn ?? '?'}`,
        );
        for (const judgement of preview.judgements) output.out(`  judgement: ${judgement.area}: ${judgement.grade}`);
        preview.improvementAreas.forEach((area, index) =>
          output.out(`  area ${index + 1}${area.timeframe ? ` (${area.timeframe})` : ''}: ${area.title}`),
        );
        for (const warning of preview.warnings) output.out(`  warning: ${warning}`);
        if (!options.commit) {
          output.out(`  previewed as import ${preview.id}; nothing recorded (add --commit to record it)`);
          continue;
        }
        const inspection = await imports.commit(
          preview.id,
          { publishedOn: preview.publishedOn ?? options.publishedOn, receivedOn: options.receivedOn },
          actor,
        );
        output.out(`  recorded as inspection ${inspection.id}; action plan due ${inspection.actionPlanDueOn ?? '(no deadline)'}`);
      } catch (error) {
        failed += 1;
        output.err(`${file}: ${describe(error)}`);
      }
    }
  } finally {
    await app.close();
  }
  return failed > 0 ? 1 : 0;
}

interface CliOptions {
  files: string[];
  commit: boolean;
  publishedOn?: string;
  receivedOn?: string;
  actor: PersonDto;
}

function readOptions(args: string[]): CliOptions | string {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        commit: { type: 'boolean' },
        'published-on': { type: 'string' },
        'received-on': { type: 'string' },
        actor: { type: 'string' },
      },
    });
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  const { positionals, values } = parsed;
  if (positionals.length === 0) return 'Name at least one report file.';
  for (const option of ['published-on', 'received-on'] as const) {
    const value: string | undefined = values[option];
    if (value !== undefined && !isIsoDate(value)) return `--${option} must be a real date written YYYY-MM-DD (got "${String(value)}").`;
  }
  if (values.actor !== undefined && !isEmail(values.actor)) return `--actor must be an email address (got "${values.actor}").`;
  return {
    files: positionals,
    commit: values.commit ?? false,
    publishedOn: values['published-on'],
    receivedOn: values['received-on'],
    actor: values.actor ? { name: values.actor.split('@')[0], email: values.actor.toLowerCase() } : COMMAND_LINE,
  };
}

function describe(error: unknown): string {
  if (error instanceof InvalidInputError) {
    return Object.entries(error.fields)
      .map(([field, messages]) => `${field}: ${messages.join(' ')}`)
      .join('; ');
  }
  if (error instanceof DomainError) return error.message;
  // A file that cannot be read is reported like a report that cannot be used; anything else stops the run.
  // Checked by shape: errors from Node's own modules need not be instances of this realm's Error.
  const failure = error as { syscall?: unknown; message?: unknown } | null;
  if (typeof failure?.syscall === 'string') return `cannot read the file: ${String(failure.message)}`;
  throw error;
}
