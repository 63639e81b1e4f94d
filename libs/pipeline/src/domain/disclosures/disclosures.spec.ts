import { atIdea, command, disclosed, leadClinician, office, spec } from '../testing/fixtures';

describe('RecordInventionDisclosure', () => {
  const disclose = (data = disclosed.data, actor = office) => command('RecordInventionDisclosure', data, actor);

  it('records the disclosure', () => spec.given(atIdea).when(disclose()).then([disclosed]));
  it('refuses a duplicate id', () =>
    spec
      .given([...atIdea, disclosed])
      .when(disclose())
      .thenThrows('record_already_exists', { kind: 'invention_disclosure' }));
  it('needs a title', () =>
    spec
      .given(atIdea)
      .when(disclose({ ...disclosed.data, title: '' }))
      .thenThrows('field_required'));
  it('is not for clinicians', () =>
    spec.given(atIdea).when(disclose(disclosed.data, leadClinician)).thenThrows('role_not_permitted'));
});
