import { Global, Module } from '@nestjs/common';
import { FirstAdmin } from './first-admin.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

@Global()
@Module({ controllers: [UsersController], providers: [FirstAdmin, UsersService], exports: [UsersService] })
export class UsersModule {}
