import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsNotEmpty, IsOptional, IsString, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsCalendarDate, SingleLine } from '../common/validation.js';
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

  @ApiPropertyOptional({ example: '2024-04-09', description: 'When the council received the report; defaults to publishedOn.' })
  @IsOptional()
  @IsCalendarDate()
  receivedOn?: string;

  @ApiPropertyOptional({ example: false, description: 'Ofsted named areas for priority action.' })
  @IsOptional()
  @IsBoolean()
  priorityAction?: boolean;

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

/** Any detail but the council, framework and judgements can be corrected; correcting receivedOn recomputes the deadline. */
export class UpdateInspectionDto extends PartialType(OmitType(CreateInspectionDto, ['authority', 'framework', 'judgements'] as const)) {
  @ApiProperty({ example: 1, description: 'The version you last read.' })
  @IsInt()
  @Min(1)
  version: number;
}
