import { DOCUMENT_PURPOSES, documentsOf, evolveAll, initialState, sanitizeFileName } from '..';
import { satisfiedBy } from '../templates/template.evidence';
import { DOCUMENT_KINDS } from '../templates/template.model';
import {
  atPrototype,
  biocompatibilityPassed,
  command,
  deficiencyAnswered,
  deficiencyReceived,
  event,
  killed,
  leadClinician,
  manager,
  milestoneByTan,
  office,
  outsider,
  prototypeBuilt,
  putOnHold,
  spec,
  submissionFiled,
  teamClinician,
  teamClinicianAdded,
  trialRegistered,
} from '../testing/fixtures';
import type { Actor } from '..';

const SHA_A = 'a'.repeat(64);
const SHA_B = 'b'.repeat(64);
const file = {
  documentId: 'doc-1',
  sha256: SHA_A,
  fileName: 'ISO10993-5 report.pdf',
  mediaType: 'application/pdf',
  size: 1234,
};
const onTest = {
  attachedTo: { kind: 'verification_test' as const, id: 'vt-10993' },
  purpose: 'test_report' as const,
  deficiency: null,
};
const tested = [...atPrototype, prototypeBuilt, biocompatibilityPassed];
const attach = (data: Record<string, unknown> = {}, actor?: Actor) =>
  command('AttachDocument', { ...file, ...onTest, ...data } as never, actor);
const attached = event('DocumentAttached', { ...file, ...onTest });
const supersede = (data: Record<string, unknown> = {}, actor?: Actor) =>
  command(
    'SupersedeDocument',
    {
      ...file,
      documentId: 'doc-2',
      sha256: SHA_B,
      fileName: 'ISO10993-5 report v2.pdf',
      supersedes: 'doc-1',
      reason: 'Signed copy',
      ...data,
    } as never,
    actor,
  );
const superseded = event('DocumentSuperseded', {
  ...file,
  ...onTest,
  documentId: 'doc-2',
  sha256: SHA_B,
  fileName: 'ISO10993-5 report v2.pdf',
  supersedes: 'doc-1',
  reason: 'Signed copy',
});

describe('AttachDocument', () => {
  it('records the document on the verification test: id, sha256, name, media type, size', () =>
    spec.given(tested).when(attach()).then([attached]));
  it('refuses a record that does not exist', () =>
    spec
      .given(tested)
      .when(attach({ attachedTo: { kind: 'verification_test', id: 'vt-nope' } }))
      .thenThrows('record_not_found', { kind: 'verification_test', id: 'vt-nope' }));
  it('refuses a record kind that is not evidence (a partner, the project)', () =>
    spec
      .given(tested)
      .when(attach({ attachedTo: { kind: 'partner' as never, id: 'p-1' } }))
      .thenThrows('invalid_document_target'));
  it('refuses a purpose the record does not take (a certificate on a test)', () =>
    spec
      .given(tested)
      .when(attach({ purpose: 'approval_certificate' as never }))
      .thenThrows('invalid_document_target'));
  it('refuses a retracted record', () =>
    spec
      .given([
        ...tested,
        event('RecordRetracted', { target: { kind: 'verification_test', id: 'vt-10993' }, reason: 'Wrong lab' }),
      ])
      .when(attach())
      .thenThrows('record_retracted'));
  it('refuses a document id already used', () =>
    spec
      .given([...tested, attached])
      .when(attach())
      .thenThrows('record_already_exists'));
  it.each([
    ['sha256', { sha256: 'XYZ' }],
    ['size', { size: 0 }],
    ['fileName', { fileName: '../../etc/passwd' }],
    ['fileName', { fileName: 'report\u0000.pdf' }],
    ['mediaType', { mediaType: 'PDF' }],
  ])('refuses an invalid %s', (field, data) =>
    spec
      .given(tested)
      .when(attach(data as never))
      .thenThrows('invalid_document', { field }),
  );
  it('follows the record’s roles: the office attaches a test report, a clinician may not', () =>
    spec
      .given([...tested, teamClinicianAdded])
      .when(attach({}, teamClinician))
      .thenThrows('role_not_permitted'));
  it('management only reads', () => spec.given(tested).when(attach({}, manager)).thenThrows('role_not_permitted'));
  it('lets a team clinician attach the trial protocol, not one outside the team', () => {
    const onTrial = { attachedTo: { kind: 'trial' as const, id: 'tr-1' }, purpose: 'trial_protocol' as const };
    const given = [...tested, teamClinicianAdded, trialRegistered];
    spec
      .given(given)
      .when(attach(onTrial, teamClinician))
      .then([event('DocumentAttached', { ...file, ...onTest, ...onTrial })]);
    spec.given(given).when(attach(onTrial, outsider)).thenThrows('not_a_team_member');
  });
  it('lets a clinician attach to their own milestone only', () => {
    const onMilestone = { attachedTo: { kind: 'milestone' as const, id: 'ms-1' }, purpose: 'attachment' as const };
    const given = [...tested, teamClinicianAdded, milestoneByTan];
    spec
      .given(given)
      .when(attach(onMilestone, teamClinician))
      .then([event('DocumentAttached', { ...file, ...onTest, ...onMilestone })]);
    spec.given(given).when(attach(onMilestone, leadClinician)).thenThrows('not_record_author');
  });
  it('keeps the regulator’s letters with the trial authorisation and the designation they grant (the office’s)', () => {
    const given = [
      ...tested,
      teamClinicianAdded,
      event('TrialAuthorisationRecorded', { authorisationId: 'auth-ide', form: 'IDE', authority: 'FDA', reference: 'G250123', grantedOn: '2025-02-20', trialId: null }),
      event('DesignationGranted', { designationId: 'des-bt', programme: 'fda_breakthrough_device', reference: 'Q250456', grantedOn: '2025-01-15', authority: 'FDA' }),
    ];
    const onIde = { attachedTo: { kind: 'trial_authorisation' as const, id: 'auth-ide' }, purpose: 'authorisation_letter' as const };
    const onBreakthrough = { attachedTo: { kind: 'designation' as const, id: 'des-bt' }, purpose: 'designation_letter' as const };
    spec.given(given).when(attach(onIde)).then([event('DocumentAttached', { ...file, ...onTest, ...onIde })]);
    spec.given(given).when(attach(onBreakthrough)).then([event('DocumentAttached', { ...file, ...onTest, ...onBreakthrough })]);
    spec.given(given).when(attach({ ...onIde, purpose: 'designation_letter' })).thenThrows('invalid_document_target');
    spec.given(given).when(attach({ ...onBreakthrough, attachedTo: { kind: 'designation', id: 'des-prime' } })).thenThrows('record_not_found');
    spec.given(given).when(attach(onIde, teamClinician)).thenThrows('role_not_permitted');
    // A gate asking for the letter: met by it, and no longer once the authorisation it is attached to is retracted.
    const letter = event('DocumentAttached', { ...file, ...onTest, ...onIde });
    const asked = { kind: 'document', documentKind: 'authorisation_letter' } as const;
    expect(satisfiedBy(evolveAll(initialState(), [...given, letter]), asked, '2026-06-01')).toEqual(['doc-1']);
    const retracted = event('RecordRetracted', { target: { kind: 'trial_authorisation', id: 'auth-ide' }, reason: 'Entered on the wrong project' });
    expect(satisfiedBy(evolveAll(initialState(), [...given, letter, retracted]), asked, '2026-06-01')).toEqual([]);
  });
  it('names the deficiency a letter belongs to, and an answer only once recorded', () => {
    const letter = {
      attachedTo: { kind: 'submission' as const, id: 'sub-nmpa' },
      purpose: 'deficiency_letter' as const,
      deficiency: 0,
    };
    const given = [...tested, submissionFiled, deficiencyReceived];
    spec
      .given(given)
      .when(attach(letter))
      .then([event('DocumentAttached', { ...file, ...letter })]);
    spec
      .given(given)
      .when(attach({ ...letter, deficiency: 1 }))
      .thenThrows('invalid_document_target', { field: 'deficiency' });
    spec
      .given(given)
      .when(attach({ ...letter, deficiency: null }))
      .thenThrows('invalid_document_target');
    spec
      .given(given)
      .when(attach({ ...letter, purpose: 'deficiency_answer' }))
      .thenThrows('invalid_document_target');
    spec
      .given([...given, deficiencyAnswered])
      .when(attach({ ...letter, purpose: 'deficiency_answer' }))
      .then([event('DocumentAttached', { ...file, ...letter, purpose: 'deficiency_answer' })]);
  });
  it('keeps the record accurate while the project is on hold, not once it was killed', () => {
    const hold = putOnHold('prototype', tested.length - 1);
    spec
      .given([...tested, hold])
      .when(attach())
      .then([attached]);
    spec
      .given([...tested, killed('prototype', tested.length - 1)])
      .when(attach())
      .thenThrows('project_terminated');
  });
});

describe('SupersedeDocument', () => {
  it('records a new version in the old one’s place, with the reason', () =>
    spec
      .given([...tested, attached])
      .when(supersede())
      .then([superseded]));
  it('refuses an unknown document', () =>
    spec.given(tested).when(supersede()).thenThrows('document_not_found', { documentId: 'doc-1' }));
  it('refuses a document already superseded (a version replaces the current one)', () =>
    spec
      .given([...tested, attached, superseded])
      .when(supersede({ documentId: 'doc-3' }))
      .thenThrows('document_already_superseded', { supersededBy: 'doc-2' }));
  it('needs a reason', () =>
    spec
      .given([...tested, attached])
      .when(supersede({ reason: ' ' }))
      .thenThrows('reason_required'));
  it('follows the roles of the record it is on', () =>
    spec
      .given([...tested, attached])
      .when(supersede({}, manager))
      .thenThrows('role_not_permitted'));
});

describe('documents in the state', () => {
  it('keeps every version; the old one names its successor', () => {
    const state = evolveAll(initialState(), [...tested, attached, superseded]);
    expect(state.documents['doc-1']).toMatchObject({ version: 1, supersededBy: 'doc-2', sha256: SHA_A });
    expect(state.documents['doc-2']).toMatchObject({
      version: 2,
      supersedes: 'doc-1',
      reason: 'Signed copy',
      supersededBy: null,
    });
    expect(documentsOf(state, { kind: 'verification_test', id: 'vt-10993' }).map((d) => d.documentId)).toEqual([
      'doc-1',
      'doc-2',
    ]);
  });
});

describe('verification test accreditation', () => {
  it('is recorded when given', () => {
    const data = {
      ...biocompatibilityPassed.data,
      cnasNumber: 'CNAS L0123',
      cmaNumber: '201901234567',
      iso17025Number: null,
    };
    spec
      .given([...atPrototype, prototypeBuilt])
      .when(command('RecordVerificationTest', data, office))
      .then([event('VerificationTestRecorded', data)]);
  });
  it('old events without it still fold, to null', () => {
    const state = evolveAll(initialState(), [...atPrototype, prototypeBuilt, biocompatibilityPassed]);
    expect(state.verificationTests['vt-10993']).toMatchObject({
      lab: biocompatibilityPassed.data.lab,
      cnasNumber: null,
      cmaNumber: null,
      iso17025Number: null,
    });
  });
});

describe('sanitizeFileName', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\li\\report.pdf', 'report.pdf'],
    ['re\u0000port\u001b.pdf', 'report.pdf'],
    ['invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['...', 'document'],
    ['', 'document'],
    ['伦理审批函.pdf', '伦理审批函.pdf'],
  ])('%j → %j', (raw, clean) => expect(sanitizeFileName(raw)).toBe(clean));
  it('keeps at most 255 characters', () => expect([...sanitizeFileName('x'.repeat(400))]).toHaveLength(255));
});

describe('documents a pathway template can ask for', () => {
  it('each kind of document a template may name is a purpose some evidence record accepts', () => {
    const accepted = new Set<string>(DOCUMENT_PURPOSES);
    expect(DOCUMENT_KINDS.filter((kind) => !accepted.has(kind))).toEqual([]);
  });
});
