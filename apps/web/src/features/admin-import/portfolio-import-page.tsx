import { Alert, Badge, Button, Card, FileInput, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { describeProblem } from '../../api/problem';
import type { components } from '../../api/schema';
import { fmtNumber } from '../../ui/format';
import { stageLabel, statusLabel } from '../../ui/labels';

type Report = components['schemas']['PortfolioImportView'];
type Outcome = 'created' | 'exists' | 'would_create';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The file as the body of POST /admin/portfolio-imports: a dry run, or the import itself. */
export function sendPortfolio(file: File, dryRun: boolean): Promise<Report> {
  const type = /\.xlsx$/i.test(file.name) ? XLSX : /\.csv$/i.test(file.name) ? 'text/csv' : 'application/octet-stream';
  return unwrap(
    api.POST('/admin/portfolio-imports', {
      params: { query: { file: file.name, dryRun } },
      body: file as never,
      bodySerializer: (body: unknown) => body as BodyInit,
      headers: { 'Content-Type': type },
    }),
  );
}

// Admin: an office's existing portfolio (docs/portfolio-import.md) checked by a dry run, with every row's problem
// and line, then imported in one click once it has none. Running it again creates nothing new.
export function PortfolioImportPage() {
  const { t } = useTranslation('import');
  const [file, setFile] = useState<File | null>(null);
  const check = useMutation({ mutationFn: (f: File) => sendPortfolio(f, true) });
  const run = useMutation({ mutationFn: (f: File) => sendPortfolio(f, false) });
  const report = run.data ?? check.data;
  const error = run.error ?? check.error;
  const creatable = check.data && check.data.problems.length === 0 ? check.data.projects.filter((p) => p.outcome === 'would_create').length : 0;
  const count = (o: Outcome) => report?.projects.filter((p) => p.outcome === o).length ?? 0;
  return (
    <Stack gap="md" maw={1100} mx="auto" id="admin-portfolio-import">
      <Title order={2}>{t('page.title')}</Title>
      <Text size="sm">{t('page.intro')}</Text>
      <Text size="sm" c="dimmed">{t('page.template')}</Text>
      <Card withBorder>
        <Stack gap="sm">
          <FileInput
            label={t('page.file')}
            placeholder={t('page.filePlaceholder')}
            accept=".csv,.xlsx,text/csv"
            value={file}
            onChange={(f) => {
              setFile(f);
              check.reset();
              run.reset();
            }}
            id="portfolio-file"
            clearable
          />
          <Group>
            <Button id="portfolio-check" disabled={!file} loading={check.isPending} onClick={() => file && (run.reset(), check.mutate(file))}>
              {t('page.check')}
            </Button>
            {creatable > 0 && !run.data && (
              <Button id="portfolio-import" color="teal" loading={run.isPending} onClick={() => file && run.mutate(file)}>
                {run.isPending ? t('page.importing') : t('page.import', { count: creatable })}
              </Button>
            )}
          </Group>
        </Stack>
      </Card>
      {error && <Alert color="danger" role="alert">{describeProblem(error)}</Alert>}
      {report && (
        <Stack gap="sm" id="portfolio-report">
          <Text fw={600}>
            {t('page.summary', { file: report.file, rows: fmtNumber(report.rows), projects: fmtNumber(report.projects.length), problems: fmtNumber(report.problems.length) })}
          </Text>
          {report.dryRun && <Alert color="blue">{t('page.dryRunNote')}</Alert>}
          {report.refused && <Alert color="danger">{t('page.refused')}</Alert>}
          {!report.dryRun && !report.refused && <Alert color="teal" id="portfolio-done">{t('page.done', { created: count('created'), existing: count('exists') })}</Alert>}
          {report.problems.length === 0 && <Text size="sm">{t('page.clean')}</Text>}
          {report.problems.length > 0 && (
            <Card withBorder>
              <Title order={3} size="h5">{t('problems.title', { count: report.problems.length })}</Title>
              <Table striped id="portfolio-problems">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('problems.line')}</Table.Th>
                    <Table.Th>{t('problems.project')}</Table.Th>
                    <Table.Th>{t('problems.problem')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {report.problems.map((p, i) => (
                    <Table.Tr key={`${p.line}-${i}`}>
                      <Table.Td>{p.line}</Table.Td>
                      <Table.Td translate="no">{p.project ?? ''}</Table.Td>
                      <Table.Td translate="no">{p.problem}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Card>
          )}
          {Object.keys(report.eventsByType).length > 0 && (
            <Text size="sm">
              {t('page.events')}:{' '}
              <span translate="no">{Object.entries(report.eventsByType).map(([type, n]) => `${type} ${n}`).join(', ')}</span>
            </Text>
          )}
          {report.projects.length > 0 && (
            <Card withBorder>
              <Title order={3} size="h5">{t('projects.title')}</Title>
              <Table striped id="portfolio-projects">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('projects.line')}</Table.Th>
                    <Table.Th>{t('projects.code')}</Table.Th>
                    <Table.Th>{t('projects.name')}</Table.Th>
                    <Table.Th>{t('projects.stage')}</Table.Th>
                    <Table.Th>{t('projects.status')}</Table.Th>
                    <Table.Th>{t('projects.events')}</Table.Th>
                    <Table.Th>{t('projects.outcome')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {report.projects.map((p) => (
                    <Table.Tr key={p.projectId}>
                      <Table.Td>{p.line}</Table.Td>
                      <Table.Td translate="no">{p.code}</Table.Td>
                      <Table.Td translate="no">{p.title}</Table.Td>
                      <Table.Td>{stageLabel(p.stage)}</Table.Td>
                      <Table.Td>{statusLabel(p.status)}</Table.Td>
                      <Table.Td>{fmtNumber(p.events)}</Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={p.outcome === 'created' ? 'teal' : p.outcome === 'exists' ? 'gray' : 'blue'}>{t(`outcome.${p.outcome as Outcome}`)}</Badge>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Card>
          )}
        </Stack>
      )}
    </Stack>
  );
}
