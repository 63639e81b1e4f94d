import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CommandAcceptedResponse } from '../../application';

export const SIGNING_OUTCOMES = ['signature_collected', 'stage_advanced'] as const;
export type SigningOutcome = (typeof SIGNING_OUTCOMES)[number];

export class GateSigningOutcome {
  @ApiProperty({
    enum: SIGNING_OUTCOMES,
    description:
      'signature_collected: the gate’s rule needs more signers (GateSignatureCollected); stage_advanced: the stage moved',
  })
  outcome: SigningOutcome;
  @ApiProperty({
    example: ['1 more signature(s) from innovation_office or management.'],
    description: 'What the rule still lacks',
  })
  missing: string[];
}

export class GateDecisionAcceptedResponse extends CommandAcceptedResponse {
  @ApiPropertyOptional({
    type: GateSigningOutcome,
    description: 'A go on a project under a pathway template: whether this signature moved the stage or was collected',
  })
  signing?: GateSigningOutcome;
}
