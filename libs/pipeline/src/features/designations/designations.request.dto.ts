import { IsoDate, OneOf, RecordId, Text } from '@app/platform';
import { DESIGNATION_PROGRAMMES } from '../../domain/templates';
import type { DesignationProgramme } from '../../domain/templates';

export class RecordDesignationRequest {
  @RecordId({ description: 'Made by the server when left out' }) designationId?: string;
  @OneOf(DESIGNATION_PROGRAMMES, {
    description:
      'The programme; its authority follows from it (fda_* FDA, nmpa_* NMPA, hsa_* HSA, ema_prime the EU target)',
  })
  programme: DesignationProgramme;
  @Text({ max: 200, example: 'Q250456' }) reference: string;
  @IsoDate() grantedOn: string;
}
