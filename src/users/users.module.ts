import { Global, Module } from '@nestjs/common';
import { RemindersModule } from '../reminders/reminders.module.js';
import { FirstAdmin } from './first-admin.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

@Global()
@Module({ imports: [RemindersModule], controllers: [UsersController], providers: [FirstAdmin, UsersService], exports: [UsersService] })
export class UsersModule {}
