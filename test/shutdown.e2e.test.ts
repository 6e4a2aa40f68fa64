import { DataSource } from 'typeorm';
import { AuditEvent } from '../src/audit/audit-event.entity.js';
import { AuditTrailService } from '../src/audit/audit-trail.service.js';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import { UnitOfWork } from '../src/database/unit-of-work.js';
import { drivers } from './support/databases.js';
import { scenario } from './support/scenario.js';
import { createTestApp } from './support/test-app.js';

describe.each(drivers)('shutting down on %s', (driver) => {
  it('waits for the work in hand to commit before the database connections close', async () => {
    const t = await createTestApp(driver);
    const inspection = await scenario(t).inspection();
    let finish = () => {};
    const held = new Promise<void>((resolve) => (finish = resolve));
    // A request's transaction, part-way through when the service is told to stop (a deploy's SIGTERM).
    const work = t.app.get(UnitOfWork).write(async (manager) => {
      await manager.query('SELECT 1');
      await held;
      await t.app.get(AuditTrailService).record(manager, {
        entityType: 'inspection',
        entityId: inspection.id,
        inspectionId: inspection.id,
        event: 'NOTE',
        actor: t.users.deputy_director,
        comment: 'Written while stopping.',
      });
    });

    const closed = t.app.close();
    await new Promise((settle) => setTimeout(settle, 200));
    expect(t.dataSource.isInitialized).toBe(true);
    finish();
    await work;
    await closed;
    expect(t.dataSource.isInitialized).toBe(false);

    const reopened = await new DataSource({ ...dataSourceOptions(t.database), migrationsRun: false }).initialize();
    try {
      expect(await reopened.getRepository(AuditEvent).countBy({ entityId: inspection.id, event: 'NOTE' })).toBe(1);
    } finally {
      await reopened.destroy();
      await t.database.drop();
    }
  });
});
