import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { SingleLine } from '../common/validation.js';

/** Someone named in a plan: found by email, created on first mention. */
export class PersonDto {
  @ApiProperty({ example: 'Sam Patel' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @SingleLine()
  name: string;

  @ApiProperty({ example: 'sam.patel@oxfordshire.gov.uk' })
  @IsEmail()
  @MaxLength(320)
  @SingleLine()
  email: string;
}
