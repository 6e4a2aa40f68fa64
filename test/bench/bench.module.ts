import { Body, Controller, Get, HttpCode, Module, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsInt } from 'class-validator';
import { Action } from '../../src/actions/action.entity.js';
import { Allow, Public } from '../../src/auth/access.decorators.js';
import { StaleVersionError } from '../../src/common/errors.js';
import { IdParam } from '../../src/common/validation.js';
import { updateRowVersioned } from '../../src/database/prepared-rows.js';
import { UnitOfWork } from '../../src/database/unit-of-work.js';

class BareUpdateDto {
  @IsInt()
  version: number;
}

/**
 * Only in the benchmark's app, never in production routes: the ceiling (a constant through the
 * same Nest stack) and the bare versioned update a workflow transition is compared with.
 */
@ApiExcludeController()
@Controller('bench')
class BenchController {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  @Get('constant')
  @Public()
  constant() {
    return { ok: true };
  }

  /**
   * The same row, the same sign-in and version check, one versioned UPDATE through the same prepared
   * statement layer a transition's own write takes: the workflow, audit and reminders left out.
   */
  @Post('actions/:id/bare')
  @HttpCode(200)
  @Allow('action:update')
  bare(@IdParam() id: string, @Body() dto: BareUpdateDto) {
    return this.unitOfWork.write(async (manager) => {
      const written = await updateRowVersioned(
        manager,
        Action,
        { id, version: dto.version },
        { rag: dto.version % 2 === 0 ? 'green' : 'amber' },
      );
      if (!written) throw new StaleVersionError('action', dto.version, dto.version + 1);
      return { id, version: dto.version + 1 };
    });
  }

  /** The baseline of runs before 3 December's groundwork change: the same update through TypeORM's query builder. */
  @Post('actions/:id/bare-typeorm')
  @HttpCode(200)
  @Allow('action:update')
  bareThroughTypeOrm(@IdParam() id: string, @Body() dto: BareUpdateDto) {
    return this.unitOfWork.write(async (manager) => {
      const result = await manager.update(Action, { id, version: dto.version }, { rag: dto.version % 2 === 0 ? 'green' : 'amber' });
      if (result.affected !== 1) throw new StaleVersionError('action', dto.version, dto.version + 1);
      return { id, version: dto.version + 1 };
    });
  }
}

@Module({ controllers: [BenchController] })
export class BenchModule {}
