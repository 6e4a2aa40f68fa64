import { Body, Controller, Get, Patch, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { IdParam } from '../common/validation.js';
import { UpdateUserPreferencesDto } from './user.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Controller('api/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiQuery({ name: 'email', required: false })
  list(@Query('email') email?: string) {
    return this.users.list(email);
  }

  @Patch(':id/preferences')
  updatePreferences(@IdParam() id: string, @Body() dto: UpdateUserPreferencesDto) {
    return this.users.updatePreferences(id, dto);
  }
}
