import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeController, ApiExtension, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { PERMISSIONS, type Permission } from './permissions.js';

export const ACCESS = Symbol('access');
export type AccessRule = { permission: Permission } | { public: true };

/**
 * Who may call this route: a signed-in user whose role holds `permission`. The rule is also
 * written into the OpenAPI description (x-permission), where clients and the access tests read it.
 */
export const Allow = (permission: Permission) =>
  applyDecorators(
    SetMetadata(ACCESS, { permission } satisfies AccessRule),
    ApiBearerAuth(),
    ApiExtension('x-permission', permission),
    ApiUnauthorizedResponse({ description: 'No token, or one that has expired or been revoked.' }),
    ApiForbiddenResponse({ description: `Your role does not hold ${permission}: ${PERMISSIONS[permission].means}` }),
  );

/** Anyone may call this route without signing in. Every route is either this or @Allow(): the guard refuses the rest. */
export const Public = () => applyDecorators(SetMetadata(ACCESS, { public: true } satisfies AccessRule), ApiExtension('x-public', true));

export const PAGE = Symbol('page');

/**
 * A controller of web pages: the guard reads the session cookie instead of a bearer token, checks
 * the form token on every write, and the pages stay out of the API description.
 */
export const Pages = () => applyDecorators(SetMetadata(PAGE, true), ApiExcludeController());
