import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';

/** An event sent to a workflow: what to do, the version the sender last saw, and why. */
export class WorkflowEventDto {
  @ApiProperty({ example: 'SUBMIT', description: 'See GET /api/workflows for the events each state accepts.' })
  @IsString()
  @Matches(/^[A-Z][A-Z_]*$/)
  type: string;

  @ApiProperty({ example: 1, description: 'The version you last read; a newer one means someone else changed it first.' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({ example: 'Approved by cabinet on 16 July 2024.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}
