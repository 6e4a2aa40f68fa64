import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, MaxLength, Min, ValidateNested } from 'class-validator';
import { PersonDto } from '../users/person.dto.js';
import { SingleLine } from '../common/validation.js';

/** Short enough for a paragraph of a committee paper. */
export const NARRATIVE_MAX_LENGTH = 2000;

export class CreateImprovementAreaDto {
  @ApiProperty({ example: 'The quality of supervision, so that it consistently supports social workers to progress children’s plans.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  @SingleLine()
  title: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  description?: string;

  @ApiPropertyOptional({ example: 'Within three months' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  timeframe?: string;

  @ApiPropertyOptional({ type: PersonDto, description: 'The officer who leads the area.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PersonDto)
  leadOfficer?: PersonDto;
}

export class UpdateImprovementAreaDto extends PartialType(CreateImprovementAreaDto) {
  @ApiProperty({ example: 1, description: 'The version you last read.' })
  @IsInt()
  @Min(1)
  version: number;
}

/** The lead officer's account of progress on the area, for the committee; it replaces the one before. */
export class AreaNarrativeDto {
  @ApiProperty({
    example: 'Supervision audits are now monthly in every team; two localities are behind and have agency help until July.',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(NARRATIVE_MAX_LENGTH)
  narrative: string;

  @ApiProperty({ example: 1, description: 'The version of the area you last read.' })
  @IsInt()
  @Min(1)
  version: number;
}
