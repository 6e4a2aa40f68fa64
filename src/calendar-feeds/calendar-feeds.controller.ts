import { Controller, Delete, Get, HttpCode, Param, Post, StreamableFile } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import { Allow, Public } from '../auth/access.decorators.js';
import { Actor, type SignedInUser } from '../common/actor.js';
import { IdParam } from '../common/validation.js';
import { CalendarFeedsService } from './calendar-feeds.service.js';

/** Each route's second address is the one it had under /api/calendar: links already in people's calendars keep working. */
@ApiTags('calendar feeds')
@Controller('api')
export class CalendarFeedsController {
  constructor(private readonly feeds: CalendarFeedsService) {}

  @Post(['calendar-feeds', 'calendar/feeds'])
  @Allow('account:self')
  create(@Actor() actor: SignedInUser) {
    return this.feeds.create(actor);
  }

  @Delete(['calendar-feeds/:id', 'calendar/feeds/:id'])
  @Allow('account:self')
  @HttpCode(204)
  revoke(@IdParam() id: string, @Actor() actor: SignedInUser) {
    return this.feeds.revoke(id, actor);
  }

  @Delete('users/:id/calendar-feeds')
  @Allow('users:manage')
  @HttpCode(204)
  revokeAllOf(@IdParam() id: string, @Actor() actor: SignedInUser) {
    return this.feeds.revokeAllOf(id, actor);
  }

  // Calendar programs cannot sign in: the secret in the link is the credential. Like every API
  // answer it is sent with Cache-Control: no-store, so no proxy keeps a copy; calendars poll it anew.
  @Get(['calendar-feeds/:token.ics', 'calendar/:token.ics'])
  @Public()
  @ApiProduces('text/calendar')
  async feed(@Param('token') token: string) {
    // The type goes with the file, so an error still answers as JSON.
    return new StreamableFile(Buffer.from(await this.feeds.feed(token), 'utf8'), { type: 'text/calendar; charset=utf-8' });
  }
}
