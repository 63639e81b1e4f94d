import { evolveAll, initialState } from '..';
import {
  admin,
  atApproved,
  atIdea,
  atPatent,
  atPrototype,
  event,
  glucoseProposal,
  NOW,
  office,
  PROJECT_ID,
  putOnHold,
  readyForPatent,
  spec,
} from '../testing/fixtures';
import type { Actor, CommandMetadata, GateDecision, ProjectCommand, Stage } from '..';

// A portfolio import brings in a project's past: records and gate decisions taken on paper, dated when they
// happened, issued by an admin with the file and row named. Never a signature, and never outside an import.
const FILE = 'portfolio-2024.csv';
const imported = (line: number, occurredAt = '2021-03-01T00:00:00.000Z', actor: Actor = admin): CommandMetadata => ({
  actor,
  now: NOW,
  imported: { file: FILE, line, occurredAt },
});
const paperFor = (decidedOn = '2021-06-01') => ({
  reference: 'GATE-2021-017',
  decidedBy: 'Innovation committee (Li Na)',
  decidedOn,
});
const paper = (
  decision: GateDecision,
  toStage: Stage | null = null,
  reason: string | null = null,
  metadata = imported(7),
) =>
  ({
    type: 'RecordPaperGateDecision',
    data: { projectId: PROJECT_ID, decision, toStage, reason, paper: paperFor() },
    metadata,
  }) as ProjectCommand;
const onPaper = { reference: 'GATE-2021-017', decidedBy: 'Innovation committee (Li Na)', decidedOn: '2021-06-01' };

describe('a portfolio import (admin, file and row named)', () => {
  it('proposes a project that began when its row says', () =>
    spec
      .given([])
      .when({
        type: 'ProposeProject',
        data: { projectId: PROJECT_ID, ...glucoseProposal },
        metadata: imported(2, '2019-05-06T00:00:00.000Z'),
      })
      .then([event('ProjectProposed', { ...glucoseProposal, proposedAt: '2019-05-06T00:00:00.000Z' })]));

  it('records past records an admin could not record by hand', () =>
    spec
      .given(atPatent)
      .when({
        type: 'FilePatent',
        data: {
          projectId: PROJECT_ID,
          patentId: 'pat-9',
          title: 'Optical sensor',
          jurisdiction: 'CN',
          kind: 'invention',
          applicationNumber: 'CN2020123',
          filedOn: '2020-02-02',
        },
        metadata: imported(3),
      })
      .then([
        event('PatentFiled', {
          patentId: 'pat-9',
          title: 'Optical sensor',
          jurisdiction: 'CN',
          kind: 'invention',
          applicationNumber: 'CN2020123',
          filedOn: '2020-02-02',
        }),
      ]));

  it('is refused to anyone but an admin', () =>
    spec
      .given(readyForPatent)
      .when(paper('go', null, null, imported(7, undefined, office)))
      .thenThrows('role_not_permitted'));

  it('never signs: a signed gate command is not importable', () =>
    spec
      .given(readyForPatent)
      .when({
        type: 'AdvanceStage',
        data: { projectId: PROJECT_ID, targetStage: null, signature: { meaning: 'm', printedName: 'p' } },
        metadata: imported(7),
      })
      .thenThrows('role_not_permitted'));
});

describe('a gate decision taken on paper', () => {
  it('goes to the next stage with the paper, the evidence on record and no signature', () =>
    spec
      .given(readyForPatent)
      .when(paper('go'))
      .then([
        event('StageAdvanced', {
          decision: 'go',
          fromStage: 'idea',
          toStage: 'patent',
          reason: null,
          paper: onPaper,
          evidence: [{ code: 'invention_disclosure', recordIds: ['dis-1'] }],
        }),
      ]));

  it('is not refused for evidence the portfolio does not hold (it was decided on paper): the gap shows', () =>
    spec
      .given(atIdea)
      .when(paper('go'))
      .then([
        event('StageAdvanced', {
          decision: 'go',
          fromStage: 'idea',
          toStage: 'patent',
          reason: null,
          paper: onPaper,
          evidence: [{ code: 'invention_disclosure', recordIds: [] }],
        }),
      ]));

  it('is recorded only by an import, even for an admin', () =>
    spec
      .given(readyForPatent)
      .when(paper('go', null, null, { actor: admin, now: NOW }))
      .thenThrows('paper_decision_only_by_import'));

  it('follows the stage order: no gate from patent to approved', () =>
    spec.given(atPatent).when(paper('go', 'approved')).thenThrows('invalid_stage_transition'));

  it('takes a class III device through clinical validation', () =>
    spec
      .given(atPrototype)
      .when(paper('go', 'regulatory_review'))
      .thenThrows('class_iii_cannot_skip_clinical_validation'));

  it('needs a reason to kill, hold or recycle', () => {
    spec.given(atPatent).when(paper('kill')).thenThrows('reason_required');
    spec.given(atPatent).when(paper('hold')).thenThrows('reason_required');
    spec.given(atPrototype).when(paper('recycle', 'patent')).thenThrows('reason_required');
  });

  it('kills with the reason and the paper', () =>
    spec
      .given(atPatent)
      .when(paper('kill', null, 'Prior art found'))
      .then([
        event('ProjectKilled', {
          decision: 'kill',
          fromStage: 'patent',
          toStage: 'patent',
          reason: 'Prior art found',
          paper: onPaper,
        }),
      ]));

  it('resumes only a project on hold, and a project on hold takes a paper resume', () => {
    spec.given(atPatent).when(paper('resume')).thenThrows('project_not_on_hold');
    spec
      .given([...atPatent, putOnHold('patent', 2)])
      .when(paper('resume', null, 'Funding found'))
      .then([
        event('ProjectResumed', {
          decision: 'resume',
          fromStage: 'patent',
          toStage: 'patent',
          reason: 'Funding found',
          paper: onPaper,
        }),
      ]);
    spec
      .given([...atPatent, putOnHold('patent', 2)])
      .when(paper('go'))
      .thenThrows('project_on_hold');
  });

  it('recycles only to an earlier stage', () => {
    spec
      .given(atPrototype)
      .when(paper('recycle', 'clinical_validation', 'r'))
      .thenThrows('invalid_recycle_target');
    spec
      .given(atPrototype)
      .when(paper('recycle', 'patent', 'Claims rejected'))
      .then([
        event('ProjectRecycled', {
          decision: 'recycle',
          fromStage: 'prototype',
          toStage: 'patent',
          reason: 'Claims rejected',
          paper: onPaper,
        }),
      ]);
  });

  it('takes no decision after approval', () =>
    spec
      .given(atApproved)
      .when(paper('kill', null, 'r'))
      .thenThrows('project_approved'));

  it('needs the paper reference, who decided and a past day', () => {
    const without = (p: object) =>
      ({
        ...paper('go'),
        data: { projectId: PROJECT_ID, decision: 'go', toStage: null, reason: null, paper: { ...paperFor(), ...p } },
      }) as ProjectCommand;
    spec
      .given(readyForPatent)
      .when(without({ reference: ' ' }))
      .thenThrows('field_required');
    spec
      .given(readyForPatent)
      .when(without({ decidedBy: '' }))
      .thenThrows('field_required');
    spec
      .given(readyForPatent)
      .when(without({ decidedOn: '2021-02-30' }))
      .thenThrows('invalid_date');
    spec
      .given(readyForPatent)
      .when(without({ decidedOn: '2030-01-01' }))
      .thenThrows('invalid_date');
  });

  it('enters the stage on the paper day in the project state', () => {
    const state = evolveAll(initialState(), [
      ...readyForPatent,
      event('StageAdvanced', {
        decision: 'go',
        fromStage: 'idea',
        toStage: 'patent',
        reason: null,
        paper: onPaper,
        evidence: [],
      }),
    ]);
    expect(state.stage).toBe('patent');
    expect(state.stageHistory.at(-1)).toEqual({ stage: 'patent', enteredAt: '2021-06-01T00:00:00.000Z', revision: 2 });
    expect(state.gateDecisions.at(-1)).toMatchObject({ decision: 'go', paper: onPaper });
    expect(state.gateDecisions.at(-1)).not.toHaveProperty('signature');
  });
});
