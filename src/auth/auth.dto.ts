import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { MIN_PASSWORD_LENGTH } from '../config/environment.js';
import { IsCalendarDate, SingleLine } from '../common/validation.js';

// Long enough for any passphrase; short enough that nobody can make the server hash a megabyte.
const MAX_PASSWORD_LENGTH = 200;

/** A password someone chooses: NCSC-style length, no composition rules. */
export function IsNewPassword(): PropertyDecorator {
  return (target, property) => {
    IsString()(target, property);
    MinLength(MIN_PASSWORD_LENGTH)(target, property);
    MaxLength(MAX_PASSWORD_LENGTH)(target, property);
  };
}

export class LoginDto {
  @ApiProperty({ example: 'dana.deputy@oxfordshire.gov.uk' })
  @IsString()
  @MaxLength(320)
  @SingleLine()
  email: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @MaxLength(MAX_PASSWORD_LENGTH)
  password: string;
}

export class TokenAnswer {
  @ApiProperty({ description: 'Send it as Authorization: Bearer <token>. Shown only this once.' })
  token: string;

  @ApiProperty({ example: '2024-04-15T17:00:00.000Z', nullable: true, type: String })
  expiresAt: string | null;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @MaxLength(MAX_PASSWORD_LENGTH)
  currentPassword: string;

  @ApiProperty({ example: 'kettle orchard tuesday', description: `At least ${MIN_PASSWORD_LENGTH} characters.` })
  @IsNewPassword()
  newPassword: string;
}

export class IssueApiTokenDto {
  @ApiProperty({ description: 'The user the integration acts as; it gets exactly their role.' })
  @IsUUID('all')
  userId: string;

  @ApiProperty({ example: 'Performance dashboard' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  @SingleLine()
  name: string;

  @ApiPropertyOptional({ example: '2025-03-31', description: 'The last day it works; without it, it works until revoked.' })
  @IsOptional()
  @IsCalendarDate()
  expiresOn?: string;
}

export class ApiTokensQuery {
  @ApiPropertyOptional({ description: "Only this user's tokens." })
  @IsOptional()
  @IsUUID('all')
  userId?: string;
}

export class SignInsQuery {
  @ApiPropertyOptional({ description: 'Only attempts with this email address.' })
  @IsOptional()
  @IsEmail({ require_tld: false })
  @SingleLine()
  email?: string;
}
