import { Body, Controller, Get, HttpCode, Ip, Post, Redirect, Req, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor, type SignedInUser } from '../common/actor.js';
import { Allow, Public } from './access.decorators.js';
import { ChangePasswordDto, LoginDto, TokenAnswer } from './auth.dto.js';
import { AuthService } from './auth.service.js';
import { OidcService } from './oidc.service.js';

@ApiTags('sign-in')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly oidc: OidcService,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: TokenAnswer })
  @ApiUnauthorizedResponse({
    description: 'The email address and password do not match an active account (the answer does not say which).',
  })
  @ApiTooManyRequestsResponse({
    description: 'Too many failed attempts for this account or from this address; Retry-After says when to try again.',
  })
  login(@Body() dto: LoginDto, @Ip() address: string | undefined) {
    return this.auth.login(dto, address ?? 'unknown');
  }

  @Get('oidc/login')
  @Public()
  @Redirect()
  @ApiFoundResponse({ description: 'Sends the browser to the identity provider (OIDC_ISSUER) to sign in.' })
  async startSingleSignOn(@Res({ passthrough: true }) response: Response) {
    return { url: await this.oidc.start(response), statusCode: 302 };
  }

  @Get('oidc/callback')
  @Public()
  @ApiOkResponse({ type: TokenAnswer, description: 'Where the identity provider sends the browser back; answers with a token.' })
  async finishSingleSignOn(@Req() request: Request, @Res({ passthrough: true }) response: Response, @Ip() address: string | undefined) {
    return this.auth.signInWithProvider(await this.oidc.finish(request, response), address ?? 'unknown');
  }

  @Get('me')
  @Allow('account:self')
  me(@Actor() actor: SignedInUser) {
    return this.auth.me(actor);
  }

  @Post('password')
  @Allow('account:self')
  @HttpCode(204)
  changePassword(@Body() dto: ChangePasswordDto, @Actor() actor: SignedInUser, @Ip() address: string | undefined) {
    return this.auth.changePassword(actor, dto, address ?? 'unknown');
  }

  @Post('logout')
  @Allow('account:self')
  @HttpCode(204)
  signOut(@Actor() actor: SignedInUser) {
    return this.auth.signOut(actor);
  }
}
