import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsNotEmpty, IsOptional, IsString, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsCalendarDate, SingleLine } from '../common/validation.js';
import { WorkflowEventDto } from '../moves/workflow-event.dto.js';
import { PersonDto } from '../users/person.dto.js';

export class JudgementDto {
  @ApiProperty({ example: 'The impact of leaders on social work practice with children and families' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  area: string;

  @ApiProperty({ example: 'good', description: "A grade key from the framework's scale (see config/frameworks.yaml)." })
  @IsString()
  @IsNotEmpty()
  grade: string;
}

export class CreateInspectionDto {
  @ApiProperty({ example: 'Oxfordshire County Council' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @SingleLine()
  authority: string;

  @ApiProperty({ example: 'ILACS', description: 'A framework code from config/frameworks.yaml.' })
  @IsString()
  @IsNotEmpty()
  framework: string;

  @ApiPropertyOptional({ example: '2024-02-12' })
  @IsOptional()
  @IsCalendarDate()
  startedOn?: string;

  @ApiPropertyOptional({ example: '2024-02-23' })
  @IsOptional()
  @IsCalendarDate()
  endedOn?: string;

  @ApiPropertyOptional({ example: 'Lead inspector name' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @SingleLine()
  leadInspector?: string;

  @ApiProperty({ example: '2024-04-09' })
  @IsCalendarDate()
  publishedOn: string;

  @ApiPropertyOptional({
    example: '2024-04-09',
    description:
      'When the council received the report. Until it is given, publishedOn stands in for it and the dates counted from it are provisional.',
  })
  @IsOptional()
  @IsCalendarDate()
  receivedOn?: string;

  @ApiPropertyOptional({ example: false, description: 'Ofsted named areas for priority action.' })
  @IsOptional()
  @IsBoolean()
  priorityAction?: boolean;

  @ApiPropertyOptional({
    example: '2014-10-06',
    nullable: true,
    description:
      "The date Ofsted's letter gives for the final plan: once recorded, it is the deadline, whatever the count from receipt gives. null removes it.",
  })
  @IsOptional()
  @IsCalendarDate()
  statedActionPlanDueOn?: string | null;

  @ApiPropertyOptional({
    example: '2024-05-07',
    nullable: true,
    description: "The date Ofsted's letter gives for the draft plan (a focused visit with areas for priority action). null removes it.",
  })
  @IsOptional()
  @IsCalendarDate()
  statedDraftPlanDueOn?: string | null;

  @ApiPropertyOptional({
    example: true,
    nullable: true,
    description:
      "A JTAI: whether Ofsted's letter requires a written statement of proposed action. Until it is recorded the service counts one as required.",
  })
  @IsOptional()
  @IsBoolean()
  statementRequired?: boolean | null;

  @ApiPropertyOptional({
    example: 'Thames Valley Police',
    nullable: true,
    description: "A JTAI: the principal authority Ofsted's letter names to lead the written statement; it may be a partner agency.",
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @SingleLine()
  principalAuthority?: string | null;

  @ApiPropertyOptional({ example: 'good' })
  @IsOptional()
  @IsString()
  overallEffectiveness?: string;

  @ApiPropertyOptional({ type: PersonDto, description: 'Who leads the plan: warned as the statutory deadline approaches.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PersonDto)
  planLead?: PersonDto;

  @ApiPropertyOptional({
    example: 'Education and Young People Overview & Scrutiny Committee',
    description: 'The committee that reviews progress.',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @SingleLine()
  scrutinyCommittee?: string;

  @ApiPropertyOptional({ type: PersonDto, description: "The committee's clerk: reminded as each review approaches." })
  @IsOptional()
  @ValidateNested()
  @Type(() => PersonDto)
  scrutinyClerk?: PersonDto;

  @ApiPropertyOptional({ type: [JudgementDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => JudgementDto)
  judgements?: JudgementDto[];
}

/** Any detail but the framework and judgements can be corrected; correcting receivedOn recomputes the deadline. */
export class UpdateInspectionDto extends PartialType(OmitType(CreateInspectionDto, ['framework', 'judgements'] as const)) {
  @ApiProperty({ example: 1, description: 'The version you last read.' })
  @IsInt()
  @Min(1)
  version: number;
}

/** An event for the plan: approval, submission and the draft plan take the day they actually happened. */
export class PlanEventDto extends WorkflowEventDto {
  @ApiPropertyOptional({
    example: '2024-07-18',
    description:
      'For APPROVE, SUBMIT and SEND_DRAFT: the day it actually happened, if not today (never in the future; a back-dated step needs a comment saying why). Lateness is judged on it.',
  })
  @IsOptional()
  @IsCalendarDate()
  happenedOn?: string;
}
