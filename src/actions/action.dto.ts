import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsCalendarDate, SingleLine } from '../common/validation.js';
import { PersonDto } from '../users/person.dto.js';
import { RAG_RATINGS, type RagRating } from './action.entity.js';

export class CreateActionDto {
  @ApiProperty({ example: 'Introduce monthly group supervision audits in every locality team.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  @SingleLine()
  title: string;

  @ApiPropertyOptional({ type: PersonDto, description: 'Who will do it. Assigning them records you as the assigner.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PersonDto)
  owner?: PersonDto;

  @ApiPropertyOptional({ example: '2024-10-31' })
  @IsOptional()
  @IsCalendarDate()
  dueOn?: string;

  @ApiPropertyOptional({ example: '90% of supervision records audited as good or better.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  successMeasure?: string;

  @ApiPropertyOptional({
    description: 'true confirms a due date that has already passed; without it, such a date is refused in case it was mistyped.',
  })
  @IsOptional()
  @IsBoolean()
  confirmPastDueOn?: boolean;
}

/** A new owner reassigns the action, and you become its assigner. */
export class UpdateActionDto extends PartialType(CreateActionDto) {
  @ApiProperty({ example: 1, description: 'The version you last read.' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({
    example: 'The new case management system goes live in March, not January: audits start once it has.',
    description:
      'Why the due date is moving: required once the plan has been sent to Ofsted. Kept in the history, and the committee paper gives it with the move.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class CreateProgressUpdateDto {
  @ApiProperty({ example: 'Audits started in two of five localities; first findings go to the board in May.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  text: string;

  @ApiProperty({ example: 40 })
  @IsInt()
  @Min(0)
  @Max(100)
  percentComplete: number;

  @ApiPropertyOptional({ enum: RAG_RATINGS, description: "The owner's rating; the update's text is kept as the reason for it." })
  @IsOptional()
  @IsIn(RAG_RATINGS)
  rag?: RagRating;

  @ApiPropertyOptional({ example: '2024-05-01', description: 'The date the update describes; defaults to today.' })
  @IsOptional()
  @IsCalendarDate()
  reportedOn?: string;

  @ApiPropertyOptional({
    example: 'An agency auditor starts on 3 June to clear the backlog in the two localities behind.',
    description: 'What is being done to bring the action back on track.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  mitigation?: string;

  @ApiPropertyOptional({ example: '2024-07-31', description: 'The date you now expect the action done; its due date is not changed.' })
  @IsOptional()
  @IsCalendarDate()
  revisedDueOn?: string;
}

/** Removing a mistaken action from a draft plan. */
export class RemoveActionDto {
  @ApiProperty({ example: 1, description: 'The version you last read.' })
  @IsInt()
  @Min(1)
  version: number;
}
