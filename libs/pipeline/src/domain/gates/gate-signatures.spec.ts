// A go whose template gate asks for several signers: each signature its own event bound to the same revision, the
// stage moving with the one that meets the rule; a change to the record invalidates the signatures collected, and a
// signer may revoke theirs with a reason before the rule is met.
import type { Actor, ProjectEvent, Signature } from '..';
import { decide, evolveAll, initialState } from '..';
import {
  command,
  disclosed,
  event,
  glucoseProposal,
  leadClinician,
  manager,
  NOW,
  office,
  proposed,
  signature,
  spec,
  teamClinician,
  teamClinicianAdded,
} from '../testing/fixtures';
import { signatureHistory } from '../testing/signature-history';
import { FIXED_MODEL } from '../templates/builtin';
import { CLINICAL_BOARD, OFFICE_AND_INDEPENDENT_REVIEWER } from '../templates/builtin/shared';
import type { ApprovalRule, TemplateVersion } from '../templates/template.model';

// The fixed model's stages with the idea → patent gate under `rule`: the shortest walk to a several-signer gate.
const underRule = (rule: ApprovalRule): TemplateVersion => ({
  templateId: 'board_at_idea',
  version: 1,
  template: {
    ...FIXED_MODEL,
    templateId: 'board_at_idea',
    gates: FIXED_MODEL.gates.map((g) => (g.from === 'idea' ? { ...g, approval: rule } : g)),
  },
});
const proposedUnder = (template: TemplateVersion) =>
  event('ProjectProposed', { ...glucoseProposal, template, proposedAt: NOW });

const officeWang: Actor = { id: 'u-wang', name: 'Wang Fang', role: 'innovation_office' };
// Li Na again, from a management account: one person, whatever accounts.
const liAsManager: Actor = { id: 'U-LI', name: 'Li Na', role: 'management', account: 'li-mgmt' };

const go = (actor: Actor) =>
  command('AdvanceStage', { targetStage: null, signature: { ...signature, printedName: actor.name } }, actor);
const revoke = (actor: Actor, reason = 'Signed before reading the disclosure') =>
  command('RevokeGateSignature', { reason }, actor);

function signedBy(actor: Actor, signedRevision: number): Signature {
  return {
    signerId: actor.id,
    printedName: actor.name,
    role: actor.role,
    meaning: signature.meaning,
    signedAt: NOW,
    signedRevision,
    ...(actor.account ? { account: actor.account } : {}),
  };
}

const stages = { decision: 'go' as const, fromStage: 'idea' as const, toStage: 'patent' as const };
const templateStages = { fromTemplateStage: 'idea', toTemplateStage: 'patent' };
const evidence = [{ code: 'invention_disclosure', recordIds: ['dis-1'] }];

const collected = (actor: Actor, signedRevision: number, missing: string[]) =>
  event('GateSignatureCollected', {
    ...stages,
    ...templateStages,
    signature: signedBy(actor, signedRevision),
    evidence,
    missing,
  });
const advancedWith = (signatures: Signature[]) =>
  event('StageAdvanced', {
    ...stages,
    reason: null,
    signature: signatures[signatures.length - 1],
    evidence,
    ...templateStages,
    signatures,
  });

const TWO = underRule(OFFICE_AND_INDEPENDENT_REVIEWER);
const ONE_MORE = '1 more signature(s) from innovation_office or management.';
// Revision 1 (the disclosure) is the record every signature of this go is bound to.
const readyUnderTwo: ProjectEvent[] = [proposedUnder(TWO), disclosed];
const oneSigned: ProjectEvent[] = [...readyUnderTwo, collected(office, 1, [ONE_MORE])];

describe('a go collecting several signatures (approval rules)', () => {
  it('the first of two signatures is collected, its own event, naming what the rule still lacks', () => {
    spec
      .given(readyUnderTwo)
      .when(go(office))
      .then([collected(office, 1, [ONE_MORE])]);
  });

  it('the signature that meets the rule moves the stage, every counted signature listed, bound to one revision', () => {
    // The first signature's event is revision 2; the second still signs revision 1, the record as last changed.
    spec
      .given(oneSigned)
      .when(go(manager))
      .then([advancedWith([signedBy(office, 1), signedBy(manager, 1)])]);
  });

  it('N of M: three signers (the office, a clinician of the team, an independent reviewer), one event each', () => {
    const board = underRule(CLINICAL_BOARD);
    const ready = [proposedUnder(board), teamClinicianAdded, disclosed];
    const afterTwo = [
      ...ready,
      collected(office, 2, [
        '2 more signature(s) from innovation_office or clinician or management.',
        '1 more signature(s) from clinician.',
      ]),
      collected(teamClinician, 2, ['1 more signature(s) from innovation_office or clinician or management.']),
    ];
    spec
      .given(ready)
      .when(go(teamClinician))
      .then([
        collected(teamClinician, 2, [
          '2 more signature(s) from innovation_office or clinician or management.',
          '1 more signature(s) from innovation_office.',
          'A signature from an independent reviewer outside the project team.',
        ]),
      ]);
    spec
      .given(afterTwo)
      .when(go(manager))
      .then([advancedWith([signedBy(office, 2), signedBy(teamClinician, 2), signedBy(manager, 2)])]);
  });

  it('an independent reviewer is someone outside the active team: two signers of the team do not meet the rule', () => {
    const wangOnTeam = event('TeamMemberAdded', {
      member: { id: officeWang.id, name: officeWang.name },
      teamRole: 'project_manager',
    });
    const liOnTeam = event('TeamMemberAdded', { member: { id: office.id, name: office.name }, teamRole: 'other' });
    const ready = [proposedUnder(TWO), wangOnTeam, liOnTeam, disclosed];
    const independent = 'A signature from an independent reviewer outside the project team.';
    spec
      .given([...ready, collected(office, 3, [ONE_MORE, independent])])
      .when(go(officeWang))
      .then([collected(officeWang, 3, [independent])]);
    spec
      .given([...ready, collected(office, 3, [ONE_MORE, independent]), collected(officeWang, 3, [independent])])
      .when(go(manager))
      .then([advancedWith([signedBy(office, 3), signedBy(officeWang, 3), signedBy(manager, 3)])]);
  });

  it('one person signs a decision once, whatever account: a second signature is refused (already_signed)', () => {
    spec.given(oneSigned).when(go(office)).thenThrows('already_signed', { signatureId: '2', signerId: 'u-li' });
    spec.given(oneSigned).when(go(liAsManager)).thenThrows('already_signed', { signatureId: '2' });
  });

  it('the lead clinician never signs, under any account; a role the rule does not count cannot sign', () => {
    spec.given(oneSigned).when(go(leadClinician)).thenThrows('signer_is_lead_clinician');
    spec
      .given(oneSigned)
      .when(go({ ...leadClinician, role: 'innovation_office', account: 'dr-chen-office' }))
      .thenThrows('signer_is_lead_clinician');
    spec
      .given([...oneSigned, teamClinicianAdded])
      .when(go(teamClinician))
      .thenThrows('role_cannot_sign');
  });

  it('a change to the record while signatures stand invalidates them all, and the history says which and why', () => {
    spec
      .given(oneSigned)
      .when(
        command('RecordDesignReview', {
          reviewId: 'dr-1',
          heldOn: '2025-02-01',
          outcome: 'passed',
          summary: 'Inputs traced',
        }),
      )
      .then([
        event('DesignReviewHeld', {
          reviewId: 'dr-1',
          heldOn: '2025-02-01',
          outcome: 'passed',
          summary: 'Inputs traced',
        }),
        event('GateSignaturesInvalidated', {
          ...stages,
          ...templateStages,
          invalidated: [
            {
              signatureRevision: 2,
              signerId: 'u-li',
              printedName: 'Li Na',
              role: 'innovation_office',
              signedRevision: 1,
            },
          ],
          causedBy: { type: 'DesignReviewHeld', revision: 3 },
          reason:
            'The record changed (DesignReviewHeld) before the decision had every signature its rule asks for: each signer must sign again.',
        }),
      ]);
  });

  it('after an invalidation each signer signs again, bound to the record as it is now', () => {
    const milestone = event('MilestoneLogged', {
      milestoneId: 'ms-1',
      title: 'Bench test',
      description: 'First light through the fingertip',
      occurredOn: '2025-02-20',
    } as never);
    const invalidated = event('GateSignaturesInvalidated', {
      ...stages,
      ...templateStages,
      invalidated: [
        { signatureRevision: 2, signerId: 'u-li', printedName: 'Li Na', role: 'innovation_office', signedRevision: 1 },
      ],
      causedBy: { type: 'MilestoneLogged', revision: 3 },
      reason: 'changed',
    });
    const history = [...oneSigned, milestone, invalidated];
    // The manager's signature alone does not meet the rule: Li Na's was invalidated.
    spec
      .given(history)
      .when(go(manager))
      .then([collected(manager, 3, [ONE_MORE, '1 more signature(s) from innovation_office.'])]);
    // Li Na may sign again: her earlier signature no longer stands.
    spec
      .given(history)
      .when(go(office))
      .then([collected(office, 3, [ONE_MORE])]);
    const state = evolveAll(initialState(), history);
    expect(state).toMatchObject({ revision: 4, evidenceRevision: 3, pendingSignatures: [] });
  });

  it('a kill or hold while signatures stand ends the go: its signatures are invalidated too', () => {
    const state = evolveAll(initialState(), oneSigned);
    const kill = decide(command('KillProject', { reason: 'Partner withdrew', signature }), state);
    expect(kill.map((e) => e.type)).toEqual(['ProjectKilled', 'GateSignaturesInvalidated']);
    const hold = decide(command('PutProjectOnHold', { reason: 'Funding round', signature }), state);
    expect(hold.map((e) => e.type)).toEqual(['ProjectPutOnHold', 'GateSignaturesInvalidated']);
    expect(evolveAll(state, hold).pendingSignatures).toEqual([]);
  });

  it('a signer revokes their own signature with a reason, before the rule is met', () => {
    const revoked = event('GateSignatureRevoked', {
      ...stages,
      ...templateStages,
      signatureRevision: 2,
      signerId: 'u-li',
      printedName: 'Li Na',
      role: 'innovation_office',
      signedRevision: 1,
      reason: 'Signed before reading the disclosure',
      revokedAt: NOW,
    });
    spec.given(oneSigned).when(revoke(office)).then([revoked]);
    // From another account of the same person, too.
    spec
      .given(oneSigned)
      .when(revoke(liAsManager))
      .then([{ ...revoked, data: { ...revoked.data } }]);
    // Revoked, it no longer counts: the next signature is collected, not the go.
    spec
      .given([...oneSigned, revoked])
      .when(go(manager))
      .then([collected(manager, 1, [ONE_MORE, '1 more signature(s) from innovation_office.'])]);
    expect(evolveAll(initialState(), [...oneSigned, revoked])).toMatchObject({
      evidenceRevision: 1,
      pendingSignatures: [],
    });
  });

  it('refuses a revocation without a reason, of someone else’s signature, or once the stage moved', () => {
    spec.given(oneSigned).when(revoke(office, '  ')).thenThrows('reason_required');
    spec.given(oneSigned).when(revoke(manager)).thenThrows('no_signature_to_revoke');
    const moved = [...oneSigned, advancedWith([signedBy(office, 1), signedBy(manager, 1)])];
    spec.given(moved).when(revoke(office)).thenThrows('no_signature_to_revoke');
    spec.given(readyUnderTwo).when(revoke(office)).thenThrows('no_signature_to_revoke');
    spec
      .given(oneSigned)
      .when(revoke({ id: 'u-root', name: 'Ops Admin', role: 'admin' }))
      .thenThrows('role_not_permitted');
  });

  it('the state keeps the signatures standing and the revision they are bound to; signature events change no record', () => {
    const state = evolveAll(initialState(), oneSigned);
    expect(state).toMatchObject({
      revision: 2,
      evidenceRevision: 1,
      pendingSignatures: [
        { revision: 2, ...templateStages, fromStage: 'idea', toStage: 'patent', signature: signedBy(office, 1) },
      ],
    });
    const advanced = evolveAll(state, [advancedWith([signedBy(office, 1), signedBy(manager, 1)])]);
    expect(advanced).toMatchObject({ stage: 'patent', templateStage: 'patent', pendingSignatures: [] });
  });

  it('a one-signer gate under a template moves at once, as before (no signatures list)', () => {
    spec
      .given([
        proposedUnder(underRule({ signatures: 1, roles: ['innovation_office'], independentReviewer: false })),
        disclosed,
      ])
      .when(go(office))
      .then([
        event('StageAdvanced', {
          ...stages,
          reason: null,
          signature: signedBy(office, 1),
          evidence,
          ...templateStages,
        }),
      ]);
  });

  it('a whole decision as the record keeps it: collected, revoked, collected, invalidated, collected until the go', () => {
    const history = signatureHistory();
    expect(history.map((e) => e.type)).toEqual([
      'ProjectProposed',
      'InventionDisclosureRecorded',
      'GateSignatureCollected',
      'GateSignatureRevoked',
      'GateSignatureCollected',
      'MilestoneLogged',
      'GateSignaturesInvalidated',
      'GateSignatureCollected',
      'StageAdvanced',
    ]);
    const go = history[8] as Extract<ProjectEvent, { type: 'StageAdvanced' }>;
    // Both signatures of the go sign revision 5 (the milestone), never the signature events around it.
    expect(go.data.signatures?.map((s) => [s.signerId, s.signedRevision])).toEqual([
      ['office-li', 5],
      ['mgr-wong', 5],
    ]);
  });

  it('one decision at a time: a signature toward another gate waits until the pending one passes or is revoked', () => {
    const twoWays = underRule(OFFICE_AND_INDEPENDENT_REVIEWER);
    const skip = {
      ...twoWays.template.gates[0],
      to: 'prototype',
      when: { kind: 'risk_class' as const, in: ['III' as const] },
    };
    const template = { ...twoWays, template: { ...twoWays.template, gates: [...twoWays.template.gates, skip] } };
    const history = [proposedUnder(template), disclosed, collected(office, 1, [ONE_MORE])];
    const toPrototype = command(
      'AdvanceStage',
      { targetStage: null, targetTemplateStage: 'prototype', signature: { ...signature, printedName: manager.name } },
      manager,
    );
    spec.given(history).when(toPrototype).thenThrows('gate_decision_pending', { toStage: 'patent' });
    // Without a target, a signer joins the go that is collecting.
    spec
      .given(history)
      .when(go(manager))
      .then([advancedWith([signedBy(office, 1), signedBy(manager, 1)])]);
  });

  it('the fixed model keeps its rule: the office alone signs a go', () => {
    spec.given([proposed, disclosed, teamClinicianAdded]).when(go(teamClinician)).thenThrows('role_not_permitted');
    spec.given([proposed, disclosed]).when(go(manager)).thenThrows('role_not_permitted');
  });
});
