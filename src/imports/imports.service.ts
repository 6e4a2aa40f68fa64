import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { QueryFailedError, type EntityManager } from 'typeorm';
import { AuditTrailService } from '../audit/audit-trail.service.js';
import { inWords } from '../../workflows/workflow.js';
import { Clock } from '../common/clock.js';
import { londonDate } from '../common/dates.js';
import { BusyError, ConflictError, InvalidInputError, NotFoundError, UnusableDocumentError } from '../common/errors.js';
import { createValidationPipe } from '../common/validation.js';
import { Policy } from '../config/policy.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { ImprovementAreasService } from '../improvement-areas/improvement-areas.service.js';
import { inspectionRepository } from '../inspections/inspection.repository.js';
import { InspectionsService } from '../inspections/inspections.service.js';
import type { Person } from '../users/user.entity.js';
import { ImportedPlanDto, type CommitImportDto } from './import.dto.js';
import { valueOf, WorkerPool, type WorkerRefusal } from '../worker-pool/worker-pool.service.js';
import type { ReadReportOutput } from '../worker-pool/tasks.worker.js';
import { ReportImport } from './report-import.entity.js';
import type { UploadedReport } from './report-document.decorator.js';
import { notAReport, type ParsedReport } from './report-parser.js';

@Injectable()
export class ImportsService {
  private readonly validation = createValidationPipe();
  /** Who has an upload under way in this process: one at a time each, so nobody can fill the worker pool alone. */
  private readonly uploading = new Set<string>();

  constructor(
    private readonly areas: ImprovementAreasService,
    private readonly audit: AuditTrailService,
    private readonly clock: Clock,
    private readonly inspections: InspectionsService,
    private readonly policy: Policy,
    private readonly unitOfWork: UnitOfWork,
    private readonly workers: WorkerPool,
  ) {}

  /** Reads a report and keeps what was found for the user to check; no inspection is created yet. */
  async preview(document: UploadedReport, actor: Person) {
    // Reading and parsing happen outside the transaction: a PDF can take a while, and nothing is written until they succeed.
    const { format, report } = await this.read(document);
    const problem = notAReport(report);
    if (problem) throw new UnusableDocumentError('unreadable', problem);
    const fingerprint = fingerprintOf(report);

    return this.unitOfWork.write(async (manager) => {
      await this.refuseDuplicate(manager, fingerprint);
      const record = manager.create(ReportImport, {
        id: randomUUID(),
        status: 'previewed',
        fileName: document.fileName?.slice(0, 255) || null,
        format,
        byteSize: document.bytes.length,
        preview: report,
        fingerprint,
        committedFingerprint: null,
        inspectionId: null,
        createdById: actor.id,
        createdAt: this.clock.now().toISOString(),
        committedAt: null,
      });
      await manager.insert(ReportImport, record);
      return view(record);
    });
  }

  /**
   * Marks an upload by this person as under way, from before its body is read until `done` is called;
   * refuses a second one meanwhile.
   */
  startUpload(userId: string): { done: () => void } {
    if (this.uploading.has(userId))
      throw new BusyError('You are already importing a report. Wait until it has been read, then try again.', 429, 10);
    this.uploading.add(userId);
    return { done: () => this.uploading.delete(userId) };
  }

  /** The report read and parsed in the worker pool, with the pool's refusals put in words. */
  private async read(document: UploadedReport): Promise<ReadReportOutput> {
    const read = await this.workers.readReport(document.bytes, document, this.policy.frameworks).catch((error: WorkerRefusal) => {
      throw refusal(error);
    });
    return valueOf(read);
  }

  get(id: string) {
    return this.unitOfWork.read(async (manager) => view(await this.find(manager, id)));
  }

  /**
   * Creates the inspection, its judgements and one draft area per recommendation in one transaction,
   * with the user's corrections applied. A report already committed, by this import or another, is refused.
   */
  async commit(id: string, corrections: CommitImportDto, actor: Person) {
    const inspectionId = await this.unitOfWork
      .write(async (manager) => {
        const record = await this.find(manager, id);
        if (record.status === 'committed')
          throw new ConflictError(`This import has already been committed, as ${await inspectionInWords(manager, record.inspectionId!)}.`, {
            inspectionId: record.inspectionId!,
          });
        const plan = await this.plan(record.preview, corrections);
        await this.refuseDuplicate(manager, record.fingerprint);
        const committedAt = this.clock.now().toISOString();
        // Claimed first: a second commit of the same import (or of the same report) waits here, then fails, before doing any work.
        const claimed = await manager.update(
          ReportImport,
          { id, status: 'previewed' },
          { status: 'committed', committedFingerprint: record.fingerprint, committedAt },
        );
        if (claimed.affected !== 1) {
          // The other commit has committed by now (its claim held this one): which inspection it made can be read.
          const { inspectionId: theirs } = await this.find(manager, id);
          throw new ConflictError('This import has just been committed by someone else.', theirs ? { inspectionId: theirs } : {});
        }

        const inspection = await this.inspections.createWith(manager, plan, actor);
        for (const area of plan.improvementAreas) await this.areas.createWith(manager, inspection.id, area, actor);
        await manager.update(ReportImport, { id }, { inspectionId: inspection.id });
        await this.audit.record(manager, {
          entityType: 'inspection',
          entityId: inspection.id,
          inspectionId: inspection.id,
          event: 'IMPORTED',
          actor,
          details: { importId: id, fileName: record.fileName, areas: plan.improvementAreas.length },
        });
        return inspection.id;
      })
      .catch(async (error: unknown) => {
        // Two imports of one report committed at once: the unique fingerprint stops the second; say which inspection won.
        if (isUniqueViolation(error))
          await this.unitOfWork.read(async (manager) => this.refuseDuplicate(manager, (await this.find(manager, id)).fingerprint));
        throw error;
      });
    return this.inspections.get(inspectionId);
  }

  /** The preview with the user's corrections over it, checked as a whole before anything is written. */
  private async plan(report: ParsedReport, corrections: CommitImportDto): Promise<ImportedPlanDto> {
    const merged = {
      authority: corrections.authority ?? report.authority ?? undefined,
      framework: corrections.framework ?? report.framework ?? undefined,
      startedOn: corrections.startedOn ?? report.startedOn ?? undefined,
      endedOn: corrections.endedOn ?? report.endedOn ?? undefined,
      publishedOn: corrections.publishedOn ?? report.publishedOn ?? undefined,
      receivedOn: corrections.receivedOn,
      statedActionPlanDueOn: corrections.statedActionPlanDueOn,
      statedDraftPlanDueOn: corrections.statedDraftPlanDueOn,
      statementRequired: corrections.statementRequired,
      principalAuthority: corrections.principalAuthority,
      leadInspector: corrections.leadInspector ?? report.leadInspector ?? undefined,
      priorityAction: corrections.priorityAction ?? report.priorityAction,
      overallEffectiveness: corrections.overallEffectiveness ?? report.overallEffectiveness ?? undefined,
      // Reports never name these: only the person committing can, so they come from the corrections alone.
      planLead: corrections.planLead,
      scrutinyCommittee: corrections.scrutinyCommittee,
      scrutinyClerk: corrections.scrutinyClerk,
      judgements: corrections.judgements ?? report.judgements,
      improvementAreas:
        corrections.improvementAreas ??
        report.improvementAreas.map((area) => ({ title: area.title, timeframe: area.timeframe ?? undefined })),
    };
    const missing: Record<string, string[]> = {};
    if (!merged.publishedOn) missing.publishedOn = ['Enter the date the report was published: the report does not say'];
    if (!merged.authority) missing.authority = ['Enter the council’s name: it was not found in the report'];
    if (Object.keys(missing).length > 0) throw new InvalidInputError(missing);
    return (await this.validation.transform(merged, { type: 'body', metatype: ImportedPlanDto })) as ImportedPlanDto;
  }

  private async refuseDuplicate(manager: EntityManager, fingerprint: string): Promise<void> {
    const earlier = await manager.findOneBy(ReportImport, { committedFingerprint: fingerprint });
    if (earlier) {
      throw new AlreadyImportedError(
        `This report has already been imported, on ${inWords(londonDate(new Date(earlier.committedAt!)))}, as ${await inspectionInWords(manager, earlier.inspectionId!)}. Open that inspection rather than importing the report again.`,
        earlier.inspectionId!,
      );
    }
  }

  private async find(manager: EntityManager, id: string): Promise<ReportImport> {
    const record = await manager.findOneBy(ReportImport, { id });
    if (!record) throw new NotFoundError('import', id);
    return record;
  }
}

function refusal(error: WorkerRefusal): Error {
  switch (error.reason) {
    case 'time_limit':
      return new UnusableDocumentError(
        'unreadable',
        'Reading this file took far longer than reading a report does, so it was stopped. Upload the report as Ofsted published it, or paste its text.',
      );
    case 'memory':
      return new UnusableDocumentError(
        'too_large',
        'This file needs far more memory to read than a report does, so it was stopped. Upload the report as Ofsted published it, or paste its text.',
      );
    case 'busy':
      return new BusyError('Many reports are being read just now. Try again in a minute.', 503, 60);
    case 'failed':
      return error;
  }
}

function view(record: ReportImport) {
  const { warnings, ...found } = record.preview;
  return {
    id: record.id,
    status: record.status,
    fileName: record.fileName,
    format: record.format,
    ...found,
    warnings,
    inspectionId: record.inspectionId,
    createdAt: record.createdAt,
  };
}

/**
 * A report's identity by what it says rather than its bytes, so that its PDF and its pasted text
 * match: the framework, the council, the inspection dates and the recommendations.
 */
function fingerprintOf(report: ParsedReport): string {
  const words = (text: string | null) =>
    (text ?? '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  const identity = [
    report.framework,
    words(report.authority),
    report.startedOn,
    report.endedOn,
    ...report.improvementAreas.map((area) => words(area.title)),
  ];
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex');
}

function isUniqueViolation(error: unknown): boolean {
  const code = error instanceof QueryFailedError ? (error.driverError as { code?: unknown }).code : undefined;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** A report refused because it was imported before: the refusal names, and the page links to, the inspection it became. */
export class AlreadyImportedError extends ConflictError {
  constructor(
    message: string,
    readonly inspectionId: string,
  ) {
    super(message, { inspectionId });
  }
}

/** An inspection as a person knows it: "the inspection of Oxfordshire County Council published on 9 April 2024". */
async function inspectionInWords(manager: EntityManager, inspectionId: string): Promise<string> {
  // Nothing deletes an inspection, and a committed import's refers to it.
  const inspection = (await inspectionRepository.byId(manager, inspectionId))!;
  const authority = (await inspectionRepository.authorityNames(manager, [inspection.authorityId])).get(inspection.authorityId);
  return `the inspection of ${authority} published on ${inWords(inspection.publishedOn)}`;
}
