import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { ValidateBy, ValidateIf } from 'class-validator';
import { Nested, OneOf, Text } from '@app/platform';
import { GATE_DECISIONS, MAX_CONDITIONS_PER_GO, STAGES } from '../../domain';
import { GoConditionDto } from '../conditions/conditions.request.dto';
import type { GateDecision, Stage } from '../../domain';

type DecisionRule = Partial<Record<GateDecision, 'required' | 'optional'>>;

/**
 * A field that belongs to some decisions only: validated when given or when the decision requires it,
 * refused for any other decision (a silently ignored field would misstate what was signed).
 */
function ForDecisions(rule: DecisionRule, description: string): PropertyDecorator {
  const decisions = Object.keys(rule).join(', ');
  const decisionOf = (o: object) => (o as { decision?: GateDecision }).decision;
  return applyDecorators(
    ValidateIf((o: object, value: unknown) => value !== undefined || rule[decisionOf(o) as GateDecision] === 'required'),
    ValidateBy({
      name: 'forDecisions',
      validator: {
        validate: (_value: unknown, args) => decisionOf(args!.object) !== undefined && decisionOf(args!.object)! in rule,
        defaultMessage: () => `$property applies only to decision ${decisions}`,
      },
    }),
    // Applied after the field's own decorator, so the schema keeps its type and shows it as optional.
    ApiPropertyOptional({ description }),
  );
}

export class SignatureDto {
  @Text({ max: 200, example: 'approved to advance' }) meaning: string;
  @Text({ optional: true, max: 200, example: 'Li Na', description: 'The signer’s printed name: the account’s name. Optional; when given it must equal it.' })
  printedName?: string;
  // Either credential re-authenticates the signer in this very request; neither is ever recorded.
  @Text({ optional: true, max: 256, description: 'AUTH_MODE=builtin: the signer re-enters their password to sign' })
  password?: string;
  @Text({ optional: true, max: 8192, description: 'AUTH_MODE=oidc: a token the issuer issued to the signer within OIDC_SIGNATURE_MAX_AGE_SECONDS (auth_time)' })
  token?: string;
}

export class GateDecisionRequest {
  @OneOf(GATE_DECISIONS) decision: GateDecision;

  @ForDecisions({ go: 'optional' }, 'go only: the stage to enter; left out, the next stage (regulatory_review from prototype takes the class I/II equivalence route)')
  @OneOf(STAGES)
  targetStage?: Stage;

  @ForDecisions({ go: 'optional' }, "go only, for a project bound to a template: the bound version's stage id to enter (one of the project's goTargets); left out, the next stage")
  @Text({ max: 100, example: 'regulatory_review' })
  targetTemplateStage?: string;

  @ForDecisions({ recycle: 'required' }, 'recycle only, required: the earlier stage to go back to')
  @OneOf(STAGES)
  toStage?: Stage;

  @ForDecisions(
    { kill: 'required', hold: 'required', recycle: 'required', resume: 'optional' },
    'Required for kill, hold and recycle; optional for resume; not taken with go',
  )
  @Text({ max: 2000, example: 'Partner withdrew funding' })
  reason?: string;

  @ForDecisions(
    { go: 'optional' },
    'go only: a conditional go. Each condition names its text, owner (a person on the active team) and due day (today or later); the next go is refused while any is open (409 conditions_open)',
  )
  @Nested(() => GoConditionDto, { array: true, maxItems: MAX_CONDITIONS_PER_GO })
  conditions?: GoConditionDto[];

  @Nested(() => SignatureDto) signature: SignatureDto;
}
