import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '../../api/client';
import { ApiProblem } from '../../api/problem';
import { ProposeProjectForm, type ProposeProjectRequest } from './propose-project-form';

const refusal = (errors: { field: string; messages: string[] }[]) =>
  new ApiProblem(400, { type: 'about:blank', title: 'Invalid request', status: 400, code: 'validation_failed', detail: 'see errors', errors });

function renderForm(submit: (body: ProposeProjectRequest) => Promise<{ projectId: string }>, onProposed = vi.fn()) {
  const view = render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <MantineProvider>
        <ProposeProjectForm submit={submit} onProposed={onProposed} />
      </MantineProvider>
    </QueryClientProvider>,
  );
  return { onProposed, unmount: view.unmount };
}

// GET /people?role=clinician answers these clinicians.
function answerPeople(people: { personId: string; name: string }[]) {
  vi.spyOn(api, 'GET').mockImplementation((async () => ({ data: { people }, response: new Response(null, { status: 200 }) })) as never);
}

describe('ProposeProjectForm', () => {
  beforeEach(() => {
    sessionStorage.clear();
    answerPeople([]);
  });
  afterEach(() => vi.restoreAllMocks());

  it("shows the API's 400 errors[] on the fields they name, nested ones included, and keeps the input", async () => {
    const user = userEvent.setup();
    const submit = vi.fn().mockRejectedValue(
      refusal([
        { field: 'title', messages: ['title must be shorter than or equal to 200 characters'] },
        { field: 'leadClinician.id', messages: ['leadClinician.id should not be empty'] },
        { field: 'targets.0.pathway', messages: ['pathway does not fit the authority'] },
        { field: 'partners.0.name', messages: ['name should not be empty'] },
        { field: 'projectId', messages: ['projectId must be a UUID'] },
      ]),
    );
    renderForm(submit);
    await user.type(screen.getByLabelText(/^Title/), 'Smart inhaler');
    await user.click(screen.getByRole('button', { name: 'Add a partner' }));
    await user.click(screen.getByRole('button', { name: 'Propose the project' }));

    await waitFor(() => expect(submit).toHaveBeenCalledTimes(1));
    const fieldError = async (label: RegExp) => {
      const input = screen.getAllByLabelText(label)[0];
      await waitFor(() => expect(input.getAttribute('aria-invalid')).toBe('true'));
      return document.getElementById(input.getAttribute('aria-describedby')!.split(' ').find((id) => id.endsWith('error'))!)?.textContent;
    };
    expect(await fieldError(/^Title/)).toBe('At most 200 characters.');
    expect(await fieldError(/^Person id/)).toBe('Required.');
    expect(await fieldError(/^Pathway/)).toBe('Does not fit the authority.');
    expect(await fieldError(/^Partner name/)).toBe('Required.');
    // A field the form does not show is not lost: it is named in the form's message.
    expect(document.getElementById('propose-error')?.textContent ?? '').toContain('projectId: Must be a UUID.');
    // The input stays for the person to fix.
    expect((screen.getByLabelText(/^Title/) as HTMLInputElement).value).toBe('Smart inhaler');
  });

  it('sends every field the API takes, and reports the new project', async () => {
    const user = userEvent.setup();
    const submit = vi.fn().mockResolvedValue({ projectId: 'p-1' });
    const { onProposed } = renderForm(submit);
    const type = (label: RegExp, text: string) => user.type(screen.getAllByLabelText(label)[0], text);
    await type(/^Title/, 'Smart inhaler');
    await type(/^Device type/, 'inhaler');
    await type(/^Therapeutic area/, 'respiratory');
    await type(/^Institution/, 'Ruijin');
    await type(/^Department/, 'Pulmonology');
    await type(/^Summary/, 'Counts doses.');
    await type(/^Person id/, 'dr-chen');
    await type(/^Name/, 'Dr. Chen Wei');
    await user.selectOptions(screen.getByLabelText(/^Risk class/), 'III');
    await user.selectOptions(screen.getByLabelText(/^Authority/), 'FDA');
    await user.selectOptions(screen.getByLabelText(/^Pathway/), 'pma');
    await type(/^Device class/, 'III');
    await user.click(screen.getByRole('button', { name: 'Add a partner' }));
    await type(/^Partner name/, 'Acme Devices');
    await user.click(screen.getByRole('button', { name: 'Propose the project' }));

    await waitFor(() => expect(onProposed).toHaveBeenCalledWith('p-1'));
    expect(submit.mock.calls[0][0]).toEqual({
      title: 'Smart inhaler',
      summary: 'Counts doses.',
      deviceType: 'inhaler',
      riskClass: 'III',
      therapeuticArea: 'respiratory',
      institution: 'Ruijin',
      department: 'Pulmonology',
      leadClinician: { id: 'dr-chen', name: 'Dr. Chen Wei' },
      targets: [{ authority: 'FDA', pathway: 'pma', deviceClass: 'III' }],
      partners: [{ name: 'Acme Devices', kind: 'enterprise', role: 'co_developer' }],
    });
  });

  it('offers the clinicians with an account as lead, fills person id and name, and still lets one type them', async () => {
    answerPeople([{ personId: 'dr-chen', name: 'Dr. Chen Wei' }, { personId: 'dr-sun', name: 'Dr. Sun Yue' }]);
    const user = userEvent.setup();
    renderForm(vi.fn());
    const picker = await screen.findByLabelText(/^Choose a clinician/);
    await user.selectOptions(picker, 'dr-sun');
    expect((screen.getByLabelText(/^Person id/) as HTMLInputElement).value).toBe('dr-sun');
    expect((screen.getByLabelText(/^Name/) as HTMLInputElement).value).toBe('Dr. Sun Yue');
    await user.clear(screen.getByLabelText(/^Person id/));
    await user.type(screen.getByLabelText(/^Person id/), 'dr-visiting');
    expect((picker as HTMLSelectElement).value).toBe('__other');
  });

  it('keeps the unsaved input of this tab when the form opens again (after a sign-in), until proposed or started over', async () => {
    const user = userEvent.setup();
    const first = renderForm(vi.fn());
    await user.type(screen.getAllByLabelText(/^Title/)[0], 'Smart inhaler');
    await user.click(screen.getByRole('button', { name: 'Add a partner' }));
    await user.type(screen.getAllByLabelText(/^Partner name/)[0], 'Acme Devices');
    first.unmount();

    renderForm(vi.fn());
    expect((screen.getAllByLabelText(/^Title/)[0] as HTMLInputElement).value).toBe('Smart inhaler');
    expect((screen.getAllByLabelText(/^Partner name/)[0] as HTMLInputElement).value).toBe('Acme Devices');
    expect(document.getElementById('draft-restored')).not.toBeNull();
    await user.click(screen.getByRole('button', { name: 'Start over' }));
    expect((screen.getAllByLabelText(/^Title/)[0] as HTMLInputElement).value).toBe('');
    expect(screen.queryAllByLabelText(/^Partner name/)).toHaveLength(0);
  });
});
