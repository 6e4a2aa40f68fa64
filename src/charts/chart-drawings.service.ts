import { Injectable } from '@nestjs/common';
import { In, LessThan } from 'typeorm';
import { Clock } from '../common/clock.js';
import { addDays, type IsoDate } from '../common/dates.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import type { ChartDrawing, ChartDrawings } from '../worker-pool/tasks.worker.js';
import { ChartDrawingRow } from './chart-drawing.entity.js';

/** Plans and snapshots whose last page's or paper's drawings are also kept in memory: some megabytes of pictures each for a large plan. */
const OWNERS_KEPT = 10;

/** A drawing that no page or paper has shown for this long is let go: a plan's charts change with its figures. */
export const DRAWINGS_UNUSED_FOR_DAYS = 90;

/**
 * Charts already drawn, by what each shows (`chartKey`): in the database, so that every instance of the service
 * and the service after a restart find them (drawing a large plan's 43 charts takes a worker some 6 seconds of
 * CPU), and those a plan's or snapshot's last page or paper showed in memory as well.
 */
@Injectable()
export class ChartDrawingStore {
  /** By plan or snapshot: the drawings its last page or paper showed, and the day they were last marked as shown. */
  private readonly kept = new Map<string, { shown: ChartDrawings; markedOn: IsoDate | null }>();

  constructor(
    private readonly clock: Clock,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /**
   * What was drawn before of these charts, for a page or paper of `owner` (a plan's or snapshot's id). With
   * `pictures`, a drawing in memory without its picture is looked for in the database, where a paper on
   * another instance may have kept one; where none has it, the drawing is given without.
   */
  async of(owner: string, keys: readonly string[], { pictures }: { pictures: boolean }): Promise<ChartDrawings> {
    const inMemory = this.kept.get(owner)?.shown;
    const found: ChartDrawings = new Map();
    const wanted: string[] = [];
    for (const key of keys) {
      const drawing = inMemory?.get(key);
      if (drawing) found.set(key, drawing);
      if (!drawing || (pictures && !drawing.picture)) wanted.push(key);
    }
    if (wanted.length === 0) return found;
    const rows = await this.unitOfWork.read((manager) => manager.find(ChartDrawingRow, { where: { key: In(wanted) } }));
    for (const row of rows) if (!found.get(row.key)?.picture) found.set(row.key, drawingOf(row));
    return found;
  }

  /**
   * Keeps what a page or paper of `owner` showed, in memory for the next, and in the database the drawings made
   * for it (`drawn`: new charts, or pictures of charts drawn before only as SVG). What it showed is marked as
   * shown today (once a day for each plan or snapshot), and drawings that nothing has shown for long are let go.
   */
  async keep(owner: string, shown: ChartDrawings, drawn: ChartDrawings): Promise<void> {
    const today = this.clock.today();
    const markedToday = this.kept.get(owner)?.markedOn === today;
    this.remember(owner, shown, markedToday ? today : null);
    if (drawn.size === 0 && markedToday) return;
    const rows = [...drawn].map(([key, drawing]) => rowOf(key, drawing, today));
    const withPictures = rows.filter((row) => row.png !== null);
    const svgOnly = rows.filter((row) => row.png === null);
    await this.unitOfWork.write(async (manager) => {
      const insert = (values: ChartDrawingRow[]) => manager.createQueryBuilder().insert().into(ChartDrawingRow).values(values);
      // Another instance may have drawn the same charts meanwhile: the same drawings, so either is right, and a
      // drawing kept with its picture never loses it to one kept without.
      if (withPictures.length > 0) await insert(withPictures).orUpdate(['png', 'width', 'height', 'usedOn'], ['key']).execute();
      if (svgOnly.length > 0) await insert(svgOnly).orIgnore().execute();
      if (shown.size > 0) await manager.update(ChartDrawingRow, { key: In([...shown.keys()]), usedOn: LessThan(today) }, { usedOn: today });
      await manager.delete(ChartDrawingRow, { usedOn: LessThan(addDays(today, -DRAWINGS_UNUSED_FOR_DAYS)) });
    });
    // Unless a later page or paper has been kept meanwhile.
    const entry = this.kept.get(owner);
    if (entry?.shown === shown) entry.markedOn = today;
  }

  /** The last few plans' and snapshots' drawings, the latest kept last. */
  private remember(owner: string, shown: ChartDrawings, markedOn: IsoDate | null): void {
    this.kept.delete(owner);
    if (this.kept.size >= OWNERS_KEPT) this.kept.delete(this.kept.keys().next().value!);
    this.kept.set(owner, { shown, markedOn });
  }
}

function drawingOf(row: ChartDrawingRow): ChartDrawing {
  if (row.png === null) return { svg: row.svg };
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
