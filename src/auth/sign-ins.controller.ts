import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Allow } from './access.decorators.js';
import { SignInsQuery } from './auth.dto.js';
import { AuthService } from './auth.service.js';

@ApiTags('sign-in')
@Controller('api/sign-ins')
export class SignInsController {
  constructor(private readonly auth: AuthService) {}

  /** Every attempt to sign in, newest first (the last 200): who, from where, and whether it worked. */
  @Get()
  @Allow('users:manage')
  list(@Query() query: SignInsQuery) {
    return this.auth.signIns(query);
  }
}
