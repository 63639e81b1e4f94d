import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsUUID, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { NOTIFICATION_KINDS } from './notifications.projection';
import type { NotificationKind } from './notifications.projection';

export class NotificationPreferencesRequest {
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(NOTIFICATION_KINDS as unknown as string[], { each: true, message: `each value in $property must be one of: ${NOTIFICATION_KINDS.join(', ')}` })
  @ApiPropertyOptional({ enum: NOTIFICATION_KINDS, isArray: true })
  kinds?: NotificationKind[];

  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  follows?: string[];

  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(10)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(366, { each: true })
  @ApiPropertyOptional({ type: [Number], example: [30, 7, 1] })
  deadlineHorizonDays?: number[];

  @IsOptional() @IsBoolean() @ApiPropertyOptional() overdue?: boolean;
  @IsOptional() @IsBoolean() @ApiPropertyOptional() email?: boolean;
  @IsOptional() @IsBoolean() @ApiPropertyOptional() dailyDigest?: boolean;

  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsEmail({}, { message: '$property must be an e-mail address' })
  @MaxLength(254)
  @ApiPropertyOptional({ type: String, nullable: true, format: 'email', description: 'Where mail goes; needed to turn email on' })
  emailAddress?: string | null;
}
