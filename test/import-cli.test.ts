import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { loadEnvironment } from '../src/config/environment.js';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import { runImportCli } from '../src/imports/import-cli.js';
import { Inspection } from '../src/inspections/inspection.entity.js';
import { createTestDatabase, drivers, type TestDatabase } from './support/databases.js';

const fixtures = resolve(import.meta.dirname, 'fixtures');
const oxfordshire = resolve(fixtures, 'ofsted-ilacs-oxfordshire-2024.md');
const westshire = resolve(fixtures, 'ofsted-sif-westshire-2014.txt');

describe.each(drivers)('back-filling reports from the command line on %s', (driver) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(driver);
  });
  afterAll(() => database.drop());

  const run = async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const environment = loadEnvironment({
      CONFIG_DIR: resolve(import.meta.dirname, '../config'),
      DATA_DIR: database.dataDir,
      DATABASE_URL: database.databaseUrl ?? '',
      PORT: '0',
    });
    const code = await runImportCli(args, environment, { out: (line) => out.push(line), err: (line) => err.push(line) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const inspections = async () => {
    const dataSource = await new DataSource({ ...dataSourceOptions(database), migrationsRun: false }).initialize();
    try {
      return await dataSource.getRepository(Inspection).find({ order: { publishedOn: 'ASC' } });
    } finally {
      await dataSource.destroy();
    }
  };

  it('shows what it finds in each report and records nothing without --commit', async () => {
    const { code, out, err } = await run(oxfordshire, westshire);
    expect([code, err]).toEqual([0, '']);
    expect(out).toContain(`${oxfordshire}: ILACS report of Oxfordshire, inspected 2024-02-12 to 2024-02-23`);
    expect(out).toContain('  area 4: The quality of direct work with disabled children who are in care.');
    expect(out).toContain(`${westshire}: SIF report of Westshire County Council, inspected 2014-03-03 to 2014-03-26`);
    expect(out).toContain('  area 1 (Priority and immediate action): Ensure that all children at risk of sexual exploitation');
    expect(out.match(/nothing recorded \(add --commit/g)).toHaveLength(2);
    expect(await inspections()).toEqual([]);
  });

  it('records each report with --commit, goes on past a file it cannot use, and exits 1 for it', async () => {
    const missing = resolve(fixtures, 'no-such-report.pdf');
    const paper = resolve(fixtures, 'not-reports/cabinet-action-plan-report-2014.md');
    const { code, out, err } = await run(
      oxfordshire,
      paper,
      missing,
      '--commit',
      '--published-on',
      '2024-04-09',
      '--actor',
      'dana.deputy@oxfordshire.gov.uk',
    );
    expect(code).toBe(1);
    expect(out).toMatch(/recorded as inspection [0-9a-f-]{36}; action plan due 2024-07-18/);
    expect(err).toContain(`${paper}: This mentions an Ofsted inspection but does not read as the report itself`);
    expect(err).toContain(`${missing}: cannot read the file: ENOENT`);
    expect((await inspections()).map((inspection) => [inspection.framework, inspection.actionPlanDueOn])).toEqual([
      ['ILACS', '2024-07-18'],
    ]);

    // The SIF report prints its own publication date, which --published-on does not override.
    const again = await run(oxfordshire, westshire, '--commit', '--published-on', '2024-04-09');
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/ofsted-ilacs-oxfordshire-2024\.md: This report has already been imported/);
    expect((await inspections()).map((inspection) => [inspection.framework, inspection.publishedOn])).toEqual([
      ['SIF', '2014-05-12'],
      ['ILACS', '2024-04-09'],
    ]);
  });

  it('explains its usage when called wrongly', async () => {
    expect(await run()).toMatchObject({ code: 2, err: expect.stringMatching(/^Name at least one report file\.\n\nUsage: npm run import/) });
    expect((await run(oxfordshire, '--published-on', '9 April 2024')).err).toMatch(/--published-on must be a real date written YYYY-MM-DD/);
    expect((await run(oxfordshire, '--force')).code).toBe(2);
  });
});
