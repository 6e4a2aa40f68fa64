import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, MaxLength, Min, ValidateNested } from 'class-validator';
import { PersonDto } from '../users/person.dto.js';
import { SingleLine } from '../common/validation.js';

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
