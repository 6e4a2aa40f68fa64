import { inWords as dateInWords, monthInWords } from '../../workflows/workflow.js';
import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { CLOSED_AREA_STATES } from '../../workflows/improvement-area.machine.js';
import { actionRepository } from '../actions/action.repository.js';
import type { AuditDetails, AuditValue } from '../audit/audit-event.entity.js';
import { AuditTrailService } from '../audit/audit-trail.service.js';
import type { SignedInUser } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import {
  BusyError,
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  StaleVersionError,
  UnusableDocumentError,
} from '../common/errors.js';
import { Policy } from '../config/policy.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { areaRepository } from '../improvement-areas/area.repository.js';
import type { ImprovementArea } from '../improvement-areas/improvement-area.entity.js';
import { FollowUps } from '../moves/follow-ups.js';
import { peopleById, personView } from '../users/people.js';
import type { User } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { valueOf, WorkerPool, type WorkerRefusal } from '../worker-pool/worker-pool.service.js';
import type {} from './measure.changes.js';
import type { CreateMeasureDto, MeasureValueDto, UpdateMeasureDto } from './measure.dto.js';
import { Measure, MeasureUpload, MeasureValue } from './measure.entity.js';
import { MAX_SPREADSHEET_BYTES, problemInWords, readUpload, spreadsheetTooLarge, type UploadRow } from './value-upload.js';
import {
  dataDueOn,
  measureFacts,
  lineProblems,
  outOfRange,
  periodOf,
  periodToChase,
  rateMeasure,
  takesPeriod,
  unfinishedMonth,
  valueInWords,
  type MeasureRating,
  type MeasureUnit,
  type Period,
  type Point,
} from './measure-rating.js';
import { mayRecordFigures } from './measure-owner-rule.js';
import { measureRepository } from './measure.repository.js';

/** The line must be one a measure can follow (see lineProblems), but for the figures of the parts `kept` as they were. */
function throwLineProblems(
  line: { baseline: Point; target: Point; milestones: readonly Point[] },
  unit: MeasureUnit,
  kept: readonly string[] = [],
): void {
  const fields = Object.fromEntries(
    Object.entries(lineProblems(line, unit)).filter(([path]) => !(path.endsWith('.value') && kept.includes(path.split('.')[0]))),
  );
  if (Object.keys(fields).length > 0) throw new InvalidInputError(fields);
}

/** Milestones as the history shows them: "31 March 2025: 70; 30 June 2025: 75". */
const milestoneWords = (milestones: readonly Point[]) =>
  milestones.map((point) => `${dateInWords(point.on)}: ${point.value}`).join('; ') || null;

const sortedMilestones = (milestones: readonly Point[] = []) =>
  [...milestones].map((point) => ({ on: point.on, value: point.value })).sort((a, b) => a.on.localeCompare(b.on));

/** Measures of impact: what each area (or action) should change, the figures entered for it, and how it is doing against its trajectory. */
@Injectable()
export class MeasuresService {
  constructor(
    private readonly audit: AuditTrailService,
    private readonly clock: Clock,
    private readonly followUps: FollowUps,
    private readonly policy: Policy,
    private readonly unitOfWork: UnitOfWork,
    private readonly users: UsersService,
    private readonly workers: WorkerPool,
  ) {}

  create(areaId: string, dto: CreateMeasureDto, actor: SignedInUser) {
    return this.unitOfWork.write(async (manager) => {
      const area = await areaRepository.byId(manager, areaId);
      if (!area) throw new NotFoundError('improvement area', areaId);
      if (CLOSED_AREA_STATES.includes(area.state)) throw new ConflictError('This improvement area is closed: it takes no new measures.');
      if (dto.actionId) {
        const [action] = await actionRepository.byIds(manager, [dto.actionId]);
        if (!action || action.areaId !== areaId) throw new InvalidInputError({ actionId: ['Select an action of this improvement area'] });
      }
      const milestones = sortedMilestones(dto.milestones);
      throwLineProblems({ baseline: dto.baseline, target: dto.target, milestones }, dto.unit);
      const owner = await this.users.resolve(manager, dto.owner);
      const measure: Measure = {
        id: randomUUID(),
        areaId,
        actionId: dto.actionId ?? null,
        name: dto.name.trim(),
        definition: dto.definition.trim(),
        unit: dto.unit,
        direction: dto.direction,
        baselineValue: dto.baseline.value,
        baselineOn: dto.baseline.on,
        targetValue: dto.target.value,
        targetOn: dto.target.on,
        milestones,
        dataSource: dto.dataSource.trim(),
        ownerId: owner.id,
        frequency: dto.frequency,
        version: 1,
        createdAt: this.clock.now().toISOString(),
      };
      await measureRepository.insert(manager, measure);
      await this.audit.record(manager, {
        entityType: 'measure',
        entityId: measure.id,
        inspectionId: area.inspectionId,
        event: 'CREATED',
        actor,
        details: {
          name: measure.name,
          unit: measure.unit,
          direction: measure.direction,
          baselineValue: measure.baselineValue,
          baselineOn: measure.baselineOn,
          targetValue: measure.targetValue,
          targetOn: measure.targetOn,
          milestones: milestoneWords(milestones),
          owner: owner.email,
          frequency: measure.frequency,
        },
      });
      await this.followUps.publish(manager, 'measure:written', { record: measure, created: true, changed: Object.keys(measure), actor });
      return this.view(manager, measure, area, [owner]);
    });
  }

  get(id: string) {
    return this.unitOfWork.read(async (manager) => {
      const { measure, area } = await this.find(manager, id);
      return this.view(manager, measure, area);
    });
  }

  /** An area's measures, each rated as of today. */
  ofArea(areaId: string) {
    return this.unitOfWork.read(async (manager) => {
      const area = await areaRepository.byId(manager, areaId);
      if (!area) throw new NotFoundError('improvement area', areaId);
      const measures = await measureRepository.ofAreas(manager, [areaId]);
      const values = await measureRepository.valuesOf(
        manager,
        measures.map((measure) => measure.id),
      );
      const people = await peopleById(manager, [
        ...measures.map((measure) => measure.ownerId),
        ...values.map((value) => value.enteredById),
      ]);
      return measures.map((measure) =>
        this.render(
          measure,
          area,
          values.filter((value) => value.measureId === measure.id),
          people,
        ),
      );
    });
  }

  /** The figures a person enters, each measure's next one due, for the measures of open areas: for their Home. */
  figuresDueFrom(userId: string) {
    return this.unitOfWork.read((manager) => this.nextFiguresOf(manager, userId));
  }

  /** Each measure of an open area the person enters figures for, with the period whose value is wanted next and the day it is due. */
  async nextFiguresOf(
    manager: EntityManager,
    userId: string,
  ): Promise<Array<{ measure: Measure; area: ImprovementArea; period: Period; dueOn: string }>> {
    const measures = await measureRepository.ownedBy(manager, userId);
    const areas = new Map((await areaRepository.byIds(manager, [...new Set(measures.map((m) => m.areaId))])).map((a) => [a.id, a]));
    const values = await measureRepository.valuesOf(
      manager,
      measures.map((measure) => measure.id),
    );
    return measures
      .filter((measure) => !CLOSED_AREA_STATES.includes(areas.get(measure.areaId)!.state))
      .map((measure) => {
        const period = this.chasedPeriod(
          measure,
          values.filter((value) => value.measureId === measure.id),
        );
        return { measure, area: areas.get(measure.areaId)!, period, dueOn: dataDueOn(period, this.policy.measures) };
      })
      .sort((a, b) => a.dueOn.localeCompare(b.dueOn));
  }

  /** The period whose value is wanted next: the latest one due and missing, or else the next to fall due. */
  chasedPeriod(measure: Measure, values: readonly MeasureValue[]): Period {
    return periodToChase(
      { frequency: measure.frequency, baseline: { value: measure.baselineValue, on: measure.baselineOn } },
      values,
      this.clock.today(),
      this.policy.measures,
    );
  }

  update(id: string, dto: UpdateMeasureDto, actor: SignedInUser) {
    return this.unitOfWork.write(async (manager) => {
      const { measure, area } = await this.find(manager, id, { forUpdate: true });
      if (dto.version !== measure.version) throw new StaleVersionError('measure', dto.version, measure.version);
      // Its figures were entered in its unit: read in another, every page, paper and chart would misstate them.
      if (dto.unit !== undefined && dto.unit !== measure.unit && (await measureRepository.valuesOf(manager, [measure.id])).length > 0)
        throw new InvalidInputError({
          unit: ['The unit cannot change once figures have been entered in it: add a new measure in the new unit instead'],
        });
      const baseline = { value: dto.baseline?.value ?? measure.baselineValue, on: dto.baseline?.on ?? measure.baselineOn };
      const target = { value: dto.target?.value ?? measure.targetValue, on: dto.target?.on ?? measure.targetOn };
      const milestones = dto.milestones ? sortedMilestones(dto.milestones) : measure.milestones;
      // A figure saved before its unit's range was checked is not held against a change that leaves it as it is.
      const kept =
        dto.unit === undefined
          ? [dto.baseline ? null : 'baseline', dto.target ? null : 'target', dto.milestones ? null : 'milestones']
          : [];
      throwLineProblems(
        { baseline, target, milestones },
        dto.unit ?? measure.unit,
        kept.filter((part) => part !== null),
      );
      const owner = dto.owner ? await this.users.resolve(manager, dto.owner) : undefined;
      const proposed: Partial<Measure> = {
        name: dto.name?.trim(),
        definition: dto.definition?.trim(),
        unit: dto.unit,
        direction: dto.direction,
        baselineValue: baseline.value,
        baselineOn: baseline.on,
        targetValue: target.value,
        targetOn: target.on,
        dataSource: dto.dataSource?.trim(),
        ownerId: owner?.id,
        frequency: dto.frequency,
      };
      const changed = Object.fromEntries(
        Object.entries(proposed).filter(([key, value]) => value !== undefined && measure[key as keyof Measure] !== value),
      ) as Partial<Measure>;
      const details: AuditDetails = {};
      for (const [key, value] of Object.entries(changed)) {
        details[key] = { from: measure[key as keyof Measure] as AuditValue, to: value as AuditValue };
      }
      if (JSON.stringify(milestones) !== JSON.stringify(measure.milestones)) {
        changed.milestones = milestones;
        details.milestones = { from: milestoneWords(measure.milestones), to: milestoneWords(milestones) };
      }
      if (Object.keys(changed).length > 0) {
        if (!(await measureRepository.update(manager, measure, changed))) {
          throw new StaleVersionError('measure', dto.version, dto.version + 1);
        }
        const previousOwnerId = measure.ownerId;
        Object.assign(measure, changed, { version: measure.version + 1 });
        await this.followUps.publish(manager, 'measure:written', { record: measure, created: false, changed: Object.keys(changed), actor });
        // Ids mean nothing to a reader of the history: name the people instead.
        if (details.ownerId) {
          const before = (await peopleById(manager, [previousOwnerId])).get(previousOwnerId);
          delete details.ownerId;
          details.owner = { from: before?.email ?? null, to: owner?.email ?? null };
        }
        await this.audit.record(manager, {
          entityType: 'measure',
          entityId: id,
          inspectionId: area.inspectionId,
          event: 'UPDATED',
          actor,
          details,
        });
      }
      return this.view(manager, measure, area, owner ? [owner] : []);
    });
  }

  /** A value for one period: a second value for the same period is refused unless it says it replaces the first. */
  addValue(id: string, dto: MeasureValueDto, actor: SignedInUser) {
    return this.unitOfWork.write(async (manager) => {
      const { measure, area } = await this.find(manager, id, { forUpdate: true });
      const owner = measure.ownerId ? ((await peopleById(manager, [measure.ownerId])).get(measure.ownerId) ?? null) : null;
      if (!mayRecordFigures(actor, owner)) {
        throw new ForbiddenError(
          `The figures of “${measure.name}” are not yours to enter: only the person named to enter them, or someone who may edit improvement areas, enters them.`,
        );
      }
      this.checkPeriod(measure, dto.period);
      const range = outOfRange(dto.value, measure.unit);
      if (range) throw new InvalidInputError({ value: [range] });
      const existing = await measureRepository.valueFor(manager, id, dto.period);
      const now = this.clock.now().toISOString();
      const note = dto.note?.trim() || null;
      if (existing && !dto.replace) {
        throw new ConflictError(
          `${monthInWords(dto.period)} already has a value, ${valueInWords(existing.value, measure.unit)}: to correct it, say that the new value replaces it.`,
        );
      }
      if (existing) {
        await measureRepository.replaceValue(manager, existing.id, { value: dto.value, note, enteredById: actor.id, enteredAt: now });
      } else {
        await measureRepository.insertValue(manager, {
          id: randomUUID(),
          measureId: id,
          period: dto.period,
          value: dto.value,
          note,
          enteredById: actor.id,
          enteredAt: now,
        });
      }
      await this.audit.record(manager, {
        entityType: 'measure',
        entityId: id,
        inspectionId: area.inspectionId,
        event: existing ? 'VALUE_CORRECTED' : 'VALUE_ENTERED',
        actor,
        comment: note,
        details: { period: dto.period, ...(existing ? correctedFields(existing, { value: dto.value, note }) : { value: dto.value }) },
      });
      await this.followUps.publish(manager, 'measure:written', { record: measure, created: false, changed: ['values'], actor });
      return this.view(manager, measure, area);
    });
  }

  /** Reads a spreadsheet of values for the area's measures and says what it would record, row by row; writes no value. */
  upload(areaId: string, csv: string, actor: SignedInUser) {
    return this.keepUpload(areaId, csv, createHash('sha256').update(csv).digest('hex'), actor);
  }

  /** As `upload`, from a file: CSV, or an Excel workbook (read in a worker, its first sheet taken as the CSV would be). */
  async uploadFile(areaId: string, bytes: Uint8Array, actor: SignedInUser) {
    if (bytes.length > MAX_SPREADSHEET_BYTES) throw spreadsheetTooLarge();
    const csv = isZip(bytes) ? await this.workbookAsCsv(bytes) : textOf(bytes);
    return this.keepUpload(areaId, csv, createHash('sha256').update(bytes).digest('hex'), actor);
  }

  private keepUpload(areaId: string, csv: string, contentHash: string, actor: SignedInUser) {
    return this.unitOfWork.write(async (manager) => {
      const area = await areaRepository.byId(manager, areaId);
      if (!area) throw new NotFoundError('improvement area', areaId);
      const upload: MeasureUpload = {
        id: randomUUID(),
        areaId,
        contentHash,
        csv,
        status: 'previewed',
        uploadedById: actor.id,
        uploadedAt: this.clock.now().toISOString(),
        committedById: null,
        committedAt: null,
      };
      await measureRepository.insertUpload(manager, upload);
      return this.uploadView(manager, upload);
    });
  }

  private async workbookAsCsv(bytes: Uint8Array): Promise<string> {
    const read = await this.workers.valueWorkbook(bytes).catch((error: WorkerRefusal) => {
      throw workbookRefusal(error);
    });
    return valueOf(read);
  }

  getUpload(id: string) {
    return this.unitOfWork.read(async (manager) => this.uploadView(manager, await this.findUpload(manager, id)));
  }

  /**
   * Records every value of a previewed upload, or none: refused when a row has a problem, when the same file was
   * recorded before, when the values it would write over are not those `checkedAgainst` (the preview's) says, when it
   * has nothing new, or when it corrects values entered before and `replace` does not say its values replace them.
   */
  commitUpload(id: string, actor: SignedInUser, { replace = false, checkedAgainst }: { replace?: boolean; checkedAgainst?: string } = {}) {
    return this.unitOfWork.write(async (manager) => {
      const upload = await this.findUpload(manager, id, { forUpdate: true });
      const recorded =
        upload.status === 'committed' ? upload : await measureRepository.committedUpload(manager, upload.areaId, upload.contentHash);
      if (recorded) {
        const by = (await peopleById(manager, [recorded.committedById])).get(recorded.committedById!);
        throw new ConflictError(
          `${recorded.id === upload.id ? 'This upload' : 'The same file'} was recorded on ${dateInWords(recorded.committedAt!.slice(0, 10))} by ${by?.name ?? 'someone'}: its values are in already.`,
        );
      }
      const area = (await areaRepository.byId(manager, upload.areaId))!;
      // As a value entered on a page locks its measure: the values read next are those written over, and no other lands between.
      await measureRepository.lockOfArea(manager, upload.areaId);
      const { rows, problems, corrected, checked } = await this.readUpload(manager, upload);
      if (problems.length > 0) throw new InvalidInputError({ csv: problems.map(problemInWords) });
      // Nothing to save is said first: that is what the page shows once it is read again, whatever changed meanwhile.
      if (rows.length === 0) throw new NothingNewToSaveError();
      if (checkedAgainst !== undefined && checkedAgainst !== checked) throw new UploadOutdatedError();
      const corrections = rows.filter((row) => row.replaces !== null).length;
      if (corrections > 0 && !replace) {
        throw new InvalidInputError({ replace: [correctionsToConfirm(corrections)] });
      }
      const now = this.clock.now().toISOString();
      for (const row of rows) {
        const entered = corrected(row);
        if (entered) {
          await measureRepository.replaceValue(manager, entered.id, {
            value: row.value,
            note: row.note,
            enteredById: actor.id,
            enteredAt: now,
          });
        } else {
          await measureRepository.insertValue(manager, {
            id: randomUUID(),
            measureId: row.measureId,
            period: row.period,
            value: row.value,
            note: row.note,
            enteredById: actor.id,
            enteredAt: now,
          });
        }
        await this.audit.record(manager, {
          entityType: 'measure',
          entityId: row.measureId,
          inspectionId: area.inspectionId,
          event: entered ? 'VALUE_CORRECTED' : 'VALUE_ENTERED',
          actor,
          comment: row.note,
          details: { period: row.period, ...(entered ? correctedFields(entered, row) : { value: row.value }), upload: upload.id },
        });
      }
      for (const measureId of new Set(rows.map((row) => row.measureId))) {
        const measure = (await measureRepository.byId(manager, measureId))!;
        await this.followUps.publish(manager, 'measure:written', { record: measure, created: false, changed: ['values'], actor });
      }
      if (!(await measureRepository.markCommitted(manager, upload.id, actor.id, now))) {
        throw new ConflictError('This upload was recorded by someone else meanwhile: its values are in already.');
      }
      Object.assign(upload, { status: 'committed', committedById: actor.id, committedAt: now });
      return { ...(await this.uploadView(manager, upload)), recorded: rows.length };
    });
  }

  private async findUpload(manager: EntityManager, id: string, options: { forUpdate?: boolean } = {}) {
    const upload = await measureRepository.uploadById(manager, id, options);
    if (!upload) throw new NotFoundError('upload', id);
    return upload;
  }

  /** The upload read against the area's measures as they stand now. */
  private async readUpload(manager: EntityManager, upload: MeasureUpload) {
    const measures = await measureRepository.ofAreas(manager, [upload.areaId]);
    const values = await measureRepository.valuesOf(
      manager,
      measures.map((measure) => measure.id),
    );
    const entered = new Map(
      measures.map((measure) => [
        measure.id,
        new Map(values.filter((value) => value.measureId === measure.id).map((value) => [value.period, value])),
      ]),
    );
    const read = readUpload(
      upload.csv,
      measures.map((measure) => ({
        id: measure.id,
        name: measure.name,
        frequency: measure.frequency,
        unit: measure.unit,
        values: entered.get(measure.id)!,
      })),
      periodOf(this.clock.today()),
    );
    /** The value a row corrects, as it was read. */
    const corrected = (row: UploadRow) => entered.get(row.measureId)?.get(row.period) ?? null;
    // What the file's months held when read: a preview and its commit agree only if no value was entered or changed between.
    const held = [...read.rows, ...read.unchanged].map((row) => [row.measureId, row.period, corrected(row)?.value, corrected(row)?.note]);
    const checked = createHash('sha256').update(JSON.stringify(held)).digest('base64url');
    return { ...read, corrected, checked };
  }

  private async uploadView(manager: EntityManager, upload: MeasureUpload) {
    const people = await peopleById(manager, [upload.uploadedById, upload.committedById]);
    // Once recorded, its rows are the values it recorded: read again, each would now be the same as the value entered.
    const { rows, unchanged, problems, checked } =
      upload.status === 'committed' ? { rows: [], unchanged: [], problems: [], checked: null } : await this.readUpload(manager, upload);
    return {
      id: upload.id,
      areaId: upload.areaId,
      status: upload.status,
      uploadedBy: personView(people, upload.uploadedById),
      uploadedAt: upload.uploadedAt,
      committedBy: personView(people, upload.committedById),
      committedAt: upload.committedAt,
      rows: rows.map(({ row, measure, period, value, note, replaces, replacesNote }) => ({
        row,
        measure,
        period,
        value,
        note,
        replaces,
        replacesNote,
      })),
      /** Rows the same as the value already entered for their month: nothing to record. */
      unchanged: unchanged.map(({ row, measure, period, value }) => ({ row, measure, period, value })),
      problems,
      /** Sent back with the commit, which is then refused if a value for one of the file's months was entered or changed meanwhile. */
      checkedAgainst: checked,
    };
  }

  history(id: string) {
    return this.unitOfWork.read(async (manager) => {
      await this.find(manager, id);
      return this.audit.history(manager, [id]);
    });
  }

  /** A value is for a month that has ended, of the measure's frequency: a month's figure is not known until it is over. */
  private checkPeriod(measure: Measure, period: string): void {
    // A month a quarterly measure never takes is told so first: waiting for it to end would not help.
    if (!takesPeriod(measure.frequency, period)) {
      throw new InvalidInputError({
        period: [`This measure is quarterly: enter its value for the quarter’s last month (March, June, September or December)`],
      });
    }
    const current = periodOf(this.clock.today());
    if (period >= current) {
      throw new InvalidInputError({ period: [unfinishedMonth(period, current, measure.frequency)] });
    }
  }

  private async find(manager: EntityManager, id: string, options: { forUpdate?: boolean } = {}) {
    const measure = await measureRepository.byId(manager, id, options);
    if (!measure) throw new NotFoundError('measure', id);
    const area = (await areaRepository.byId(manager, measure.areaId))!;
    return { measure, area };
  }

  private async view(manager: EntityManager, measure: Measure, area: ImprovementArea, known: Array<User | null> = []) {
    const values = await measureRepository.valuesOf(manager, [measure.id]);
    const people = await peopleById(manager, [measure.ownerId, ...values.map((value) => value.enteredById)], known);
    return this.render(measure, area, values, people);
  }

  /** How a measure stands today. */
  rate(measure: Measure, values: readonly MeasureValue[]): MeasureRating {
    return rateMeasure(measureFacts(measure), values, this.clock.today(), this.policy.measures);
  }

  private render(measure: Measure, area: ImprovementArea, values: MeasureValue[], people: Map<string, User>) {
    return {
      id: measure.id,
      areaId: area.id,
      areaReference: String(area.position),
      areaTitle: area.title,
      inspectionId: area.inspectionId,
      actionId: measure.actionId,
      name: measure.name,
      definition: measure.definition,
      ...measureFacts(measure),
      dataSource: measure.dataSource,
      owner: personView(people, measure.ownerId),
      version: measure.version,
      rating: this.rate(measure, values),
      /** Latest period first, each with the date its value was due. */
      values: values.map((value) => ({
        period: value.period,
        value: value.value,
        note: value.note,
        enteredBy: personView(people, value.enteredById),
        enteredAt: value.enteredAt,
        dueOn: dataDueOn(value.period, this.policy.measures),
      })),
    };
  }
}

const NOT_A_SPREADSHEET = 'The file must be a spreadsheet saved as CSV or as an Excel workbook (.xlsx).';

/** An .xlsx workbook is a zip archive, and every zip archive starts with these four bytes. */
const isZip = (bytes: Uint8Array) => bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/** The file as CSV text: it must be UTF-8 (as spreadsheets save CSV) with no control bytes a text file never has. */
function textOf(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UnusableDocumentError('unsupported_format', NOT_A_SPREADSHEET);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000e-\u001f]/.test(text)) throw new UnusableDocumentError('unsupported_format', NOT_A_SPREADSHEET);
  return text;
}

function workbookRefusal(error: WorkerRefusal): Error {
  switch (error.reason) {
    case 'time_limit':
    case 'memory':
      return new UnusableDocumentError(
        'unreadable',
        'This workbook needs far more work to read than a sheet of values does, so it was stopped. Save its first sheet as CSV and upload that.',
      );
    case 'busy':
      return new BusyError('Many files are being read just now. Try again in a minute.', 503, 60);
    case 'failed':
      return error;
  }
}

/** An upload whose months were given or changed values after its preview was shown: what it would save is no longer what was checked. */
export class UploadOutdatedError extends ConflictError {
  constructor() {
    super(
      'Since these values were checked, someone has entered or changed values for the months in this spreadsheet. Check them again before saving.',
    );
  }
}

/** An upload whose every value is entered already. */
export class NothingNewToSaveError extends ConflictError {
  constructor() {
    super('Every value in this spreadsheet has been entered already: there is nothing new to save.');
  }
}

/** What a person confirms before an upload's corrections replace the values and notes entered before. */
const correctionsToConfirm = (count: number) =>
  `This spreadsheet changes what was entered before for ${count === 1 ? 'a month' : `${count} months`}: confirm that its values replace what was there`;

/** What a row of an upload changed of the value entered before, each field from and to: its value, its note, or both. */
function correctedFields(entered: { value: number; note: string | null }, row: { value: number; note: string | null }) {
  return {
    ...(entered.value !== row.value && { value: { from: entered.value, to: row.value } }),
    ...(entered.note !== row.note && { note: { from: entered.note, to: row.note } }),
  };
}
