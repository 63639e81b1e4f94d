import { deadlinesFromEvents, decide, DomainError, evolveAll, initialState, isOverdue, openConditions } from '..';
import { FDA_PMA } from '../templates/builtin';
import type { Actor, ConditionInput } from '..';
import {
  advanced,
  disclosed,
  glucoseProposal,
  atPatent,
  command,
  event,
  killed,
  leadClinician,
  manager,
  NOW,
  office,
  outsider,
  patentFiled,
  putOnHold,
  readyForPatent,
  readyForPrototype,
  signature,
  signed,
  spec,
  teamClinician,
  teamClinicianAdded,
} from '../testing/fixtures';

// The go from idea to patent, on the disclosure, with two conditions for the team.
const ready = [...readyForPatent, teamClinicianAdded];
const disclosureEvidence = [{ code: 'invention_disclosure' as const, recordIds: ['dis-1'] }];
const searchReport: ConditionInput = {
  conditionId: 'cond-1',
  text: 'Commission a freedom-to-operate search',
  ownerId: teamClinician.id,
  dueOn: '2025-04-30',
};
const budget: ConditionInput = {
  conditionId: 'cond-2',
  text: 'Partner confirms the prototype budget in writing',
  ownerId: 'DR-CHEN ',
  dueOn: '2025-03-01',
};
const go = (conditions?: ConditionInput[], actor: Actor = office, now = NOW) =>
  command('AdvanceStage', { targetStage: null, signature, ...(conditions ? { conditions } : {}) }, actor, now);
const gate = { fromStage: 'idea' as const, toStage: 'patent' as const };
const set = (c: ConditionInput, owner: { id: string; name: string }) =>
  event('ConditionSet', { conditionId: c.conditionId, text: c.text, owner, dueOn: c.dueOn, setAt: NOW, gate });
const searchSet = set(searchReport, { id: teamClinician.id, name: teamClinician.name });
const budgetSet = set(budget, { id: leadClinician.id, name: leadClinician.name });
const advancedToPatent = advanced('idea', 'patent', ready.length - 1, disclosureEvidence);
// At patent with both conditions open, and the patent application that the next gate needs on file.
const atPatentOnConditions = [...ready, advancedToPatent, searchSet, budgetSet, patentFiled];
const close = (conditionId = 'cond-1', actor: Actor = office, data: { evidence?: string; documentId?: string | null } = {}) =>
  command('CloseCondition', { conditionId, evidence: 'FTO report FTO-2025-07 on file', documentId: null, ...data }, actor);
const closed = (conditionId: string, by: Actor, evidence = 'FTO report FTO-2025-07 on file') =>
  event('ConditionClosed', {
    conditionId,
    evidence,
    documentId: null,
    closedBy: { id: by.id, name: by.name, role: by.role },
    closedAt: NOW,
  });

describe('conditional go: setting conditions', () => {
  it('a go with conditions sets each after the stage advanced, owner named as the team has them', () =>
    spec
      .given(ready)
      .when(go([searchReport, budget]))
      .then([advancedToPatent, searchSet, budgetSet]));

  it('a go without conditions is the go it always was', () =>
    spec.given(ready).when(go()).then([advancedToPatent]));

  it('an owner must be on the active team', () =>
    spec
      .given(ready)
      .when(go([{ ...searchReport, ownerId: outsider.id }]))
      .thenThrows('condition_owner_not_on_team', { field: 'conditions[0].ownerId' }));

  it('an owner id that names nobody is refused', () =>
    spec
      .given(ready)
      .when(go([{ ...searchReport, ownerId: '__proto__' }]))
      .thenThrows('condition_owner_not_on_team'));

  it.each([
    ['yesterday in UTC (still today west of UTC)', '2025-02-28', null],
    ['two days ago', '2025-02-27', 'invalid_date'],
    ['a day that does not exist', '2025-02-30', 'invalid_date'],
    ['not a day', 'soon', 'invalid_date'],
    ['more than ten years ahead', '2035-03-02', 'invalid_date'],
  ])('a due day %s', (_what, dueOn, code) => {
    const when = spec.given(ready).when(go([{ ...searchReport, dueOn }]));
    if (code) when.thenThrows(code, { field: 'conditions[0].dueOn' });
    else when.then([advancedToPatent, { ...searchSet, data: { ...searchSet.data, dueOn } }]);
  });

  it('text, owner and due day are required; text is bounded', () => {
    spec
      .given(ready)
      .when(go([{ ...searchReport, text: '  ' }]))
      .thenThrows('field_required', { field: 'conditions[0].text' });
    spec
      .given(ready)
      .when(go([{ ...searchReport, text: 'x'.repeat(2001) }]))
      .thenThrows('invalid_condition', { field: 'conditions[0].text' });
  });

  it('condition ids are unique within the go and on the record', () => {
    spec.given(ready).when(go([searchReport, { ...budget, conditionId: 'cond-1' }])).thenThrows('invalid_condition');
    spec
      .given(atPatentOnConditions.concat(closed('cond-1', office), closed('cond-2', office)))
      .when(go([searchReport]))
      .thenThrows('invalid_condition', { conditionId: 'cond-1' });
  });

  it('a refused go sets no conditions', () =>
    spec.given([...atPatent, teamClinicianAdded]).when(go([searchReport])).thenThrows('gate_evidence_missing'));
});

describe('conditional go: the next gate waits', () => {
  it('refuses the next go while a condition is open, listing the open ones', () =>
    spec
      .given(atPatentOnConditions)
      .when(go())
      .thenThrows('conditions_open', {
        conditions: [
          { conditionId: 'cond-1', ownerId: teamClinician.id, dueOn: '2025-04-30' },
          { conditionId: 'cond-2', ownerId: leadClinician.id, dueOn: '2025-03-01' },
        ],
      }));

  it('still refuses with one condition closed', () =>
    spec
      .given([...atPatentOnConditions, closed('cond-1', office)])
      .when(go())
      .thenThrows('conditions_open', { conditions: [{ conditionId: 'cond-2' }] }));

  it('passes once every condition is closed', () => {
    const history = [...atPatentOnConditions, closed('cond-1', office), closed('cond-2', leadClinician)];
    spec
      .given(history)
      .when(go())
      .then([
        advanced('patent', 'prototype', history.length - 1, [{ code: 'patent_application_filed', recordIds: ['pat-cn-1'] }]),
      ]);
  });

  it('kill, hold and recycle are not held up by open conditions', () => {
    const signatureFor = (meaning: string) => ({ ...signature, meaning });
    spec
      .given(atPatentOnConditions)
      .when(command('KillProject', { reason: 'Accuracy target unreachable', signature: signatureFor('approved to terminate') }))
      .then([killed('patent', atPatentOnConditions.length - 1)]);
    spec
      .given(atPatentOnConditions)
      .when(command('PutProjectOnHold', { reason: 'Partner funding round delayed', signature: signatureFor('approved to pause') }))
      .then([putOnHold('patent', atPatentOnConditions.length - 1)]);
    spec
      .given(atPatentOnConditions)
      .when(command('RecycleProject', { toStage: 'idea', reason: 'Redo the disclosure', signature: signatureFor('approved to redesign') }))
      .then([
        event('ProjectRecycled', {
          decision: 'recycle',
          fromStage: 'patent',
          toStage: 'idea',
          reason: 'Redo the disclosure',
          signature: signed(atPatentOnConditions.length - 1, NOW, 'approved to redesign'),
        }),
      ]);
  });
});

describe('conditional go: closing a condition', () => {
  it('the office closes any condition, with evidence', () =>
    spec.given(atPatentOnConditions).when(close()).then([closed('cond-1', office)]));

  it('its owner closes it; another clinician on the team may not', () => {
    spec.given(atPatentOnConditions).when(close('cond-1', teamClinician)).then([closed('cond-1', teamClinician)]);
    spec.given(atPatentOnConditions).when(close('cond-2', teamClinician)).thenThrows('not_condition_owner');
  });

  it('management and clinicians off the team may not close one', () => {
    spec.given(atPatentOnConditions).when(close('cond-1', manager)).thenThrows('role_not_permitted');
    spec.given(atPatentOnConditions).when(close('cond-1', outsider)).thenThrows('not_a_team_member');
  });

  it('refuses an unknown condition and closing one twice', () => {
    spec.given(atPatentOnConditions).when(close('cond-9')).thenThrows('condition_not_found');
    spec
      .given([...atPatentOnConditions, closed('cond-1', office)])
      .when(close('cond-1'))
      .thenThrows('condition_already_closed');
  });

  it('needs evidence, and a named document must be on the record', () => {
    spec.given(atPatentOnConditions).when(close('cond-1', office, { evidence: ' ' })).thenThrows('field_required');
    spec
      .given(atPatentOnConditions)
      .when(close('cond-1', office, { documentId: 'doc-x' }))
      .thenThrows('document_not_found');
  });

  it('may be closed while the project is on hold', () => {
    const onHold = [...atPatentOnConditions, putOnHold('patent', atPatentOnConditions.length - 1)];
    spec.given(onHold).when(close()).then([closed('cond-1', office)]);
  });
});

describe('conditional go: state', () => {
  it('keeps every condition, open and closed, and knows which are overdue', () => {
    const state = evolveAll(initialState(), [...atPatentOnConditions, closed('cond-1', office)]);
    expect(Object.keys(state.conditions)).toEqual(['cond-1', 'cond-2']);
    expect(state.conditions['cond-1']).toMatchObject({ status: 'closed', evidence: 'FTO report FTO-2025-07 on file', closedBy: { id: office.id } });
    expect(openConditions(state).map((c) => c.conditionId)).toEqual(['cond-2']);
    expect(isOverdue(state.conditions['cond-2'], '2025-03-01')).toBe(false);
    expect(isOverdue(state.conditions['cond-2'], '2025-03-02')).toBe(true);
    expect(isOverdue(state.conditions['cond-1'], '2026-01-01')).toBe(false);
  });

  it('events recorded before conditions fold to none', () => {
    expect(evolveAll(initialState(), readyForPrototype).conditions).toEqual({});
  });
});

describe('conditional go: deadlines', () => {
  it('each condition is a condition_due deadline of its owner, closed by the event that closed it', () => {
    const history = [...atPatentOnConditions, closed('cond-1', office)].map((e, i) => ({ event: e, ref: `ev-${i}` }));
    const deadlines = deadlinesFromEvents(history, '2025-03-02').filter((d) => d.kind === 'condition_due');
    const setRefs = [`ev-${ready.length + 1}`, `ev-${ready.length + 2}`];
    expect(deadlines).toMatchObject([
      { id: 'condition_due:cond-2', owner: leadClinician.id, startsOn: '2025-03-01', dueOn: '2025-03-01', closedOn: null, status: 'missed', sourceEvents: [setRefs[1]], closedBy: [] },
      { id: 'condition_due:cond-1', owner: teamClinician.id, dueOn: '2025-04-30', closedOn: '2025-03-01', status: 'met', sourceEvents: [setRefs[0]], closedBy: [`ev-${history.length - 1}`] },
    ]);
    expect(deadlines[0].title).toBe('Condition of the go to patent: Partner confirms the prototype budget in writing');
  });

  it("shortens a long condition's title by characters, never splitting a surrogate pair (PostgreSQL's json refuses a lone one)", () => {
    const long = '🩺'.repeat(200);
    const history = atPatentOnConditions.map((e) =>
      e.type === 'ConditionSet' && (e.data as { conditionId: string }).conditionId === 'cond-2' ? { ...e, data: { ...e.data, text: long } } : e,
    );
    const [deadline] = deadlinesFromEvents(history.map((e, i) => ({ event: e, ref: `ev-${i}` })), '2025-03-02').filter((d) => d.id === 'condition_due:cond-2');
    const shown = deadline.title.slice('Condition of the go to patent: '.length);
    expect([...shown]).toHaveLength(120);
    expect(shown.endsWith('🩺…')).toBe(true);
    expect(() => encodeURIComponent(deadline.title)).not.toThrow();
  });
});

describe('conditional go: a project bound to a pathway template', () => {
  it('sets conditions with the template stages of its go, and its next go waits for them', () => {
    const template = { templateId: 'fda_pma', version: 1, template: FDA_PMA };
    const history = [event('ProjectProposed', { ...glucoseProposal, template, proposedAt: NOW }), disclosed];
    const events = decide(go([{ ...budget }]), evolveAll(initialState(), history));
    expect(events.map((e) => e.type)).toEqual(['StageAdvanced', 'ConditionSet']);
    expect(events[1].data).toMatchObject({ gate: { fromStage: 'idea', toStage: 'patent', fromTemplateStage: 'idea', toTemplateStage: 'patent' } });
    const state = evolveAll(initialState(), [...history, ...events, patentFiled]);
    expect(() => decide(go(), state)).toThrow(DomainError);
    expect(() => decide(go(), state)).toThrow(expect.objectContaining({ code: 'conditions_open' }));
  });
});
