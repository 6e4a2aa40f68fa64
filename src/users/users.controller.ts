import { Body, Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/access.decorators.js';
import { Actor, type SignedInUser } from '../common/actor.js';
import { IdParam } from '../common/validation.js';
import { CreateUserDto, ResetPasswordDto, UpdateUserDto, UpdateUserPreferencesDto } from './user.dto.js';
import { UsersService } from './users.service.js';

/** Accounts, for admins: who may sign in, and with which role. */
@ApiTags('users')
@Controller('api/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Allow('users:manage')
  list() {
    return this.users.list();
  }

  /** Each person chooses how their own reminders come: one digest a day, or one email each. */
  @Patch('me/preferences')
  @Allow('account:self')
  updateOwnPreferences(@Body() dto: UpdateUserPreferencesDto, @Actor() actor: SignedInUser) {
    return this.users.updatePreferences(actor.id, dto, actor);
  }

  @Post()
  @Allow('users:manage')
  create(@Body() dto: CreateUserDto, @Actor() actor: SignedInUser) {
    return this.users.create(dto, actor);
  }

  @Get(':id')
  @Allow('users:manage')
  get(@IdParam() id: string) {
    return this.users.get(id);
  }

  @Patch(':id')
  @Allow('users:manage')
  update(@IdParam() id: string, @Body() dto: UpdateUserDto, @Actor() actor: SignedInUser) {
    return this.users.update(id, dto, actor);
  }

  @Post(':id/password')
  @Allow('users:manage')
  @HttpCode(204)
  resetPassword(@IdParam() id: string, @Body() dto: ResetPasswordDto, @Actor() actor: SignedInUser) {
    return this.users.resetPassword(id, dto, actor);
  }

  @Get(':id/history')
  @Allow('users:manage')
  history(@IdParam() id: string) {
    return this.users.history(id);
  }
}
