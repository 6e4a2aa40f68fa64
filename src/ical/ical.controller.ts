import { Controller, Delete, Get, Header, HttpCode, Param, Post, StreamableFile } from '@nestjs/common';
import { ApiHeader, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor.js';
import { IdParam } from '../common/validation.js';
import { PersonDto } from '../users/person.dto.js';
import { IcalService } from './ical.service.js';

@ApiTags('calendar')
@Controller('api/calendar')
export class IcalController {
  constructor(private readonly ical: IcalService) {}

  @Post('feeds')
  @ApiHeader({ name: 'X-Actor-Email', required: false, description: 'Whose calendar: the link shows their deadlines.' })
  create(@Actor() actor: PersonDto) {
    return this.ical.create(actor);
  }

  @Delete('feeds/:id')
  @HttpCode(204)
  @ApiHeader({ name: 'X-Actor-Email', required: false, description: 'The feed’s owner.' })
  revoke(@IdParam() id: string, @Actor() actor: PersonDto) {
    return this.ical.revoke(id, actor);
  }

  @Get(':token.ics')
  @Header('Cache-Control', 'private, no-cache')
  @ApiProduces('text/calendar')
  async feed(@Param('token') token: string) {
    // The type goes with the file, so an error still answers as JSON.
    return new StreamableFile(Buffer.from(await this.ical.feed(token), 'utf8'), { type: 'text/calendar; charset=utf-8' });
  }
}
