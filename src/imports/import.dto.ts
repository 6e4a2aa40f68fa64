import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, ValidateNested } from 'class-validator';
import { CreateImprovementAreaDto } from '../improvement-areas/improvement-area.dto.js';
import { CreateInspectionDto } from '../inspections/inspection.dto.js';

/** An inspection with its draft areas: what committing an import creates, in one transaction. */
export class ImportedPlanDto extends CreateInspectionDto {
  @ApiPropertyOptional({ type: [CreateImprovementAreaDto], description: 'One draft area per recommendation.' })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => CreateImprovementAreaDto)
  improvementAreas: CreateImprovementAreaDto[];
}

/**
 * The user's corrections to a preview: each field given replaces what was found in the report
 * (a list replaces the whole list). An empty object commits the preview as it is.
 */
export class CommitImportDto extends PartialType(ImportedPlanDto) {}
