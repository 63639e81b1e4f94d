// The fixed-model template answers every gate exactly as the decider's own gate rules do: over every state of the
// demo pipeline and of the specs' histories (recycles, retractions, failed tests, holds), for every target stage.
import { DEMO_PIPELINE, DemoProject } from '../../demo/demo-pipeline';
import {
  decide,
  evolve,
  initialState,
  missingEvidence,
  ProjectCommand,
  ProjectEvent,
  ProjectState,
  Stage,
  STAGES,
} from '..';
import {
  atApproved,
  electricalSafetyFailed,
  equivalenceRecorded,
  event,
  killed,
  office,
  putOnHold,
  readyForClinical,
  recruiting,
  spineVerified,
  trialMissed,
} from '../testing/fixtures';
import { FIXED_MODEL } from './builtin';
import { checkGate, missingFor, nextStageOf } from './template.gates';
import { validateTemplate } from './template.validation';

const DAY = '2025-06-01';

function demoEvents(project: DemoProject): ProjectEvent[] {
  let state = initialState();
  const events: ProjectEvent[] = [];
  for (const step of project.steps) {
    const decided = decide(
      { ...step.command, metadata: { actor: step.actor, now: step.occurredAt } } as ProjectCommand,
      state,
    );
    events.push(...decided);
    state = decided.reduce(evolve, state);
  }
  return events;
}

const retracted = event('RecordRetracted', {
  target: { kind: 'prototype', id: 'proto-1' },
  reason: 'Entered on the wrong project',
});
const recycled = (from: Stage, to: Stage, revision: number) =>
  ({
    type: 'ProjectRecycled',
    data: { ...killed(from, revision).data, decision: 'recycle', toStage: to, reason: 'Redesign after the trial' },
  }) as ProjectEvent;

const HISTORIES: [string, ProjectEvent[]][] = [
  ...DEMO_PIPELINE.map((p) => [`demo ${p.key}`, demoEvents(p)] as [string, ProjectEvent[]]),
  ['glucose to approval', atApproved],
  ['a failing standard, then retraction', [...readyForClinical, electricalSafetyFailed, retracted]],
  [
    'trial missed, recycled to prototype',
    [...recruiting, trialMissed, recycled('clinical_validation', 'prototype', recruiting.length)],
  ],
  ['class II by equivalence', [...spineVerified, equivalenceRecorded]],
  ['on hold', [...readyForClinical, putOnHold('prototype', readyForClinical.length - 1)]],
];

/** Every state a history passes through, after its first event. */
function statesOf(events: ProjectEvent[]): ProjectState[] {
  const states: ProjectState[] = [];
  events.reduce((state, e) => {
    const next = evolve(state, e);
    states.push(next);
    return next;
  }, initialState());
  return states;
}

// The decider's answer to a "go" by an office member who is not the lead clinician.
function legacyGo(
  state: ProjectState,
  target: Stage | null,
): { code: string; details?: unknown; events?: ProjectEvent[] } {
  const command = {
    type: 'AdvanceStage',
    data: {
      projectId: state.profile!.projectId,
      targetStage: target,
      signature: { meaning: 'approved to advance', printedName: office.name },
    },
    metadata: { actor: office, now: `${DAY}T09:00:00.000Z` },
  } as ProjectCommand;
  try {
    return { code: 'ok', events: decide(command, state) };
  } catch (error) {
    return { code: (error as { code: string }).code, details: (error as { details?: unknown }).details };
  }
}

const REFUSAL_CODES = {
  no_gate: 'invalid_stage_transition',
  condition_not_met: 'class_iii_cannot_skip_clinical_validation',
  evidence_missing: 'gate_evidence_missing',
} as const;

describe('the fixed-model template', () => {
  it('is a valid template', () => {
    expect(validateTemplate(FIXED_MODEL)).toEqual([]);
  });

  it('has the six stages in the decider’s order', () => {
    expect(FIXED_MODEL.stages.map((s) => s.id)).toEqual([...STAGES]);
    for (const stage of STAGES) expect(nextStageOf(FIXED_MODEL, stage)).toBe(STAGES[STAGES.indexOf(stage) + 1] ?? null);
  });

  describe.each(HISTORIES)('over %s', (_name, events) => {
    const states = statesOf(events).filter((s) => s.profile);

    it('reports the same missing evidence for every target stage', () => {
      for (const state of states) {
        for (const target of [null, ...STAGES]) {
          const to = target ?? nextStageOf(FIXED_MODEL, state.stage);
          const expected = missingEvidence(state, target ?? undefined);
          const actual = missingFor(FIXED_MODEL, state, state.stage, to, DAY).map(({ code, message }) => ({
            code,
            message,
          }));
          expect({ revision: state.revision, target, missing: actual }).toEqual({
            revision: state.revision,
            target,
            missing: expected,
          });
        }
      }
    });

    it('accepts and refuses each "go" as the decider does, with the same evidence', () => {
      let checked = 0;
      for (const state of states.filter((s) => s.status === 'active')) {
        for (const target of [null, ...STAGES]) {
          const legacy = legacyGo(state, target);
          const check = checkGate(
            FIXED_MODEL,
            state,
            state.stage,
            target ?? nextStageOf(FIXED_MODEL, state.stage),
            DAY,
          );
          const where = { revision: state.revision, stage: state.stage, target };
          if (check.ok) {
            const evidence = check.evidence.map(({ code, recordIds }) => ({ code, recordIds }));
            expect({ ...where, code: legacy.code }).toEqual({ ...where, code: 'ok' });
            expect((legacy.events![0].data as { evidence: unknown }).evidence).toEqual(evidence);
          } else {
            expect({ ...where, code: legacy.code }).toEqual({ ...where, code: REFUSAL_CODES[check.refusal.code] });
            if (check.refusal.code === 'evidence_missing') {
              const missing = check.refusal.missing.map(({ code, message }) => ({ code, message }));
              expect((legacy.details as { missing: unknown }).missing).toEqual(missing);
            }
          }
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(0);
    });
  });
});
