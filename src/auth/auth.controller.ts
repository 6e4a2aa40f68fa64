import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Actor, type SignedInUser } from '../common/actor.js';
import { Allow, Public } from './access.decorators.js';
import { ChangePasswordDto, LoginDto, TokenAnswer } from './auth.dto.js';
import { AuthService } from './auth.service.js';

@ApiTags('sign-in')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: TokenAnswer })
  @ApiUnauthorizedResponse({ description: 'The email address and password do not match an active account (the answer does not say which).' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed attempts for this account or from this address; Retry-After says when to try again.' })
  login(@Body() dto: LoginDto, @Ip() address: string | undefined) {
    return this.auth.login(dto, address ?? 'unknown');
  }

  @Get('me')
  @Allow('account:self')
  me(@Actor() actor: SignedInUser) {
    return this.auth.me(actor);
  }

  @Post('password')
  @Allow('account:self')
  @HttpCode(204)
  changePassword(@Body() dto: ChangePasswordDto, @Actor() actor: SignedInUser) {
    return this.auth.changePassword(actor, dto);
  }

  @Post('logout')
  @Allow('account:self')
  @HttpCode(204)
  signOut(@Actor() actor: SignedInUser) {
    return this.auth.signOut(actor);
  }
}
