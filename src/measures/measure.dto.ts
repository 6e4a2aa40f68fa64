import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
  registerDecorator,
  type ValidationOptions,
} from 'class-validator';
import { IsCalendarDate, SingleLine } from '../common/validation.js';
import { PersonDto } from '../users/person.dto.js';
import {
  isPeriod,
  MEASURE_DIRECTIONS,
  MEASURE_FREQUENCIES,
  MEASURE_UNITS,
  type MeasureDirection,
  type MeasureFrequency,
  type MeasureUnit,
} from './measure-rating.js';

/** Figures can be large (a count of children) but never beyond what a person would type. */
const LARGEST = 1_000_000_000;
const finite = { allowNaN: false, allowInfinity: false, maxDecimalPlaces: 4 };

/** A month written YYYY-MM, such as 2025-03 for March 2025. */
function IsPeriod(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isPeriod',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: { validate: (value: unknown) => isPeriod(value) },
    });
}

/**
 * A nested object, not a list or a single value: class-validator's nested checks pass an empty list,
 * which would reach the service as a baseline with no value. `rule` names the words it is refused in.
 */
function IsPlainObject(rule: 'isPoint' | 'isPerson', options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: rule,
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: { validate: (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value) },
    });
}

/** A value on a date: the baseline, the target, a milestone. */
export class PointDto {
  @ApiProperty({ example: 62.5 })
  @IsNumber(finite)
  @Min(-LARGEST)
  @Max(LARGEST)
  value: number;

  @ApiProperty({ example: '2024-03-31' })
  @IsCalendarDate()
  on: string;
}

export class CreateMeasureDto {
  @ApiProperty({ example: 'Children seen within 5 working days of a strategy discussion' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @SingleLine()
  name: string;

  @ApiProperty({ example: 'Of the strategy discussions held in the month, the share whose child was seen within 5 working days.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  definition: string;

  @ApiProperty({ enum: MEASURE_UNITS, description: 'percent, count, days, or rate_per_10000 (per 10,000 children).' })
  @IsIn(MEASURE_UNITS)
  unit: MeasureUnit;

  @ApiProperty({ enum: MEASURE_DIRECTIONS, description: 'Which way is better: a higher value, or a lower one.' })
  @IsIn(MEASURE_DIRECTIONS)
  direction: MeasureDirection;

  @ApiProperty({ type: PointDto, description: 'Where the measure started, and when.' })
  @IsPlainObject('isPoint')
  @ValidateNested()
  @Type(() => PointDto)
  baseline: PointDto;

  @ApiProperty({ type: PointDto, description: 'Where it should be, and by when; after the baseline.' })
  @IsPlainObject('isPoint')
  @ValidateNested()
  @Type(() => PointDto)
  target: PointDto;

  @ApiPropertyOptional({ type: [PointDto], description: 'Points on the way, between the baseline and the target.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(60)
  @IsPlainObject('isPoint', { each: true })
  @ValidateNested({ each: true })
  @Type(() => PointDto)
  milestones?: PointDto[];

  @ApiProperty({ example: 'Liquidlogic, monthly performance report' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  @SingleLine()
  dataSource: string;

  @ApiProperty({ type: PersonDto, description: 'Who enters the figures; found by email, recorded on first mention.' })
  @IsPlainObject('isPerson')
  @ValidateNested()
  @Type(() => PersonDto)
  owner: PersonDto;

  @ApiProperty({
    enum: MEASURE_FREQUENCIES,
    description: 'How often a value is due: every month, or every quarter (for the months March, June, September and December).',
  })
  @IsIn(MEASURE_FREQUENCIES)
  frequency: MeasureFrequency;

  @ApiPropertyOptional({ format: 'uuid', description: 'The action of the area this measures, when it measures one action.' })
  @IsOptional()
  @IsUUID('all')
  actionId?: string;
}

/** Any field of a new measure but its area and action, with the version you read. */
export class UpdateMeasureDto extends PartialType(OmitType(CreateMeasureDto, ['actionId'] as const)) {
  @ApiProperty({ example: 1, description: 'The version you last read.' })
  @IsInt()
  @Min(1)
  version: number;
}

export class MeasureValueDto {
  @ApiProperty({ example: '2025-03', description: 'The month the value is for (a quarterly measure: the quarter’s last month).' })
  @IsPeriod()
  period: string;

  @ApiProperty({ example: 62 })
  @IsNumber(finite)
  @Min(-LARGEST)
  @Max(LARGEST)
  value: number;

  @ApiPropertyOptional({ example: 'Two teams short of staff in March.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiPropertyOptional({ description: 'true corrects a value already entered for the period; without it, a second value is refused.' })
  @IsOptional()
  @IsBoolean()
  replace?: boolean;
}

/** Recording a previewed upload of values. */
export class CommitUploadDto {
  @ApiPropertyOptional({
    description: 'true when the upload corrects values entered before (rows whose `replaces` is a number): its values replace them.',
  })
  @IsOptional()
  @IsBoolean()
  replace?: boolean;

  @ApiPropertyOptional({
    description:
      'The preview’s `checkedAgainst`: the upload is then refused (409) if a value for one of its months was entered or changed since that preview, so that it saves what was checked.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  checkedAgainst?: string;
}

/** A spreadsheet of values, as CSV text: the headings measure, month, value, note, then a row per value. Absent when the spreadsheet is sent as a file. */
export class MeasureUploadDto {
  @ApiPropertyOptional({
    example: 'measure,month,value,note\nChildren seen within 5 working days,2025-03,62,Two teams short of staff\n',
    description: 'CSV: measure (its name), month (2025-03, March 2025, Mar-25 or 03/2025), value, note (optional).',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500_000)
  csv?: string;
}
