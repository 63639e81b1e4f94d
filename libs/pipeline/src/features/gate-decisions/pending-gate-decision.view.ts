import { ApiProperty } from '@nestjs/swagger';
import { collectedOf, personKey, ROLES, STAGES, standingSignatures } from '../../domain';
import type { ProjectState, Role, Stage } from '../../domain';
import { evaluateApproval } from '../../domain/templates';
import type { ApprovalRule } from '../../domain/templates';

class ApprovalRuleView {
  @ApiProperty({ example: 2, description: 'How many people must sign, each counted once whatever accounts they hold' })
  signatures: number;
  @ApiProperty({ enum: ROLES, isArray: true, description: 'The roles whose signatures count' }) roles: Role[];
  @ApiProperty({
    required: false,
    example: { innovation_office: 1 },
    description: 'At least this many signatures in a role',
  })
  minimumPerRole?: Partial<Record<Role, number>>;
  @ApiProperty({ description: 'At least one signer outside the project’s active team' }) independentReviewer: boolean;
}

class StandingSignatureView {
  @ApiProperty({ example: 12, description: 'Revision of the GateSignatureCollected event: the signature’s id' })
  signatureRevision: number;
  @ApiProperty({ example: 'office-li', description: 'The person who signed' }) signerId: string;
  @ApiProperty({ required: false, example: 'office-li', description: 'The account they signed with' }) account?: string;
  @ApiProperty({ example: 'Li Na' }) printedName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ example: 'approved to advance' }) meaning: string;
  @ApiProperty({ format: 'date-time' }) signedAt: string;
  @ApiProperty({ example: 11, description: 'The revision signed: the decision’s bound revision' })
  signedRevision: number;
  @ApiProperty({ required: false, description: 'sha256 of the record up to signedRevision' }) contentHash?: string;
  @ApiProperty({
    description: 'Outside the project’s active team (may meet the independent-reviewer part of the rule)',
  })
  independent: boolean;
}

class PendingGoView {
  @ApiProperty({ enum: ['go'] }) decision: 'go';
  @ApiProperty({ example: 'design_verification' }) fromTemplateStage: string;
  @ApiProperty({ example: 'premarket_review' }) toTemplateStage: string;
  @ApiProperty({ enum: STAGES }) fromStage: Stage;
  @ApiProperty({ enum: STAGES }) toStage: Stage;
  @ApiProperty({
    example: 11,
    description:
      'Every signature of this decision signs this revision (the last change to the record); a change to the record invalidates them',
  })
  boundRevision: number;
  @ApiProperty({ type: ApprovalRuleView }) rule: ApprovalRuleView;
  @ApiProperty({ type: [StandingSignatureView] }) signatures: StandingSignatureView[];
  @ApiProperty({
    example: ['1 more signature(s) from innovation_office or management.'],
    description: 'What the rule still lacks',
  })
  missing: string[];
}

class NextGateRuleView {
  @ApiProperty({ example: 'design_verification' }) fromTemplateStage: string;
  @ApiProperty({ example: 'premarket_review' }) toTemplateStage: string;
  @ApiProperty({ type: ApprovalRuleView }) approval: ApprovalRuleView;
}

/** The go a template-bound project is collecting signatures for, if any, and the rules of the gates it can take next. */
export class PendingGateDecisionView {
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty({ example: 12, description: 'The project’s revision (also the ETag): send it as If-Match to sign' })
  revision: number;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'design_verification',
    description: 'The template stage; null under the fixed model',
  })
  templateStage: string | null;
  @ApiProperty({ nullable: true, type: PendingGoView, description: 'null when no signature stands' })
  pending: PendingGoView | null;
  @ApiProperty({
    type: [NextGateRuleView],
    description: 'The gates out of the current template stage and whose signatures each needs',
  })
  nextGates: NextGateRuleView[];
}

export function toPendingGateDecisionView(state: ProjectState): PendingGateDecisionView {
  const template = state.template?.template;
  const stage = state.templateStage ?? null;
  const gates = template && stage ? template.gates.filter((g) => g.from === stage) : [];
  const nextGates = gates.map((g) => ({
    fromTemplateStage: g.from,
    toTemplateStage: g.to,
    approval: ruleView(g.approval),
  }));
  const standing = standingSignatures(state);
  const first = standing[0];
  const gate = first && gates.find((g) => g.to === first.toTemplateStage);
  let pending: PendingGoView | null = null;
  if (first && gate && state.profile) {
    const team = Object.entries(state.team)
      .filter(([, m]) => m.active)
      .map(([id]) => id);
    const teamKeys = new Set(team.map(personKey));
    const outcome = evaluateApproval(gate.approval, collectedOf(standing), {
      revision: state.evidenceRevision,
      leadClinicianId: state.profile.leadClinician.id,
      team,
    });
    pending = {
      decision: 'go',
      fromTemplateStage: first.fromTemplateStage,
      toTemplateStage: first.toTemplateStage,
      fromStage: first.fromStage,
      toStage: first.toStage,
      boundRevision: state.evidenceRevision,
      rule: ruleView(gate.approval),
      signatures: standing.map(({ revision, signature: s }) => ({
        signatureRevision: revision,
        signerId: s.signerId,
        ...(s.account ? { account: s.account } : {}),
        printedName: s.printedName,
        role: s.role,
        meaning: s.meaning,
        signedAt: s.signedAt,
        signedRevision: s.signedRevision,
        ...(s.contentHash ? { contentHash: s.contentHash } : {}),
        independent: !teamKeys.has(personKey(s.signerId)),
      })),
      missing: outcome.missing,
    };
  }
  return { projectId: state.profile!.projectId, revision: state.revision, templateStage: stage, pending, nextGates };
}

function ruleView(rule: ApprovalRule): ApprovalRuleView {
  return {
    signatures: rule.signatures,
    roles: [...rule.roles],
    ...(rule.minimumPerRole ? { minimumPerRole: { ...rule.minimumPerRole } } : {}),
    independentReviewer: rule.independentReviewer,
  };
}
