import {
  atClinical,
  atIdea,
  command,
  event,
  glucoseProposal,
  office,
  PROJECT_ID,
  recruiting,
  spec,
  trialRegistered,
} from '../testing/fixtures';
import type { Actor, CorrectableValue, RecordRef } from '..';

// A correction takes the limits of the field it corrects (issue 12, finding 5).
describe('correction limits', () => {
  const trial: RecordRef = { kind: 'trial', id: 'tr-1' };
  const correct = (
    target: RecordRef,
    field: string,
    oldValue: CorrectableValue,
    newValue: CorrectableValue,
    actor: Actor = office,
  ) => command('CorrectRecord', { target, field, oldValue, newValue, reason: 'Typo' }, actor);

  it.each([3_000_000_000, 1_000_001, 0, 2.5])('refuses target enrolment %s', (newValue) =>
    spec
      .given([...atClinical, trialRegistered])
      .when(correct(trial, 'targetEnrolment', 120, newValue))
      .thenThrows('invalid_correction_value'),
  );

  it.each([
    [
      'RegisterTrial',
      {
        trialId: 'tr-9',
        title: 'Big',
        registry: 'NCT',
        registryId: 'NCT1',
        targetEnrolment: 1_000_001,
        registeredOn: '2025-03-01',
      },
    ],
  ] as const)('refuses %s with a count above a million', (type, data) =>
    spec.given(atClinical).when(command(type, data)).thenThrows('invalid_count'),
  );

  it('refuses enrolment above a million', () =>
    spec
      .given(recruiting)
      .when(command('UpdateEnrolment', { trialId: 'tr-1', enrolled: 1_000_001, asOf: '2025-09-01' }))
      .thenThrows('invalid_count'));

  it('accepts the largest count a trial may register', () =>
    spec
      .given([...atClinical, trialRegistered])
      .when(correct(trial, 'targetEnrolment', 120, 1_000_000))
      .then([
        event('RecordCorrected', {
          target: trial,
          field: 'targetEnrolment',
          oldValue: 120,
          newValue: 1_000_000,
          reason: 'Typo',
        }),
      ]));

  it.each([
    ['title', 201],
    ['summary', 4001],
  ])('refuses a project %s longer than its request takes (%i characters)', (field, length) =>
    spec
      .given(atIdea)
      .when(
        correct(
          { kind: 'project', id: PROJECT_ID },
          field,
          glucoseProposal[field as 'title' | 'summary'],
          'x'.repeat(length),
        ),
      )
      .thenThrows('invalid_correction_value'),
  );

  it('accepts text up to the limit', () =>
    spec
      .given(atIdea)
      .when(correct({ kind: 'project', id: PROJECT_ID }, 'title', glucoseProposal.title, '血糖'.repeat(100)))
      .then([
        event('RecordCorrected', {
          target: { kind: 'project', id: PROJECT_ID },
          field: 'title',
          oldValue: glucoseProposal.title,
          newValue: '血糖'.repeat(100),
          reason: 'Typo',
        }),
      ]));
});
