import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../../api/client';
import { setLanguage } from '../../i18n';
import { locate, TemplateEditorPage } from './template-editor-page';
import { templateMissingWords } from './project-template-panel';
import { templateChanges } from './template-move-dialog';
import { approvalWords, conditionWords, evidenceWords, requirementWords, type TemplateView } from './template-words';

vi.mock('../../auth/session', () => ({ useSession: () => ({ me: { actor: { id: 'root', name: 'Root', role: 'admin' } } }) }));

describe('a template in words', () => {
  afterEach(() => setLanguage('en', false));

  it('says who signs a gate', () => {
    expect(approvalWords({ signatures: 2, roles: ['innovation_office', 'management'], independentReviewer: true })).toBe(
      '2 signatures from innovation office or management, one from outside the project team',
    );
    expect(approvalWords({ signatures: 3, roles: ['innovation_office', 'clinician', 'management'], minimumPerRole: { clinician: 1 }, independentReviewer: false })).toBe(
      '3 signatures from innovation office, clinician, or management, at least 1 from clinician',
    );
    expect(approvalWords({ signatures: 1, roles: ['innovation_office'], independentReviewer: false })).toBe('1 signature from innovation office');
  });

  it('names each kind of evidence with its parameters', () => {
    expect(evidenceWords({ kind: 'patent_filed', jurisdiction: 'CN', patentKind: 'invention', datedWithin: { years: 5, date: 'filedOn' } })).toBe(
      'A patent application filed (Invention patent, in CN, its filing date within the last 5 years)',
    );
    expect(evidenceWords({ kind: 'verification_test', standard: 'IEC 60601-1' })).toBe('A verification test to IEC 60601-1 passed');
    expect(evidenceWords({ kind: 'submission_filed', authority: 'FDA', pathway: 'pma' })).toBe('A submission filed with FDA (PMA)');
    expect(evidenceWords({ kind: 'approval_granted', authorities: ['NMPA', 'FDA'] })).toBe('1 regulatory approval granted by NMPA or FDA');
    expect(evidenceWords({ kind: 'regulator_trial_approval', form: 'IDE' })).toBe("The regulator's permission for the study: FDA investigational device exemption (IDE)");
    expect(evidenceWords({ kind: 'document', documentKind: 'risk_management_file' })).toMatch(/^A document on the record: /);
    expect(evidenceWords({ kind: 'telepathy' })).toBe('Evidence of kind telepathy');
  });

  it('lists an any-of by option, and a requirement that applies only under a condition', () => {
    const words = requirementWords({
      kind: 'any_of',
      code: 'fda_study_authorised',
      message: 'x',
      options: [[{ kind: 'regulator_trial_approval', form: 'IDE' }], [{ kind: 'document', documentKind: 'nsr_determination' }, { kind: 'ethics_approval' }]],
      when: { kind: 'risk_class', in: ['III'] },
    });
    expect(words.text).toBe('One of these:');
    expect(words.options).toHaveLength(2);
    expect(words.options![1]).toMatch(/ and Ethics committee approval for the study$/);
    expect(words.when).toBe('only when the risk class is Class III');
    expect(conditionWords({ kind: 'not', condition: { kind: 'target', authority: 'FDA', pathway: '510k' } })).toBe('not (the project targets FDA by 510(k))');
  });

  it('speaks Chinese and Indonesian too', async () => {
    await setLanguage('zh-CN', false);
    expect(approvalWords({ signatures: 2, roles: ['innovation_office', 'management'], independentReviewer: true })).toBe('2 个签名，来自创新办公室或管理层，其中一人须为项目团队以外人员');
    await setLanguage('id', false);
    expect(approvalWords({ signatures: 2, roles: ['innovation_office', 'management'], independentReviewer: true })).toBe('2 tanda tangan dari kantor inovasi atau manajemen, satu dari luar tim proyek');
  });
});

describe('a template-bound project\'s missing evidence', () => {
  it('reads as the bound version words it, in the order of missingEvidence; a fixed-model project keeps the API\'s', () => {
    const req = (code: string, met: boolean) => ({ code, message: `${code} (English)`, met, records: [] });
    const project = {
      template: {
        nextGate: {
          evidence: [{ kind: 'verification_test', standard: 'IEC 60601-1' }, { kind: 'design_review' }, { kind: 'document', documentKind: 'test_report' }],
          approval: { signatures: 1, roles: ['innovation_office'], independentReviewer: false },
        },
      },
      nextGateEvidence: [req('verification_passed', false), req('design_review_held', true), req('document', false)],
      missingEvidence: [{ code: 'verification_passed', message: '' }, { code: 'document', message: '' }],
    } as unknown as Parameters<typeof templateMissingWords>[0];
    expect(templateMissingWords(project)).toEqual(['A verification test to IEC 60601-1 passed', 'A document on the record: Test report']);
    expect(templateMissingWords({ ...project, template: null })).toBeNull();
  });
});

const PMA: TemplateView = {
  templateId: 'fda_pma',
  version: 1,
  name: 'FDA PMA',
  description: 'Premarket approval',
  sources: [{ publisher: 'FDA', document: '21 CFR 814', url: 'https://www.ecfr.gov/' }],
  stages: [
    { id: 'idea', label: 'Idea', phase: 'idea' },
    { id: 'approved', label: 'Approved', phase: 'approved' },
  ],
  gates: [{ from: 'idea', to: 'approved', evidence: [{ kind: 'approval_granted' }], approval: { signatures: 1, roles: ['innovation_office'], independentReviewer: false } }],
  approvedWhen: 'first_approval',
};
const ok = (data: unknown, status = 200) => ({ data, response: new Response(null, { status }) });
const refused = (status: number, error: unknown) => ({ error, response: new Response(null, { status }) });

describe('what a newer version changes', () => {
  const rule = { signatures: 1, roles: ['innovation_office'], independentReviewer: false };
  const version = (stages: string[], gates: { from: string; to: string; signatures?: number }[]): TemplateView => ({
    templateId: 'x', version: 1, name: 'X', description: '', sources: [], approvedWhen: 'first_approval',
    stages: stages.map((id) => ({ id, label: id.toUpperCase(), phase: 'idea' })),
    gates: gates.map(({ from, to, signatures = 1 }) => ({ from, to, evidence: [], approval: { ...rule, signatures } })),
  }) as TemplateView;

  it('names stages added and removed, and gates new, changed and gone', () => {
    const from = version(['a', 'b', 'c'], [{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }, { from: 'a', to: 'c' }]);
    const to = version(['a', 'b', 'd'], [{ from: 'a', to: 'b', signatures: 2 }, { from: 'b', to: 'd' }]);
    const changes = templateChanges(from, to);
    expect(changes.stagesAdded.map((s) => s.id)).toEqual(['d']);
    expect(changes.stagesRemoved.map((s) => s.id)).toEqual(['c']);
    expect(changes.gatesChanged.map((g) => `${g.from}->${g.to}`)).toEqual(['a->b', 'b->d']);
    expect(changes.gatesRemoved.map((g) => `${g.from}->${g.to}`)).toEqual(['b->c', 'a->c']);
  });

  it('names a kept stage renamed or moved to another phase, and kept stages in another order', () => {
    const from = version(['a', 'b', 'c'], [{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }]);
    const renamed = { ...from, stages: from.stages.map((s) => (s.id === 'b' ? { ...s, label: 'Bee', phase: 'patent' } : s)) } as TemplateView;
    expect(templateChanges(from, renamed)).toMatchObject({ stagesChanged: [{ id: 'b', label: 'Bee', phase: 'patent' }], stagesReordered: false });
    const reordered = { ...from, stages: [from.stages[1], from.stages[0], from.stages[2]] } as TemplateView;
    expect(templateChanges(from, reordered)).toMatchObject({ stagesChanged: [], stagesReordered: true });
  });

  it('finds nothing when only the words around the gates differ, nor when a gate comes back with its keys reordered', () => {
    const from = version(['a', 'b'], [{ from: 'a', to: 'b' }]);
    const changes = templateChanges(from, { ...from, version: 2, description: 'Revised' });
    expect(changes).toEqual({ stagesAdded: [], stagesRemoved: [], stagesChanged: [], stagesReordered: false, gatesChanged: [], gatesRemoved: [] });
    // As the database gives a revised version back (jsonb orders keys its own way).
    const reordered = { ...from, gates: [{ approval: { independentReviewer: false, roles: ['innovation_office'], signatures: 1 }, evidence: [], to: 'b', from: 'a' }] } as TemplateView;
    expect(templateChanges(from, reordered).gatesChanged).toEqual([]);
  });
});

describe('a problem located in the JSON as typed', () => {
  const json = JSON.stringify(
    {
      templateId: 'x',
      name: 'X',
      sources: [{ publisher: 'A', document: 'B', url: 'https://a' }, { publisher: 'C', document: 'D', url: 'https://c' }],
      stages: [{ id: 'idea', label: 'Idea', phase: 'idea' }, { id: 'approved', label: 'Approved', phase: 'approved' }],
      gates: [{ from: 'idea', to: 'approved', evidence: [{ kind: 'any_of', options: [[{ kind: 'x' }]] }, { kind: 'approval_granted' }], approval: { signatures: 1, roles: ['admin'], independentReviewer: false } }],
    },
    null,
    2,
  );
  const line = (path: string) => {
    const at = locate(json, path);
    return at && json.slice(at.start, at.end).trim();
  };
  it('finds a gate, a stage, a source and a top-level field by its line', () => {
    expect(line('gates[idea->approved].evidence[1]')).toBe('"kind": "approval_granted"');
    expect(line('gates[idea->approved].approval')).toBe('"from": "idea",');
    expect(line('stages[1]')).toBe('"id": "approved",');
    expect(line('sources[1]')).toBe('"publisher": "C",');
    expect(line('name')).toBe('"name": "X",');
    expect(locate(json, 'gates[idea->nowhere]')).toBeNull();
  });
});

describe('TemplateEditorPage', () => {
  afterEach(() => vi.restoreAllMocks());

  it('revises from the latest version, lists every problem the service names, then records the new version', async () => {
    vi.spyOn(api, 'GET').mockImplementation(((path: string) => Promise.resolve(ok(path === '/templates' ? { templates: [PMA] } : PMA))) as never);
    const post = vi
      .spyOn(api, 'POST')
      .mockResolvedValueOnce(
        refused(409, {
          type: 'about:blank',
          title: 'Conflict',
          status: 409,
          code: 'invalid_template',
          problems: [
            { code: 'unknown_stage', path: 'gates[idea->approvd]', message: 'Gate idea->approvd names a stage the template does not have.' },
            { code: 'stage_unreachable', path: 'stages[1]', message: 'No gate leads to stage approved.' },
          ],
        }) as never,
      )
      .mockResolvedValueOnce(ok({ ...PMA, version: 2 }, 201) as never);
    const user = userEvent.setup();
    render(
      <MantineProvider>
        <QueryClientProvider client={new QueryClient()}>
          <MemoryRouter initialEntries={['/templates/fda_pma/revise']}>
            <Routes>
              <Route path="/templates/:templateId/revise" element={<TemplateEditorPage />} />
              <Route path="/templates/:templateId" element={<p>template page</p>} />
            </Routes>
          </MemoryRouter>
        </QueryClientProvider>
      </MantineProvider>,
    );
    const editor = (await screen.findByLabelText(/Template \(JSON\)/)) as HTMLTextAreaElement;
    const { version: _version, ...withoutVersion } = PMA;
    expect(JSON.parse(editor.value)).toEqual(withoutVersion);
    fireEvent.change(editor, { target: { value: editor.value.replace('"to": "approved"', '"to": "approvd"') } });
    await user.type(screen.getByLabelText(/Why this change/), 'Office rule');
    await user.click(screen.getByRole('button', { name: 'Record the new version' }));
    const problems = await screen.findByRole('alert');
    expect(problems.textContent).toContain('The service found 2 problems');
    expect(problems.textContent).toContain('Gate idea->approvd names a stage the template does not have.');
    expect(problems.textContent).toContain('stages[1]');
    expect(post.mock.calls[0][1]).toMatchObject({ params: { path: { templateId: 'fda_pma' } }, body: { expectedVersion: 1, reason: 'Office rule', template: { gates: [{ to: 'approvd' }] } } });
    // The input is kept; fixed and sent again, the new version is recorded and its page opens.
    fireEvent.change(editor, { target: { value: editor.value.replace('"to": "approvd"', '"to": "approved"') } });
    await user.click(screen.getByRole('button', { name: 'Record the new version' }));
    expect(await screen.findByText('template page')).toBeTruthy();
  });

  it('says when the JSON cannot be read, and sends nothing', async () => {
    vi.spyOn(api, 'GET').mockImplementation(((path: string) => Promise.resolve(ok(path === '/templates' ? { templates: [PMA] } : PMA))) as never);
    const post = vi.spyOn(api, 'POST');
    const user = userEvent.setup();
    render(
      <MantineProvider>
        <QueryClientProvider client={new QueryClient()}>
          <MemoryRouter initialEntries={['/templates/new?from=fda_pma']}>
            <Routes>
              <Route path="/templates/new" element={<TemplateEditorPage />} />
            </Routes>
          </MemoryRouter>
        </QueryClientProvider>
      </MantineProvider>,
    );
    const editor = (await screen.findByLabelText(/Template \(JSON\)/)) as HTMLTextAreaElement;
    await waitFor(() => expect(JSON.parse(editor.value).templateId).toBe('fda_pma_copy'));
    fireEvent.change(editor, { target: { value: '{ "templateId": ' } });
    await user.click(screen.getByRole('button', { name: 'Define the template' }));
    expect(await screen.findByText(/This is not valid JSON/)).toBeTruthy();
    expect(post).not.toHaveBeenCalled();
  });
});
