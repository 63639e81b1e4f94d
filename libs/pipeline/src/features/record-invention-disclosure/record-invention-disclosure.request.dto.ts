import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsoDate, RecordId, Text } from '@app/platform';

export class RecordInventionDisclosureRequest {
  @RecordId({ description: 'Made by the server when left out' }) disclosureId?: string;
  @Text({ max: 500, example: 'Optical glucose sensing through the fingertip' }) title: string;
  @Text({ max: 4000, example: 'Near-infrared absorption measured through the fingertip, calibrated per patient.' })
  summary: string;
  @ApiProperty({ type: [String], maxItems: 50, example: ['Dr. Chen Wei', 'Zhang Hui'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(200, { each: true })
  inventors: string[];
  @IsoDate() disclosedOn: string;
}
