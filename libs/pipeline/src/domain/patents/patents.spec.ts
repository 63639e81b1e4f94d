import {
  atIdea,
  atPatent,
  command,
  event,
  leadClinician,
  patentFiled,
  patentGranted,
  patentPublished,
  spec,
} from '../testing/fixtures';

describe('patents', () => {
  const file = (data = patentFiled.data) => command('FilePatent', data);
  const publish = (patentId = 'pat-cn-1') =>
    command('RecordPatentPublished', { patentId, publicationNumber: 'CN119000001A', publishedOn: '2025-08-01' });
  const grant = (patentId = 'pat-cn-1') =>
    command('RecordPatentGranted', { patentId, patentNumber: 'ZL202510012345.6', grantedOn: '2026-05-20' });
  const abandon = (reason = 'Prior art found in examination') =>
    command('AbandonPatent', { patentId: 'pat-cn-1', abandonedOn: '2026-01-10', reason });
  const abandoned = event('PatentAbandoned', {
    patentId: 'pat-cn-1',
    abandonedOn: '2026-01-10',
    reason: 'Prior art found in examination',
  });
  const filed = [...atPatent, patentFiled];

  it('files a patent application at any stage', () => spec.given(atIdea).when(file()).then([patentFiled]));
  it('refuses a duplicate patent id', () => spec.given(filed).when(file()).thenThrows('record_already_exists'));
  it('needs the application number', () =>
    spec
      .given(atPatent)
      .when(file({ ...patentFiled.data, applicationNumber: '' }))
      .thenThrows('field_required', { field: 'applicationNumber' }));
  it('is not for clinicians', () =>
    spec
      .given(atPatent)
      .when(command('FilePatent', patentFiled.data, leadClinician))
      .thenThrows('role_not_permitted'));

  it('publishes a filed patent', () => spec.given(filed).when(publish()).then([patentPublished]));
  it('cannot publish an unknown patent', () => spec.given(filed).when(publish('pat-x')).thenThrows('patent_not_found'));
  it('cannot publish twice', () =>
    spec
      .given([...filed, patentPublished])
      .when(publish())
      .thenThrows('invalid_patent_transition'));

  it('grants a published patent', () =>
    spec
      .given([...filed, patentPublished])
      .when(grant())
      .then([patentGranted]));
  it('grants straight from filing (utility models are not published first)', () =>
    spec.given(filed).when(grant()).then([patentGranted]));
  it('cannot grant an abandoned patent', () =>
    spec
      .given([...filed, abandoned])
      .when(grant())
      .thenThrows('invalid_patent_transition'));
  it('cannot grant an unknown patent', () => spec.given(filed).when(grant('pat-x')).thenThrows('patent_not_found'));

  it('abandons a patent with a reason', () => spec.given(filed).when(abandon()).then([abandoned]));
  it('needs a reason to abandon', () => spec.given(filed).when(abandon(' ')).thenThrows('reason_required'));
  it('cannot abandon twice', () =>
    spec
      .given([...filed, abandoned])
      .when(abandon())
      .thenThrows('invalid_patent_transition'));
  it('cannot move a retracted patent', () =>
    spec
      .given([
        ...filed,
        event('RecordRetracted', {
          target: { kind: 'patent', id: 'pat-cn-1' },
          reason: 'Filed under the wrong project',
        }),
      ])
      .when(publish())
      .thenThrows('record_retracted'));
});
