// A project bound to the template version it was proposed under: its gates follow that version's stages, evidence,
// skip rules and approval rules; a project proposed without one keeps the fixed model, as every older record does.
import type { ProjectEvent, Stage } from '..';
import { decide, evolve, initialState } from '..';
import {
  biocompatibilityPassed,
  command,
  designReviewHeld,
  disclosed,
  event,
  glucoseProposal,
  patentFiled,
  proposed,
  prototypeBuilt,
  signature,
  signed,
  spec,
} from '../testing/fixtures';
import { FDA_PMA, FIXED_MODEL, HSA_CLASS_D } from './builtin';
import type { PathwayTemplate, TemplateVersion } from './template.model';

const PMA: TemplateVersion = { templateId: 'fda_pma', version: 1, template: FDA_PMA };
const HSA: TemplateVersion = { templateId: 'hsa_class_d', version: 1, template: HSA_CLASS_D };

const proposedUnder = (template: TemplateVersion, targets = glucoseProposal.targets) =>
  event('ProjectProposed', { ...glucoseProposal, targets, template, proposedAt: '2025-03-01T09:00:00.000Z' });

// A go as the decider writes it for a template-bound project: template stages beside their phases.
function wentTo(
  history: ProjectEvent[],
  from: [string, Stage],
  to: [string, Stage],
  evidence: { code: string; recordIds: string[] }[],
): ProjectEvent[] {
  const go = event('StageAdvanced', {
    decision: 'go',
    fromStage: from[1],
    toStage: to[1],
    reason: null,
    signature: signed(history.length - 1),
    evidence,
    fromTemplateStage: from[0],
    toTemplateStage: to[0],
  });
  return [...history, go];
}

const advance = (targetTemplateStage?: string) =>
  command('AdvanceStage', { targetStage: null, signature, ...(targetTemplateStage ? { targetTemplateStage } : {}) });

const pmaAtIdea = [proposedUnder(PMA), disclosed];
const pmaAtPatent = wentTo(
  pmaAtIdea,
  ['idea', 'idea'],
  ['patent', 'patent'],
  [{ code: 'invention_disclosure', recordIds: ['dis-1'] }],
);
const pmaAtPrototype = wentTo(
  [...pmaAtPatent, patentFiled],
  ['patent', 'patent'],
  ['prototype', 'prototype'],
  [{ code: 'patent_application_filed', recordIds: ['pat-cn-1'] }],
);

describe('a project bound to a pathway template', () => {
  it('is proposed under a template version, which the event keeps whole', () => {
    spec
      .given([])
      .when(command('ProposeProject', { ...glucoseProposal, template: PMA }))
      .then([proposedUnder(PMA)]);
    const state = [proposedUnder(PMA)].reduce(evolve, initialState());
    expect(state).toMatchObject({ template: PMA, templateStage: 'idea', stage: 'idea' });
    expect(state.profile).not.toHaveProperty('template');
  });

  it('a template that cannot be completed is refused when proposed', () => {
    const broken: PathwayTemplate = { ...FDA_PMA, gates: FDA_PMA.gates.filter((g) => g.to !== 'ide_study') };
    spec
      .given([])
      .when(command('ProposeProject', { ...glucoseProposal, template: { ...PMA, template: broken } }))
      .thenThrows('invalid_template', {
        problems: expect.arrayContaining([expect.objectContaining({ code: 'stage_unreachable' })]),
      });
  });

  it('a project proposed without one is under the fixed model, as before', () => {
    const state = [proposed].reduce(evolve, initialState());
    expect(state.template).toBeUndefined();
    expect(state.templateStage).toBeUndefined();
  });

  it('goes through its template’s gates: the event names the template stages and their phases', () => {
    spec
      .given(pmaAtIdea)
      .when(advance())
      .then([
        wentTo(
          pmaAtIdea,
          ['idea', 'idea'],
          ['patent', 'patent'],
          [{ code: 'invention_disclosure', recordIds: ['dis-1'] }],
        ).pop()!,
      ]);
  });

  it('a template stage inside one phase: the project moves on, its pipeline stage stays', () => {
    const history = [...pmaAtPrototype, prototypeBuilt];
    const next = wentTo(
      history,
      ['prototype', 'prototype'],
      ['design_verification', 'prototype'],
      [{ code: 'prototype_built', recordIds: ['pro-v1'] }],
    );
    spec.given(history).when(advance()).then([next.pop()!]);
    const state = wentTo(history, ['prototype', 'prototype'], ['design_verification', 'prototype'], []).reduce(
      evolve,
      initialState(),
    );
    expect(state).toMatchObject({ stage: 'prototype', templateStage: 'design_verification', status: 'active' });
  });

  it('refuses with the template’s own missing evidence', () => {
    const atVerification = wentTo(
      [...pmaAtPrototype, prototypeBuilt],
      ['prototype', 'prototype'],
      ['design_verification', 'prototype'],
      [],
    );
    spec
      .given(atVerification)
      .when(advance())
      .thenThrows('gate_evidence_missing', {
        fromStage: 'design_verification',
        toStage: 'ide_study',
        missing: expect.arrayContaining([
          expect.objectContaining({ code: 'fda_study_authorised' }),
          expect.objectContaining({ code: 'ethics_approval' }),
        ]),
      });
  });

  it('a gate whose rule asks for several signers is not passed by one signature: it is collected', () => {
    // The fixed model's idea → patent needs one office signature; the PMA's design → IDE study needs a board.
    const atVerification = wentTo(
      [...pmaAtPrototype, prototypeBuilt, biocompatibilityPassed, designReviewHeld],
      ['prototype', 'prototype'],
      ['design_verification', 'prototype'],
      [],
    );
    const ready = [
      ...atVerification,
      event('EthicsApprovalRecorded', {
        ethicsApprovalId: 'irb-1',
        committee: 'IRB',
        reference: 'IRB-1',
        approvedOn: '2025-05-01',
      }),
      event('TrialRegistered', {
        trialId: 'nct-1',
        title: 'Pivotal',
        registry: 'NCT',
        registryId: 'NCT0000001',
        targetEnrolment: 100,
        registeredOn: '2025-05-02',
      }),
      event('DocumentAttached', {
        documentId: 'doc-nsr',
        sha256: 'a'.repeat(64),
        fileName: 'nsr.pdf',
        mediaType: 'application/pdf',
        size: 10,
        attachedTo: { kind: 'ethics_approval', id: 'irb-1' },
        purpose: 'nsr_determination',
        deficiency: null,
      } as never),
    ];
    const [collected, ...more] = decide(advance(), ready.reduce(evolve, initialState()));
    expect(more).toEqual([]);
    expect(collected).toMatchObject({
      type: 'GateSignatureCollected',
      data: {
        fromTemplateStage: 'design_verification',
        toTemplateStage: 'ide_study',
        signature: { signerId: 'u-li', signedRevision: ready.length - 1 },
        missing: expect.arrayContaining(['1 more signature(s) from clinician.']),
      },
    });
  });

  it('a skip opens only under its condition (HSA abridged), closed to the full route', () => {
    const hsaTarget = (pathway: 'full' | 'abridged') => [
      { authority: 'HSA' as const, pathway, deviceClass: 'D', breakthrough: false, notifiedBody: null },
    ];
    const atVerification = (pathway: 'full' | 'abridged') => {
      const atPatent = wentTo(
        [proposedUnder(HSA, hsaTarget(pathway)), disclosed],
        ['idea', 'idea'],
        ['patent', 'patent'],
        [],
      );
      const atPrototype = wentTo([...atPatent, patentFiled], ['patent', 'patent'], ['prototype', 'prototype'], []);
      return wentTo(
        [...atPrototype, prototypeBuilt],
        ['prototype', 'prototype'],
        ['design_verification', 'prototype'],
        [],
      );
    };
    spec.given(atVerification('full')).when(advance('hsa_evaluation')).thenThrows('gate_condition_not_met');
    // Abridged: the gate is open, and asks for a reference agency's approval.
    spec
      .given(atVerification('abridged'))
      .when(advance('hsa_evaluation'))
      .thenThrows('gate_evidence_missing', {
        missing: expect.arrayContaining([expect.objectContaining({ code: 'approval_granted' })]),
      });
  });

  it('the past keeps its meaning: a project follows the version it was bound to, not a later revision', () => {
    const v1: TemplateVersion = {
      templateId: 'office_pathway',
      version: 1,
      template: { ...FIXED_MODEL, templateId: 'office_pathway' },
    };
    const v2: TemplateVersion = {
      ...v1,
      version: 2,
      template: {
        ...v1.template,
        gates: v1.template.gates.map((g) =>
          g.to === 'patent'
            ? { ...g, evidence: [...g.evidence, { kind: 'document', documentKind: 'disclosure_form' }] }
            : g,
        ),
      },
    };
    const under = (v: TemplateVersion) => [proposedUnder(v), disclosed];
    spec
      .given(under(v1))
      .when(advance())
      .then([
        wentTo(
          under(v1),
          ['idea', 'idea'],
          ['patent', 'patent'],
          [{ code: 'invention_disclosure', recordIds: ['dis-1'] }],
        ).pop()!,
      ]);
    spec
      .given(under(v2))
      .when(advance())
      .thenThrows('gate_evidence_missing', { missing: [expect.objectContaining({ code: 'document' })] });
  });

  it('a recycle goes back to an earlier template stage, its phase beside it', () => {
    const atVerification = wentTo(
      [...pmaAtPrototype, prototypeBuilt],
      ['prototype', 'prototype'],
      ['design_verification', 'prototype'],
      [],
    );
    spec
      .given(atVerification)
      .when(command('RecycleProject', { toStage: 'patent', toTemplateStage: 'patent', reason: 'Redesign', signature }))
      .then([
        event('ProjectRecycled', {
          decision: 'recycle',
          fromStage: 'prototype',
          toStage: 'patent',
          reason: 'Redesign',
          signature: signed(atVerification.length - 1),
          fromTemplateStage: 'design_verification',
          toTemplateStage: 'patent',
        }),
      ]);
    spec
      .given(atVerification)
      .when(command('RecycleProject', { toStage: 'approved', toTemplateStage: 'pma_review', reason: 'No', signature }))
      .thenThrows('invalid_recycle_target');
  });
});

describe('a regulatory track per target authority', () => {
  const fileWith = (authority: 'FDA' | 'HSA') =>
    command('FileSubmission', {
      submissionId: `sub-${authority}`,
      authority,
      pathway: authority === 'FDA' ? 'pma' : 'full',
      reference: 'R-1',
      filedOn: '2025-03-01',
    });
  const fdaOnly = [
    { authority: 'FDA' as const, pathway: 'pma' as const, deviceClass: 'III', breakthrough: false, notifiedBody: null },
  ];

  it('a template-bound project files only with an authority it targets', () => {
    spec
      .given([proposedUnder(PMA, fdaOnly)])
      .when(fileWith('HSA'))
      .thenThrows('submission_not_targeted', { authority: 'HSA', targets: ['FDA'] });
    spec
      .given([proposedUnder(PMA, fdaOnly)])
      .when(fileWith('FDA'))
      .then([
        event('SubmissionFiled', {
          submissionId: 'sub-FDA',
          authority: 'FDA',
          pathway: 'pma',
          reference: 'R-1',
          filedOn: '2025-03-01',
        }),
      ]);
  });

  it('the fixed model keeps accepting a submission to any authority, as before', () => {
    spec
      .given([
        event('ProjectProposed', { ...glucoseProposal, targets: fdaOnly, proposedAt: '2025-03-01T09:00:00.000Z' }),
      ])
      .when(fileWith('HSA'))
      .then([
        event('SubmissionFiled', {
          submissionId: 'sub-HSA',
          authority: 'HSA',
          pathway: 'full',
          reference: 'R-1',
          filedOn: '2025-03-01',
        }),
      ]);
  });
});

describe('approved when the template says', () => {
  const targets = [
    {
      authority: 'NMPA' as const,
      pathway: 'registration' as const,
      deviceClass: 'III',
      breakthrough: false,
      notifiedBody: null,
    },
    { authority: 'FDA' as const, pathway: 'pma' as const, deviceClass: 'III', breakthrough: false, notifiedBody: null },
  ];
  const everyTarget: TemplateVersion = {
    templateId: 'every_market',
    version: 1,
    template: {
      ...FIXED_MODEL,
      templateId: 'every_market',
      approvedWhen: 'every_target',
      gates: FIXED_MODEL.gates.map((g) =>
        g.to === 'approved'
          ? { ...g, evidence: [{ kind: 'submission_filed' }, { kind: 'approval_granted', of: 'every_target' }] }
          : g,
      ),
    },
  };
  const approvedBy = (authority: 'NMPA' | 'FDA'): ProjectEvent[] => [
    event('SubmissionFiled', {
      submissionId: `sub-${authority}`,
      authority,
      pathway: authority === 'FDA' ? 'pma' : 'registration',
      reference: 'R',
      filedOn: '2026-01-01',
    }),
    event('SubmissionApproved', {
      submissionId: `sub-${authority}`,
      authority,
      certificateNumber: `C-${authority}`,
      approvedOn: '2026-02-01',
      deviceClass: 'III',
    }),
  ];
  const steps: [string, Stage][] = [
    ['idea', 'idea'],
    ['patent', 'patent'],
    ['prototype', 'prototype'],
    ['clinical_validation', 'clinical_validation'],
    ['regulatory_review', 'regulatory_review'],
  ];
  const atReview = steps
    .slice(1)
    .reduce((h, to, i) => wentTo(h, steps[i], to, []), [proposedUnder(everyTarget, targets)] as ProjectEvent[]);

  it('not with the first authority’s approval when the template asks for every target', () => {
    spec
      .given([...atReview, ...approvedBy('NMPA')])
      .when(advance())
      .thenThrows('gate_evidence_missing', { missing: [expect.objectContaining({ code: 'approval_granted' })] });
  });

  it('once every target authority has approved', () => {
    const history = [...atReview, ...approvedBy('NMPA'), ...approvedBy('FDA')];
    const [go] = wentTo(
      history,
      ['regulatory_review', 'regulatory_review'],
      ['approved', 'approved'],
      [
        { code: 'submission_filed', recordIds: ['sub-NMPA', 'sub-FDA'] },
        { code: 'approval_granted', recordIds: ['sub-NMPA', 'sub-FDA'] },
      ],
    ).slice(-1);
    spec.given(history).when(advance()).then([go]);
    expect([...history, go].reduce(evolve, initialState())).toMatchObject({
      stage: 'approved',
      status: 'approved',
      templateStage: 'approved',
    });
  });
});
