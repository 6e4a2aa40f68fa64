import { Controller, Delete, Get, Header, HttpCode, Param, Post, StreamableFile } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import { Allow, Public } from '../auth/access.decorators.js';
import { Actor, type SignedInUser } from '../common/actor.js';
import { IdParam } from '../common/validation.js';
import { IcalService } from './ical.service.js';

@ApiTags('calendar')
@Controller('api/calendar')
export class IcalController {
  constructor(private readonly ical: IcalService) {}

  @Post('feeds')
  @Allow('account:self')
  create(@Actor() actor: SignedInUser) {
    return this.ical.create(actor);
  }

  @Delete('feeds/:id')
  @Allow('account:self')
  @HttpCode(204)
  revoke(@IdParam() id: string, @Actor() actor: SignedInUser) {
    return this.ical.revoke(id, actor);
  }

  // Calendar programs cannot sign in: the secret in the link is the credential.
  @Get(':token.ics')
  @Public()
  @Header('Cache-Control', 'private, no-cache')
  @ApiProduces('text/calendar')
  async feed(@Param('token') token: string) {
    // The type goes with the file, so an error still answers as JSON.
    return new StreamableFile(Buffer.from(await this.ical.feed(token), 'utf8'), { type: 'text/calendar; charset=utf-8' });
  }
}
