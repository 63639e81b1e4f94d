import { MantineProvider } from '@mantine/core';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiProblem } from '../../api/problem';
import { emptyIdea, IdeaForm, ideaBody, type IdeaRequest } from './idea-form';

const refusal = (errors: { field: string; messages: string[] }[]) =>
  new ApiProblem(400, { type: 'about:blank', title: 'Invalid request', status: 400, code: 'validation_failed', detail: 'see errors', errors });

function renderForm(submit: (body: IdeaRequest) => Promise<unknown>) {
  render(
    <MantineProvider>
      <IdeaForm initial={emptyIdea('Dr. Chen Wei')} leadName="Dr. Chen Wei" submitLabel="Submit the idea" submit={submit} />
    </MantineProvider>,
  );
}

describe('IdeaForm', () => {
  it("shows the API's 400 errors[] on the fields they name (the disclosure's too), keeps the input, and lists the rest", async () => {
    const user = userEvent.setup();
    const submit = vi.fn().mockRejectedValue(
      refusal([
        { field: 'title', messages: ['title must be shorter than or equal to 200 characters'] },
        { field: 'clinicalNeed', messages: ['clinicalNeed should not be empty'] },
        { field: 'disclosure.disclosedOn', messages: ['disclosedOn must be a valid ISO 8601 date string'] },
        { field: 'ideaId', messages: ['ideaId must be a UUID'] },
      ]),
    );
    renderForm(submit);
    await user.type(screen.getByLabelText(/^Title(?! of)/), '无创血糖检测仪');
    await user.click(screen.getByLabelText('Attach an invention disclosure'));
    await user.click(screen.getByRole('button', { name: 'Submit the idea' }));

    await waitFor(() => expect(submit).toHaveBeenCalledTimes(1));
    const invalid = async (label: RegExp) => waitFor(() => expect(screen.getByLabelText(label).getAttribute('aria-invalid')).toBe('true'));
    await invalid(/^Title(?! of)/);
    await invalid(/^Clinical need/);
    await invalid(/^Disclosed on/);
    expect(screen.getByLabelText(/^Summary/).getAttribute('aria-invalid')).not.toBe('true');
    // A field the form does not show is not lost.
    expect((await screen.findByRole('alert')).textContent).toContain('ideaId: Must be a UUID.');
    expect((screen.getByLabelText(/^Title(?! of)/) as HTMLInputElement).value).toBe('无创血糖检测仪');
  });

  it('sends what was typed, exactly, and the disclosure only when attached, inventors one per line', () => {
    const values = { ...emptyIdea('Dr. Chen Wei'), title: '  Alat bantu dengar  ', summary: '第一行\n第二行' };
    expect(ideaBody(values)).not.toHaveProperty('disclosure');
    expect(ideaBody(values)).toMatchObject({ title: '  Alat bantu dengar  ', summary: '第一行\n第二行' });
    const attached = ideaBody({ ...values, attach: true, disclosureTitle: 'NIR', disclosureSummary: 's', inventors: 'Dr. Chen Wei\n\n  Li Na ', disclosedOn: '2026-11-20' });
    expect(attached.disclosure).toEqual({ title: 'NIR', summary: 's', inventors: ['Dr. Chen Wei', 'Li Na'], disclosedOn: '2026-11-20' });
  });
});
