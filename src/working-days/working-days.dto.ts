import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { IsCalendarDate } from '../common/validation.js';

export class WorkingDaysQuery {
  @ApiProperty({ example: '2024-04-09', description: 'Start date (YYYY-MM-DD); counting begins the day after.' })
  @IsCalendarDate()
  from: string;

  @ApiProperty({ example: 70, description: 'Working days to add.' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1000)
  add: number;
}

export class WorkingDaysAnswer {
  @ApiProperty({ example: '2024-07-18' })
  date: string;
}
