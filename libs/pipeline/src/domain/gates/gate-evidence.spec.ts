import {
  atApproved,
  atClinical,
  atIdea,
  atPatent,
  atPrototype,
  atRegulatory,
  biocompatibilityPassed,
  electricalSafetyFailed,
  prototypeBuilt,
  readyForApproval,
  readyForClinical,
  readyForPatent,
  readyForPrototype,
  readyForRegulatory,
  recruiting,
  spineVerified,
  submissionFiled,
} from '../testing/fixtures';
import { evolve, initialState, missingEvidence, nextStage, ProjectEvent, ProjectState } from '..';

const fold = (events: ProjectEvent[]): ProjectState => events.reduce(evolve, initialState());
const codes = (events: ProjectEvent[], target?: Parameters<typeof missingEvidence>[1]) =>
  missingEvidence(fold(events), target).map((m) => m.code);

describe('nextStage', () => {
  it.each([
    [atIdea, 'patent'],
    [atPatent, 'prototype'],
    [atPrototype, 'clinical_validation'],
    [atClinical, 'regulatory_review'],
    [atRegulatory, 'approved'],
    [atApproved, null],
  ] as [ProjectEvent[], string | null][])('follows the stage model (%#)', (events, next) => {
    expect(nextStage(fold(events))).toBe(next);
  });
});

describe('missingEvidence', () => {
  it('is empty before a proposal and after approval', () => {
    expect(missingEvidence(initialState())).toEqual([]);
    expect(missingEvidence(fold(atApproved))).toEqual([]);
  });

  it('at idea: the invention disclosure, with a human message', () => {
    expect(missingEvidence(fold(atIdea))).toEqual([
      { code: 'invention_disclosure', message: expect.stringContaining('invention disclosure') },
    ]);
    expect(codes(readyForPatent)).toEqual([]);
  });

  it('at patent: a filed patent application', () => {
    expect(codes(atPatent)).toEqual(['patent_application_filed']);
    expect(codes(readyForPrototype)).toEqual([]);
  });

  it('at prototype: prototype, verification, design review and ethics approval', () => {
    expect(codes(atPrototype)).toEqual([
      'prototype_built',
      'verification_passed',
      'design_review_held',
      'ethics_approval',
    ]);
    expect(codes([...atPrototype, prototypeBuilt, biocompatibilityPassed])).toEqual([
      'design_review_held',
      'ethics_approval',
    ]);
    expect(codes([...atPrototype, prototypeBuilt, biocompatibilityPassed, electricalSafetyFailed])).toContain(
      'verification_passed',
    );
    expect(codes(readyForClinical)).toEqual([]);
  });

  it('at prototype towards regulatory review (class I/II): equivalence instead of ethics', () => {
    expect(codes(spineVerified, 'regulatory_review')).toEqual(['equivalence_evaluation']);
  });

  it('at clinical validation: a completed trial that met its endpoint', () => {
    expect(codes(atClinical)).toEqual(['trial_completed_endpoint_met']);
    expect(codes(recruiting)).toEqual(['trial_completed_endpoint_met']);
    expect(codes(readyForRegulatory)).toEqual([]);
  });

  it('at regulatory review: a filed submission and its approval', () => {
    expect(codes(atRegulatory)).toEqual(['submission_filed', 'approval_granted']);
    expect(codes([...atRegulatory, submissionFiled])).toEqual(['approval_granted']);
    expect(codes(readyForApproval)).toEqual([]);
  });

  it('is empty for a target no gate leads to', () => {
    expect(codes(atIdea, 'approved')).toEqual([]);
  });
});
