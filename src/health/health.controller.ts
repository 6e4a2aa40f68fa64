import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/access.decorators.js';
import { UnitOfWork } from '../database/unit-of-work.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  /** 200 while the database answers, 503 when it does not: for load balancers and monitoring. */
  @Get()
  @Public()
  async check(): Promise<{ status: 'ok' }> {
    try {
      await this.unitOfWork.read((manager) => manager.query('SELECT 1'));
      return { status: 'ok' };
    } catch {
      throw new ServiceUnavailableException({ status: 'unavailable', message: 'The database is not answering.' });
    }
  }
}
