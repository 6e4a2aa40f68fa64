import { Injectable, Logger } from '@nestjs/common';
import { In, IsNull, LessThan, Not } from 'typeorm';
import { Clock } from '../common/clock.js';
import { addDays, type IsoDate } from '../common/dates.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import type { ChartDrawing, ChartDrawings } from '../worker-pool/tasks.worker.js';
import { ChartDrawingRow } from './chart-drawing.entity.js';

/** Plans and snapshots whose last page's or paper's drawings are also kept in memory: some megabytes of pictures each for a large plan. */
const OWNERS_KEPT = 10;

/** A drawing neither shown by a page or paper nor drawn for this long is let go: a plan's charts change with its figures. */
export const DRAWINGS_UNUSED_FOR_DAYS = 90;

/**
 * Charts already drawn, by what each shows (`chartKey`): in the database, so that every instance of the service
 * and the service after a restart find them (drawing a large plan's 43 charts takes a worker some 6 seconds of
 * CPU), and those a plan's or snapshot's last page or paper showed in memory as well.
 */
@Injectable()
export class ChartDrawingStore {
  private readonly logger = new Logger(ChartDrawingStore.name);
  /** By plan or snapshot: the drawings its last page or paper showed, and the day they were last marked as shown. */
  private readonly kept = new Map<string, { shown: ChartDrawings; markedOn: IsoDate | null }>();
  /** By plan: its charts being drawn ahead, which a page or paper asked for meanwhile waits for rather than drawing them too. */
  private readonly drawingAhead = new Map<string, Promise<unknown>>();

  constructor(
    private readonly clock: Clock,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /**
   * What was drawn before of these charts, for a page or paper of `owner` (a plan's or snapshot's id), once any
   * drawing ahead of its charts is done. With `pictures`, a drawing in memory without its picture is looked for
   * in the database, where a paper on another instance may have kept one; where none has it, it is given without.
   * Without, the pictures are not read.
   */
  async of(owner: string, keys: readonly string[], { pictures }: { pictures: boolean }): Promise<ChartDrawings> {
    await this.drawingAhead.get(owner)?.catch(() => undefined);
    const inMemory = this.kept.get(owner)?.shown;
    const found: ChartDrawings = new Map();
    const wanted: string[] = [];
    for (const key of keys) {
      const drawing = inMemory?.get(key);
      if (drawing) found.set(key, drawing);
      if (!drawing || (pictures && !drawing.picture)) wanted.push(key);
    }
    if (wanted.length === 0) return found;
    const rows = await this.unitOfWork.read((manager) =>
      manager.find(ChartDrawingRow, {
        select: { key: true, svg: true, png: pictures, width: pictures, height: pictures },
        where: { key: In(wanted) },
      }),
    );
    for (const row of rows) if (!found.get(row.key)?.picture) found.set(row.key, drawingOf(row));
    return found;
  }

  /** Of these charts, those kept with their pictures, and the SVG of those kept without: what drawing ahead need not draw again. */
  async alreadyDrawn(keys: readonly string[]): Promise<{ pictured: Set<string>; svgOnly: ChartDrawings }> {
    if (keys.length === 0) return { pictured: new Set(), svgOnly: new Map() };
    const [pictured, svgOnly] = await this.unitOfWork.read(async (manager) => [
      await manager.find(ChartDrawingRow, { select: { key: true }, where: { key: In([...keys]), png: Not(IsNull()) } }),
      await manager.find(ChartDrawingRow, { select: { key: true, svg: true }, where: { key: In([...keys]), png: IsNull() } }),
    ]);
    return { pictured: new Set(pictured.map((row) => row.key)), svgOnly: new Map(svgOnly.map((row) => [row.key, { svg: row.svg }])) };
  }

  /** Runs the drawing ahead of `owner`'s charts, which its pages and papers asked for meanwhile wait for. */
  async drawingAheadOf<T>(owner: string, work: () => Promise<T>): Promise<T> {
    const drawing = work();
    this.drawingAhead.set(owner, drawing);
    try {
      return await drawing;
    } finally {
      if (this.drawingAhead.get(owner) === drawing) this.drawingAhead.delete(owner);
    }
  }

  /**
   * Keeps what a page or paper of `owner` showed, in memory for the next, and in the database the drawings made
   * for it (`drawn`: new charts, or pictures of charts drawn before only as SVG). What it showed is marked as
   * shown today (once a day for each plan or snapshot).
   */
  async keep(owner: string, shown: ChartDrawings, drawn: ChartDrawings): Promise<void> {
    const today = this.clock.today();
    const markedToday = this.kept.get(owner)?.markedOn === today;
    this.remember(owner, shown, markedToday ? today : null);
    if (drawn.size === 0 && markedToday) return;
    if (!(await this.write(drawn, [...shown.keys()], today))) return;
    // Unless a later page or paper has been kept meanwhile.
    const entry = this.kept.get(owner);
    if (entry?.shown === shown) entry.markedOn = today;
  }

  /** Writes drawings made ahead of any page or paper to the database alone. */
  async save(drawn: ChartDrawings): Promise<void> {
    await this.write(drawn, [...drawn.keys()], this.clock.today());
  }

  /**
   * Writes `drawn` and marks `used` as used today, in one transaction, and lets go of drawings unused for long.
   * Answers whether it could: the database's copy saves drawing again, and the page or paper stands without it.
   */
  private async write(drawn: ChartDrawings, used: string[], today: IsoDate): Promise<boolean> {
    const rows = [...drawn].map(([key, drawing]) => rowOf(key, drawing, today));
    const withPictures = rows.filter((row) => row.png !== null);
    const svgOnly = rows.filter((row) => row.png === null);
    return this.unitOfWork
      .write(async (manager) => {
        const insert = (values: ChartDrawingRow[]) => manager.createQueryBuilder().insert().into(ChartDrawingRow).values(values);
        // Another instance may have drawn the same charts meanwhile: the same drawings, so either is right, and a
        // drawing kept with its picture never loses it to one kept without.
        if (withPictures.length > 0) await insert(withPictures).orUpdate(['png', 'width', 'height', 'usedOn'], ['key']).execute();
        if (svgOnly.length > 0) await insert(svgOnly).orIgnore().execute();
        if (used.length > 0) await manager.update(ChartDrawingRow, { key: In(used), usedOn: LessThan(today) }, { usedOn: today });
        await manager.delete(ChartDrawingRow, { usedOn: LessThan(addDays(today, -DRAWINGS_UNUSED_FOR_DAYS)) });
      })
      .then(
        () => true,
        (error: unknown) => {
          this.logger.warn(`Could not keep ${drawn.size} drawings of charts: ${error instanceof Error ? error.message : String(error)}`);
          return false;
        },
      );
  }

  /** The last few plans' and snapshots' drawings, the latest kept last. */
  private remember(owner: string, shown: ChartDrawings, markedOn: IsoDate | null): void {
    this.kept.delete(owner);
    if (this.kept.size >= OWNERS_KEPT) this.kept.delete(this.kept.keys().next().value!);
    this.kept.set(owner, { shown, markedOn });
  }
}

function drawingOf(row: ChartDrawingRow): ChartDrawing {
  // Read without its picture (`of` without `pictures`), or kept without one.
  if (!row.png) return { svg: row.svg };
  return { svg: row.svg, picture: { png: new Uint8Array(Buffer.from(row.png, 'base64')), width: row.width!, height: row.height! } };
}

function rowOf(key: string, { svg, picture }: ChartDrawing, usedOn: IsoDate): ChartDrawingRow {
  return {
    key,
    svg,
    png: picture ? Buffer.from(picture.png.buffer, picture.png.byteOffset, picture.png.byteLength).toString('base64') : null,
    width: picture?.width ?? null,
    height: picture?.height ?? null,
    usedOn,
  };
}
