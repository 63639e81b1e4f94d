import { describe, expect, it } from 'vitest';
import document from '../../api/openapi.json';
import { buildBody, correctionChoices, fieldsOf, referenceOptions } from './command-dialog';
import { correction } from './project-commands';

// The forms are drawn from the API's own request schemas: these check the drawing against the checked-in document.
const doc = document as unknown as Parameters<typeof fieldsOf>[0];
const schemaOf = (route: string) => doc.paths[route].post!.requestBody!.content['application/json'].schema;

describe('command forms from the OpenAPI document', () => {
  it('lists every field of a command with its kind, dotted names for nested objects, and skips server-made ids', () => {
    const fields = fieldsOf(doc, schemaOf('/projects/{projectId}/invention-disclosures'));
    expect(fields.map((f) => [f.name, f.kind, f.required])).toEqual([
      ['title', 'text', true],
      ['summary', 'longtext', true],
      ['inventors', 'list', true],
      ['disclosedOn', 'date', true],
    ]);
    const member = fieldsOf(doc, schemaOf('/projects/{projectId}/team-members'));
    expect(member.map((f) => f.name)).toEqual(['member.id', 'member.name', 'teamRole']);
    expect(member.find((f) => f.name === 'teamRole')?.options).toContain('engineer');
  });

  it('offers a corrected value of a fixed list from the command that recorded the field; free text elsewhere', () => {
    const trial = { trialId: 'tr-1', title: 'Pivotal study', registry: 'NCT', phase: 'II', registeredOn: '2026-01-05' };
    expect(correctionChoices(doc, correction('trials', trial, 'phase').prefill!)).toEqual(['I', 'II', 'III', 'feasibility', 'pivotal']);
    expect(correctionChoices(doc, correction('trials', trial, 'registry').prefill!)).toEqual(['ChiCTR', 'NCT', 'other']);
    expect(correctionChoices(doc, correction('trials', trial, 'title').prefill!)).toBeUndefined();
    expect(correctionChoices(doc, correction('verificationTests', { testId: 'vt-1', result: 'passed' }, 'result').prefill!)).toEqual(['passed', 'failed']);
    expect(correctionChoices(doc, correction('milestones', { milestoneId: 'ms-1', title: 'x' }, 'title').prefill!)).toBeUndefined();
  });

  it('builds the request body: nested objects, lists, numbers and booleans typed, empty optional fields left out', () => {
    const trial = fieldsOf(doc, schemaOf('/projects/{projectId}/trials/{trialId}/completion'));
    expect(buildBody(trial, { completedOn: '2026-05-01', primaryEndpointMet: true, resultSummary: 'Met.' })).toEqual({
      completedOn: '2026-05-01',
      primaryEndpointMet: true,
      resultSummary: 'Met.',
    });
    const enrolment = fieldsOf(doc, schemaOf('/projects/{projectId}/trials/{trialId}/enrolment'));
    expect(buildBody(enrolment, { enrolled: '48', asOf: '2026-05-01' })).toEqual({ enrolled: 48, asOf: '2026-05-01' });
    const disclosure = fieldsOf(doc, schemaOf('/projects/{projectId}/invention-disclosures'));
    expect(buildBody(disclosure, { title: 't', summary: 's', inventors: 'Dr. Chen Wei\n Li Na \n', disclosedOn: '2026-02-01' }).inventors).toEqual(['Dr. Chen Wei', 'Li Na']);
  });

  it('starts a correction from the record: target and old value given, the new value typed like the old one', () => {
    const command = correction('trials', { trialId: 't-1', targetEnrolment: 120, title: 'Pivotal' }, 'targetEnrolment');
    const fields = fieldsOf(doc, schemaOf(command.route));
    const values = { ...Object.fromEntries(Object.entries(command.prefill!).map(([k, v]) => [k, String(v)])), newValue: '150', reason: 'Protocol amendment 2' };
    expect(buildBody(fields, values, command.prefill)).toEqual({
      target: { kind: 'trial', id: 't-1' },
      field: 'targetEnrolment',
      oldValue: 120,
      newValue: 150,
      reason: 'Protocol amendment 2',
    });
  });

  it('offers the project’s live prototypes for a verification test’s prototype, rather than a box for its id', () => {
    const project = {
      records: {
        prototypes: [
          { prototypeId: 'p-1', version: 'v1.0', description: 'Titanium can', retracted: false },
          { prototypeId: 'p-0', version: 'v0.9', description: 'Bench model', retracted: true },
        ],
      },
    } as unknown as Parameters<typeof referenceOptions>[0];
    const prototype = fieldsOf(doc, schemaOf('/projects/{projectId}/verification-tests')).find((f) => f.name === 'prototypeId');
    expect(prototype).toMatchObject({ kind: 'text', required: true });
    expect(referenceOptions(project, 'prototypeId')).toEqual([{ value: 'p-1', label: 'v1.0 — Titanium can' }]);
    expect(referenceOptions(project, 'standard')).toBeUndefined();
  });
});
