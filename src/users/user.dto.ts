import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsNewPassword } from '../auth/auth.dto.js';
import { ROLES, type Role } from '../auth/permissions.js';
import { PersonDto } from './person.dto.js';
import { REMINDER_DELIVERIES, type ReminderDelivery } from './user.entity.js';
import { SingleLine } from '../common/validation.js';

export class CreateUserDto extends PersonDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({
    description: 'A first password, to be changed at first sign-in. Leave it out for people who sign in through single sign-on.',
  })
  @IsOptional()
  @IsNewPassword()
  password?: string;

  @ApiPropertyOptional({
    description: "true for an integration's account rather than a person's: it has no password, and only it can be issued API tokens.",
  })
  @IsOptional()
  @IsBoolean()
  serviceAccount?: boolean;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @SingleLine()
  name?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ description: 'false deactivates the account: its tokens stop working at once.' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class ResetPasswordDto {
  @ApiProperty({ description: 'A temporary password: the user must choose a new one when they next sign in.' })
  @IsNewPassword()
  password: string;
}

export class UpdateUserPreferencesDto {
  @ApiProperty({ enum: REMINDER_DELIVERIES, description: 'digest: one email a day with everything; immediate: one email per reminder.' })
  @IsIn(REMINDER_DELIVERIES)
  reminderDelivery: ReminderDelivery;
}
