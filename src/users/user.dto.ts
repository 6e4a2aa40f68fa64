import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { REMINDER_DELIVERIES, type ReminderDelivery } from './user.entity.js';

export class UpdateUserPreferencesDto {
  @ApiProperty({ enum: REMINDER_DELIVERIES, description: 'digest: one email a day with everything; immediate: one email per reminder.' })
  @IsIn(REMINDER_DELIVERIES, { message: `reminderDelivery must be one of: ${REMINDER_DELIVERIES.join(', ')}` })
  reminderDelivery: ReminderDelivery;
}
