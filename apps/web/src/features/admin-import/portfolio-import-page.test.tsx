import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../../api/client';
import { PortfolioImportPage } from './portfolio-import-page';

const project = (outcome: string) => ({ code: 'GLU-001', projectId: '0b3f0c6e-8d0e-5c1a-9f3e-1d2c3b4a5e6f', title: '无创血糖仪', line: 2, stage: 'patent', status: 'active', events: 3, outcome });
const report = (dryRun: boolean, problems: { line: number; project: string | null; problem: string }[], outcome = 'would_create') => ({
  file: 'portfolio.csv',
  dryRun,
  rows: 3,
  eventsByType: problems.length ? {} : { ProjectProposed: 1, StageAdvanced: 1, PatentFiled: 1 },
  projects: problems.length ? [] : [project(outcome)],
  problems,
  refused: !dryRun && problems.length > 0,
});

function renderPage() {
  render(
    <MantineProvider>
      <QueryClientProvider client={new QueryClient()}>
        <PortfolioImportPage />
      </QueryClientProvider>
    </MantineProvider>,
  );
}

const answer = (data: unknown) => ({ data, response: new Response(null, { status: 200 }) });
type PostInit = { params: { query: { file: string; dryRun: boolean } }; body: unknown; headers: Record<string, string> };

describe('PortfolioImportPage', () => {
  afterEach(() => vi.restoreAllMocks());

  it('sends the file itself for a dry run, shows every problem with its line, and offers no import', async () => {
    const post = vi.spyOn(api, 'POST').mockResolvedValue(answer(report(true, [{ line: 7, project: 'GLU-001', problem: 'date 2099-01-01 is in the future' }])) as never);
    const user = userEvent.setup();
    renderPage();
    const file = new File(['project,kind,date\n'], 'portfolio.csv', { type: 'text/csv' });
    await user.upload(document.querySelector('input[type=file]') as HTMLInputElement, file);
    await user.click(screen.getByRole('button', { name: 'Check (dry run)' }));

    await waitFor(() => expect(screen.getByText('date 2099-01-01 is in the future')).toBeTruthy());
    const [path, init] = post.mock.calls[0] as unknown as [string, PostInit];
    expect(path).toBe('/admin/portfolio-imports');
    expect(init.params.query).toEqual({ file: 'portfolio.csv', dryRun: true });
    expect(init.headers['Content-Type']).toBe('text/csv');
    expect(init.body).toBe(file);
    expect(screen.getByText('7')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Import/ })).toBeNull();
  });

  it('after a clean dry run, imports in one click and says what was created', async () => {
    const post = vi.spyOn(api, 'POST').mockResolvedValueOnce(answer(report(true, [])) as never).mockResolvedValueOnce(answer(report(false, [], 'created')) as never);
    const user = userEvent.setup();
    renderPage();
    await user.upload(document.querySelector('input[type=file]') as HTMLInputElement, new File(['x'], 'portfolio.csv'));
    await user.click(screen.getByRole('button', { name: 'Check (dry run)' }));
    await user.click(await screen.findByRole('button', { name: 'Import 1 projects' }));

    await waitFor(() => expect(screen.getByText('Imported: 1 projects created, 0 already on the record.')).toBeTruthy());
    expect((post.mock.calls[1] as unknown as [string, PostInit])[1].params.query.dryRun).toBe(false);
    expect(screen.getByText('无创血糖仪').getAttribute('translate')).toBe('no');
  });
});
