import {
  atRegulatory,
  command,
  deficiencyAnswered,
  deficiencyReceived,
  event,
  leadClinician,
  patentFiled,
  patentGranted,
  patentPublished,
  spec,
  submissionApproved,
  submissionFiled,
} from '../testing/fixtures';

const file = (data = submissionFiled.data) => command('FileSubmission', data);
const greenChannel = {
  ...submissionFiled.data,
  submissionId: 'sub-green',
  pathway: 'innovative_special_review' as const,
};
const deficiency = () =>
  command('RecordSubmissionDeficiency', {
    submissionId: 'sub-nmpa',
    receivedOn: '2026-05-01',
    summary: 'Provide long-term stability data.',
  });
const answer = () =>
  command('AnswerSubmissionDeficiency', {
    submissionId: 'sub-nmpa',
    answeredOn: '2026-06-01',
    summary: '12-month stability data supplied.',
  });
const approve = (deviceClass = 'III') =>
  command('RecordSubmissionApproval', {
    submissionId: 'sub-nmpa',
    certificateNumber: '国械注准20263070001',
    approvedOn: '2026-09-01',
    deviceClass,
  });
const reject = (reason = 'Clinical data insufficient') =>
  command('RecordSubmissionRejection', { submissionId: 'sub-nmpa', rejectedOn: '2026-09-01', reason });
const filed = [...atRegulatory, submissionFiled];
const rejected = event('SubmissionRejected', {
  submissionId: 'sub-nmpa',
  rejectedOn: '2026-09-01',
  reason: 'Clinical data insufficient',
});

describe('FileSubmission', () => {
  it('files with an authority on one of its pathways', () =>
    spec.given(atRegulatory).when(file()).then([submissionFiled]));
  it('files a De Novo request with the FDA', () => {
    const fda = {
      ...submissionFiled.data,
      submissionId: 'sub-fda',
      authority: 'FDA' as const,
      pathway: 'de_novo' as const,
      reference: 'DEN250001',
      filedOn: '2026-03-05',
    };
    const { projectId: _, ...data } = fda;
    spec
      .given(atRegulatory)
      .when(file(fda))
      .then([event('SubmissionFiled', data)]);
  });
  it('refuses a pathway the authority does not offer', () =>
    spec
      .given(atRegulatory)
      .when(file({ ...submissionFiled.data, pathway: '510k' }))
      .thenThrows('invalid_regulatory_target'));
  it('refuses a duplicate id', () => spec.given(filed).when(file()).thenThrows('record_already_exists'));
  it('needs the reference', () =>
    spec
      .given(atRegulatory)
      .when(file({ ...submissionFiled.data, reference: '' }))
      .thenThrows('field_required'));
  it('is for the office', () =>
    spec
      .given(atRegulatory)
      .when(command('FileSubmission', submissionFiled.data, leadClinician))
      .thenThrows('role_not_permitted'));

  describe('NMPA green channel', () => {
    it('needs a published or granted Chinese invention patent, a filing is not enough', () =>
      spec.given(atRegulatory).when(file(greenChannel)).thenThrows('green_channel_requires_cn_invention_patent'));
    it('accepts a published Chinese invention patent', () =>
      spec
        .given([...atRegulatory, patentPublished])
        .when(file(greenChannel))
        .then([event('SubmissionFiled', greenChannel)]));
    it('accepts a granted Chinese invention patent', () =>
      spec
        .given([...atRegulatory, patentGranted])
        .when(file(greenChannel))
        .then([event('SubmissionFiled', greenChannel)]));
    it('does not accept a utility model', () =>
      spec
        .given([
          ...atRegulatory,
          event('PatentFiled', { ...patentFiled.data, patentId: 'pat-um', kind: 'utility_model' }),
          event('PatentGranted', { patentId: 'pat-um', patentNumber: 'ZL2025200001.1', grantedOn: '2025-09-01' }),
        ])
        .when(file(greenChannel))
        .thenThrows('green_channel_requires_cn_invention_patent'));
    it('does not accept a US patent', () =>
      spec
        .given([
          ...atRegulatory,
          event('PatentFiled', {
            ...patentFiled.data,
            patentId: 'pat-us',
            jurisdiction: 'US',
            applicationNumber: '18/123,456',
          }),
          event('PatentGranted', { patentId: 'pat-us', patentNumber: 'US12,000,001', grantedOn: '2026-01-01' }),
        ])
        .when(file(greenChannel))
        .thenThrows('green_channel_requires_cn_invention_patent'));
  });
});

describe('submission deficiencies', () => {
  it('records a deficiency letter', () => spec.given(filed).when(deficiency()).then([deficiencyReceived]));
  it('records a second letter while the first is open', () =>
    spec
      .given([...filed, deficiencyReceived])
      .when(deficiency())
      .then([deficiencyReceived]));
  it('needs a known submission', () =>
    spec.given(atRegulatory).when(deficiency()).thenThrows('submission_not_found', { id: 'sub-nmpa' }));
  it('answers an open deficiency', () =>
    spec
      .given([...filed, deficiencyReceived])
      .when(answer())
      .then([deficiencyAnswered]));
  it('cannot answer when none is open', () =>
    spec.given(filed).when(answer()).thenThrows('invalid_submission_transition'));
  it('cannot receive a deficiency on a decided submission', () =>
    spec
      .given([...filed, rejected])
      .when(deficiency())
      .thenThrows('invalid_submission_transition'));
});

describe('submission decisions', () => {
  it('records the approval with certificate number, date and class', () =>
    spec.given(filed).when(approve()).then([submissionApproved]));
  it('records the approval after the deficiency is answered', () =>
    spec
      .given([...filed, deficiencyReceived, deficiencyAnswered])
      .when(approve())
      .then([submissionApproved]));
  it('cannot approve with a deficiency open', () =>
    spec
      .given([...filed, deficiencyReceived])
      .when(approve())
      .thenThrows('invalid_submission_transition'));
  it('refuses a class the authority does not use', () =>
    spec.given(filed).when(approve('D')).thenThrows('invalid_regulatory_target'));
  it('needs the certificate number', () =>
    spec
      .given(filed)
      .when(
        command('RecordSubmissionApproval', {
          submissionId: 'sub-nmpa',
          certificateNumber: '',
          approvedOn: '2026-09-01',
          deviceClass: 'III',
        }),
      )
      .thenThrows('field_required', { field: 'certificateNumber' }));
  it('cannot approve twice', () =>
    spec
      .given([...filed, submissionApproved])
      .when(approve())
      .thenThrows('invalid_submission_transition'));
  it('cannot approve an unknown submission', () =>
    spec.given(atRegulatory).when(approve()).thenThrows('submission_not_found'));

  it('records a rejection with its reason', () => spec.given(filed).when(reject()).then([rejected]));
  it('records a rejection with a deficiency still open', () =>
    spec
      .given([...filed, deficiencyReceived])
      .when(reject())
      .then([rejected]));
  it('needs a reason to reject', () => spec.given(filed).when(reject('')).thenThrows('reason_required'));
  it('cannot reject an approved submission', () =>
    spec
      .given([...filed, submissionApproved])
      .when(reject())
      .thenThrows('invalid_submission_transition'));
});
