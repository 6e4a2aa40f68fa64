import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard } from './access.guard.js';
import { ApiTokensController } from './api-tokens.controller.js';
import { ApiTokensService } from './api-tokens.service.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { OidcService } from './oidc.service.js';
import { Passwords } from './passwords.js';
import { SignInsController } from './sign-ins.controller.js';
import { TokensService } from './tokens.service.js';

/** Signing in (password, single sign-on, API tokens) and the guard that checks every request. */
@Global()
@Module({
  controllers: [ApiTokensController, AuthController, SignInsController],
  providers: [{ provide: APP_GUARD, useClass: AccessGuard }, ApiTokensService, AuthService, OidcService, Passwords, TokensService],
  exports: [ApiTokensService, AuthService, OidcService, Passwords, TokensService],
})
export class AuthModule {}
