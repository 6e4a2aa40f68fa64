import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { Actor, type SignedInUser } from '../common/actor.js';
import { IdParam } from '../common/validation.js';
import { Allow } from './access.decorators.js';
import { ApiTokensQuery, IssueApiTokenDto } from './auth.dto.js';
import { ApiTokensService } from './api-tokens.service.js';

/** Long-lived tokens for integrations, each acting as one user with that user's role. */
@ApiTags('API tokens')
@Controller('api/api-tokens')
export class ApiTokensController {
  constructor(private readonly apiTokens: ApiTokensService) {}

  @Get()
  @Allow('users:manage')
  list(@Query() query: ApiTokensQuery) {
    return this.apiTokens.list(query);
  }

  @Post()
  @Allow('users:manage')
  @ApiCreatedResponse({ description: 'The new token, with its id and expiry. The token is in this answer only: just its hash is kept.' })
  issue(@Body() dto: IssueApiTokenDto, @Actor() actor: SignedInUser) {
    return this.apiTokens.issue(dto, actor);
  }

  @Delete(':id')
  @Allow('users:manage')
  @HttpCode(204)
  revoke(@IdParam() id: string, @Actor() actor: SignedInUser) {
    return this.apiTokens.revoke(id, actor);
  }
}
