import {
  advanced,
  atApproved,
  atClinical,
  atIdea,
  atPatent,
  atPrototype,
  atRegulatory,
  command,
  designReviewHeld,
  electricalSafetyPassed,
  ethicsApproved,
  equivalenceRecorded,
  event,
  killed,
  leadAsOffice,
  leadClinician,
  manager,
  office,
  prototypeBuilt,
  biocompatibilityPassed,
  putOnHold,
  readyForApproval,
  readyForClinical,
  readyForPatent,
  readyForPrototype,
  readyForRegulatory,
  recruiting,
  signature,
  signed,
  spec,
  spineAtPrototype,
  spineVerified,
  submissionFiled,
  teamClinician,
  teamClinicianAdded,
  trialMissed,
} from '../testing/fixtures';
import { decide, evolve, goTargets, initialState, ProjectEvent, Stage, STAGES } from '..';

const go = (targetStage: Stage | null = null, actor = office) =>
  command('AdvanceStage', { targetStage, signature }, actor);
const kill = (reason = 'Accuracy target unreachable') =>
  command('KillProject', { reason, signature: { ...signature, meaning: 'approved to terminate' } });
const hold = (reason = 'Partner funding round delayed') =>
  command('PutProjectOnHold', { reason, signature: { ...signature, meaning: 'approved to pause' } });
const resume = (reason: string | null = 'Funding confirmed') =>
  command('ResumeProject', { reason, signature: { ...signature, meaning: 'approved to resume' } });
const recycle = (toStage: Stage, reason = 'Endpoint missed: redesign the optics') =>
  command('RecycleProject', { toStage, reason, signature: { ...signature, meaning: 'approved to redesign' } });

describe('gate: go at each stage', () => {
  it('idea → patent on an invention disclosure', () =>
    spec
      .given(readyForPatent)
      .when(go())
      .then([advanced('idea', 'patent', 1, [{ code: 'invention_disclosure', recordIds: ['dis-1'] }])]));

  it('patent → prototype on a filed patent application', () =>
    spec
      .given(readyForPrototype)
      .when(go())
      .then([advanced('patent', 'prototype', 3, [{ code: 'patent_application_filed', recordIds: ['pat-cn-1'] }])]));

  it('prototype → clinical_validation on prototype, verification, design review and ethics approval', () =>
    spec
      .given(readyForClinical)
      .when(go('clinical_validation'))
      .then([
        advanced('prototype', 'clinical_validation', readyForClinical.length - 1, [
          { code: 'prototype_built', recordIds: ['pro-v1'] },
          { code: 'verification_passed', recordIds: ['vt-10993', 'vt-60601-b'] },
          { code: 'design_review_held', recordIds: ['dr-1'] },
          { code: 'ethics_approval', recordIds: ['eth-1'] },
        ]),
      ]));

  it('clinical_validation → regulatory_review on a completed trial that met its endpoint', () =>
    spec
      .given(readyForRegulatory)
      .when(go())
      .then([
        advanced('clinical_validation', 'regulatory_review', readyForRegulatory.length - 1, [
          { code: 'trial_completed_endpoint_met', recordIds: ['tr-1'] },
        ]),
      ]));

  it('regulatory_review → approved on a filed submission with its approval granted', () =>
    spec
      .given(readyForApproval)
      .when(go())
      .then([
        advanced('regulatory_review', 'approved', readyForApproval.length - 1, [
          { code: 'submission_filed', recordIds: ['sub-nmpa'] },
          { code: 'approval_granted', recordIds: ['sub-nmpa'] },
        ]),
      ]));

  it('signs with the actor, the printed name, the meaning, the server time and the revision seen', () =>
    spec
      .given(readyForPatent)
      .when(
        command('AdvanceStage', {
          targetStage: 'patent',
          signature: { meaning: ' approved to advance ', printedName: 'Li Na' },
        }),
      )
      .then([advanced('idea', 'patent', 1, [{ code: 'invention_disclosure', recordIds: ['dis-1'] }])]));
});

describe('gate: go refused', () => {
  it('without an invention disclosure', () =>
    spec
      .given(atIdea)
      .when(go())
      .thenThrows('gate_evidence_missing', {
        fromStage: 'idea',
        toStage: 'patent',
        missing: [{ code: 'invention_disclosure' }],
      }));

  it('without a patent application', () =>
    spec
      .given(atPatent)
      .when(go())
      .thenThrows('gate_evidence_missing', { missing: [{ code: 'patent_application_filed' }] }));

  it('with only an abandoned patent', () =>
    spec
      .given([
        ...readyForPrototype,
        event('PatentAbandoned', { patentId: 'pat-cn-1', abandonedOn: '2025-03-01', reason: 'Prior art found' }),
      ])
      .when(go())
      .thenThrows('gate_evidence_missing', { missing: [{ code: 'patent_application_filed' }] }));

  it('at prototype with nothing on record, listing all four gaps', () =>
    spec
      .given(atPrototype)
      .when(go())
      .thenThrows('gate_evidence_missing', {
        missing: [
          { code: 'prototype_built' },
          { code: 'verification_passed' },
          { code: 'design_review_held' },
          { code: 'ethics_approval' },
        ],
      }));

  it('while the latest result of a standard is a failure', () =>
    spec
      .given([
        ...atPrototype,
        prototypeBuilt,
        biocompatibilityPassed,
        event('VerificationTestRecorded', { ...electricalSafetyPassed.data, testId: 'vt-60601-c', result: 'failed' }),
        designReviewHeld,
        ethicsApproved,
      ])
      .when(go())
      .thenThrows('gate_evidence_missing', { missing: [{ code: 'verification_passed' }] }));

  it('after a failed design review only', () =>
    spec
      .given([
        ...atPrototype,
        prototypeBuilt,
        biocompatibilityPassed,
        event('DesignReviewHeld', { ...designReviewHeld.data, outcome: 'failed' }),
        ethicsApproved,
      ])
      .when(go())
      .thenThrows('gate_evidence_missing', { missing: [{ code: 'design_review_held' }] }));

  it('while the trial is still recruiting', () =>
    spec
      .given(recruiting)
      .when(go())
      .thenThrows('gate_evidence_missing', { missing: [{ code: 'trial_completed_endpoint_met' }] }));

  it('when the trial missed its primary endpoint', () =>
    spec
      .given([...recruiting, trialMissed])
      .when(go())
      .thenThrows('gate_evidence_missing', { missing: [{ code: 'trial_completed_endpoint_met' }] }));

  it('at regulatory review with a submission still under review', () =>
    spec
      .given([...atRegulatory, submissionFiled])
      .when(go())
      .thenThrows('gate_evidence_missing', { missing: [{ code: 'approval_granted' }] }));

  it('at regulatory review with nothing filed', () =>
    spec
      .given(atRegulatory)
      .when(go())
      .thenThrows('gate_evidence_missing', { missing: [{ code: 'submission_filed' }, { code: 'approval_granted' }] }));

  it('to a stage no gate leads to', () =>
    spec.given(readyForPatent).when(go('prototype')).thenThrows('invalid_stage_transition', { fromStage: 'idea' }));

  it('backwards: that is a recycle', () =>
    spec.given(readyForPrototype).when(go('idea')).thenThrows('invalid_stage_transition'));

  it('once approved', () => spec.given(atApproved).when(go()).thenThrows('project_approved'));

  it('when the signer is the lead clinician, even with an innovation-office role', () =>
    spec.given(readyForPatent).when(go(null, leadAsOffice)).thenThrows('signer_is_lead_clinician'));

  it('when the printed name or meaning is blank', () =>
    spec
      .given(readyForPatent)
      .when(
        command('AdvanceStage', {
          targetStage: null,
          signature: { meaning: 'approved to advance', printedName: '  ' },
        }),
      )
      .thenThrows('signature_incomplete'));

  it('from a clinician, even on the team', () =>
    spec
      .given([...readyForPatent, teamClinicianAdded])
      .when(go(null, teamClinician))
      .thenThrows('role_not_permitted'));

  it('from the lead clinician as a clinician', () =>
    spec.given(readyForPatent).when(go(null, leadClinician)).thenThrows('role_not_permitted'));

  it('from management', () => spec.given(readyForPatent).when(go(null, manager)).thenThrows('role_not_permitted'));
});

describe('gate: class I/II equivalence route, prototype → regulatory_review', () => {
  it('goes with a positive equivalence evaluation', () =>
    spec
      .given([...spineVerified, equivalenceRecorded])
      .when(go('regulatory_review'))
      .then([
        advanced('prototype', 'regulatory_review', spineVerified.length, [
          { code: 'prototype_built', recordIds: ['pro-v1'] },
          { code: 'verification_passed', recordIds: ['vt-10993', 'vt-60601-b'] },
          { code: 'design_review_held', recordIds: ['dr-1'] },
          { code: 'equivalence_evaluation', recordIds: ['eq-1'] },
        ]),
      ]));

  it('needs no ethics approval, but does need the equivalence evaluation', () =>
    spec
      .given(spineVerified)
      .when(go('regulatory_review'))
      .thenThrows('gate_evidence_missing', { missing: [{ code: 'equivalence_evaluation' }] }));

  it('does not count an evaluation that found no equivalence', () =>
    spec
      .given([
        ...spineVerified,
        event('EquivalenceEvaluationRecorded', { ...equivalenceRecorded.data, equivalent: false }),
      ])
      .when(go('regulatory_review'))
      .thenThrows('gate_evidence_missing', { missing: [{ code: 'equivalence_evaluation' }] }));

  it('is closed to class III', () =>
    spec.given(readyForClinical).when(go('regulatory_review')).thenThrows('class_iii_cannot_skip_clinical_validation'));

  it('the default next stage stays clinical validation for class II', () =>
    spec.given(spineAtPrototype).when(go()).thenThrows('gate_evidence_missing', { toStage: 'clinical_validation' }));
});

describe('gate: kill', () => {
  it('terminates with a reason, at any stage', () =>
    spec
      .given(atClinical)
      .when(kill())
      .then([killed('clinical_validation', atClinical.length - 1)]));

  it('needs a reason', () => spec.given(atClinical).when(kill('  ')).thenThrows('reason_required'));

  it('is accepted on hold', () =>
    spec
      .given([...atPatent, putOnHold('patent', 2)])
      .when(kill())
      .then([killed('patent', 3)]));

  it('cannot be repeated: nothing is accepted once terminated', () =>
    spec
      .given([...atPatent, killed('patent', 2)])
      .when(kill())
      .thenThrows('project_terminated'));

  it('cannot be signed by the lead clinician', () =>
    spec
      .given(atPatent)
      .when(command('KillProject', { reason: 'No partner', signature }, leadAsOffice))
      .thenThrows('signer_is_lead_clinician'));

  it('is refused after approval', () => spec.given(atApproved).when(kill()).thenThrows('project_approved'));
});

describe('gate: hold and resume', () => {
  it('puts an active project on hold with a reason', () =>
    spec
      .given(atPrototype)
      .when(hold())
      .then([putOnHold('prototype', atPrototype.length - 1)]));

  it('needs a reason to hold', () => spec.given(atPrototype).when(hold('')).thenThrows('reason_required'));

  it('cannot hold twice', () =>
    spec
      .given([...atPatent, putOnHold('patent', 2)])
      .when(hold())
      .thenThrows('project_on_hold'));

  it('resumes a project on hold', () =>
    spec
      .given([...atPatent, putOnHold('patent', 2)])
      .when(resume())
      .then([
        event('ProjectResumed', {
          decision: 'resume',
          fromStage: 'patent',
          toStage: 'patent',
          reason: 'Funding confirmed',
          signature: signed(3, undefined, 'approved to resume'),
        }),
      ]));

  it('resumes without a reason', () =>
    spec
      .given([...atPatent, putOnHold('patent', 2)])
      .when(resume(null))
      .then([
        event('ProjectResumed', {
          decision: 'resume',
          fromStage: 'patent',
          toStage: 'patent',
          reason: null,
          signature: signed(3, undefined, 'approved to resume'),
        }),
      ]));

  it('cannot resume an active project', () => spec.given(atPatent).when(resume()).thenThrows('project_not_on_hold'));

  it('refuses a go while on hold', () =>
    spec
      .given([...readyForPrototype, putOnHold('patent', 3)])
      .when(go())
      .thenThrows('project_on_hold'));

  it('accepts the go again after resuming', () => {
    const history = [
      ...readyForPrototype,
      putOnHold('patent', 3),
      event('ProjectResumed', {
        decision: 'resume',
        fromStage: 'patent',
        toStage: 'patent',
        reason: null,
        signature: signed(4),
      }),
    ];
    spec
      .given(history)
      .when(go())
      .then([advanced('patent', 'prototype', 5, [{ code: 'patent_application_filed', recordIds: ['pat-cn-1'] }])]);
  });
});

describe('gate: recycle', () => {
  const failedTrial = [...recruiting, trialMissed];
  const recycled = event('ProjectRecycled', {
    decision: 'recycle',
    fromStage: 'clinical_validation',
    toStage: 'prototype',
    reason: 'Endpoint missed: redesign the optics',
    signature: signed(failedTrial.length - 1, undefined, 'approved to redesign'),
  });

  it('sends the project back to an earlier stage after a failed trial', () =>
    spec.given(failedTrial).when(recycle('prototype')).then([recycled]));

  it('needs a reason', () => spec.given(failedTrial).when(recycle('prototype', ' ')).thenThrows('reason_required'));

  it('must name an earlier stage', () =>
    spec.given(failedTrial).when(recycle('clinical_validation')).thenThrows('invalid_recycle_target'));

  it('cannot go forward', () =>
    spec.given(failedTrial).when(recycle('regulatory_review')).thenThrows('invalid_recycle_target'));

  it('is refused on hold', () =>
    spec
      .given([...atPatent, putOnHold('patent', 2)])
      .when(recycle('idea'))
      .thenThrows('project_on_hold'));

  it('discounts evidence recorded before it: the redesign must be verified again', () =>
    spec
      .given([...failedTrial, recycled])
      .when(go())
      .thenThrows('gate_evidence_missing', {
        missing: [
          { code: 'prototype_built' },
          { code: 'verification_passed' },
          { code: 'design_review_held' },
          { code: 'ethics_approval' },
        ],
      }));

  it('goes again once the redesign has its own evidence', () => {
    const redesign = [
      ...failedTrial,
      recycled,
      event('PrototypeBuilt', { ...prototypeBuilt.data, prototypeId: 'pro-v2', version: 'v2.0' }),
      event('VerificationTestRecorded', {
        ...biocompatibilityPassed.data,
        testId: 'vt-v2-10993',
        prototypeId: 'pro-v2',
      }),
      event('DesignReviewHeld', { ...designReviewHeld.data, reviewId: 'dr-2' }),
      event('EthicsApprovalRecorded', { ...ethicsApproved.data, ethicsApprovalId: 'eth-2', reference: 'EC-2026-007' }),
    ];
    spec
      .given(redesign)
      .when(go())
      .then([
        advanced('prototype', 'clinical_validation', redesign.length - 1, [
          { code: 'prototype_built', recordIds: ['pro-v2'] },
          { code: 'verification_passed', recordIds: ['vt-v2-10993'] },
          { code: 'design_review_held', recordIds: ['dr-2'] },
          { code: 'ethics_approval', recordIds: ['eth-2'] },
        ]),
      ]);
  });

  it('is refused after approval', () =>
    spec.given(atApproved).when(recycle('prototype')).thenThrows('project_approved'));
});

// What a gate dialog offers (goTargets) is exactly what the decider takes: every other stage is refused as a route,
// every offered one is refused at most for its evidence.
describe('gate: the stages a go may lead to', () => {
  const ROUTE_REFUSALS = ['invalid_stage_transition', 'class_iii_cannot_skip_clinical_validation'];
  const refusal = (history: ProjectEvent[], to: Stage): string | null => {
    try {
      decide(go(to), history.reduce(evolve, initialState()));
      return null;
    } catch (e) {
      return (e as { code: string }).code;
    }
  };

  it.each([
    ['at idea', atIdea, ['patent']],
    ['at patent', atPatent, ['prototype']],
    ['at prototype, class III', atPrototype, ['clinical_validation']],
    ['at prototype, class II', spineAtPrototype, ['clinical_validation', 'regulatory_review']],
    ['at clinical validation', atClinical, ['regulatory_review']],
    ['at regulatory review', atRegulatory, ['approved']],
    ['approved', atApproved, []],
    ['on hold', [...atPatent, putOnHold('patent', 2)], []],
  ] as [string, ProjectEvent[], Stage[]][])('%s: %j, and the decider agrees', (_, history, targets) => {
    expect(goTargets(history.reduce(evolve, initialState()))).toEqual(targets);
    if (history === atApproved || targets.length === 0) return;
    for (const to of STAGES) {
      const code = refusal(history, to);
      if (targets.includes(to)) expect(ROUTE_REFUSALS).not.toContain(code);
      else expect(ROUTE_REFUSALS).toContain(code);
    }
  });
});
