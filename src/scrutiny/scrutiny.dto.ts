import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate, SingleLine } from '../common/validation.js';
import { REVIEW_OUTCOMES, type ReviewOutcome } from './review-outcomes.js';

export class AreaOutcomeDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  areaId: string;

  @ApiProperty({
    enum: REVIEW_OUTCOMES,
    description: 'assured closes the area; progress_assured, further_assurance and escalated send it back to delivery.',
  })
  @IsIn(REVIEW_OUTCOMES)
  outcome: ReviewOutcome;

  @ApiPropertyOptional({
    example: 'How many children waited more than 20 days for pre-proceedings?',
    description: "The committee's questions, or why it escalated; required for both.",
  })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  comment?: string;
}

export class RecordReviewDto {
  @ApiPropertyOptional({
    example: 'Education and Young People Overview & Scrutiny Committee',
    description: "Defaults to the inspection's scrutiny committee.",
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @SingleLine()
  committee?: string;

  @ApiProperty({ example: '2025-01-16' })
  @IsCalendarDate()
  meetingOn: string;

  @ApiProperty({ type: [AreaOutcomeDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => AreaOutcomeDto)
  outcomes: AreaOutcomeDto[];
}

export class RescheduleReviewDto {
  @ApiProperty({ example: '2025-01-16', description: 'The date of the meeting at which the committee will hold this review.' })
  @IsCalendarDate()
  dueOn: string;
}
