import { Alert, Badge, Button, Card as Panel, Group, NativeSelect, NumberInput, SimpleGrid, Table, Text, TextInput, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { AUTHORITIES, RISK_CLASSES, STAGES, type Stage } from '../../api/enums';
import { describeProblem } from '../../api/problem';
import { BarChart } from '../../ui/bar-chart';
import { daysSince, fmtDate, fmtDateTime, fmtDays, pct } from '../../ui/format';
import { AUTHORITY_LABEL, STAGE_LABEL, STATUS_LABEL, words } from '../../ui/labels';
import { DashboardDrawer } from './dashboard-drawer';
import { useDashboardParams, type DashboardParams } from './dashboard-params';
import { useActivity, useBoard, useMoreCards, useFilterOptions, useFunnel, useStalled, useTimeInStage, type Activity, type Board, type Card, type Funnel, type Stalled, type TimeInStage } from './pipeline-queries';

type Update = (change: Record<string, string | null>) => void;

// Management's dashboard: key figures, the board, funnel, time in stage, stalled projects and activity.
// Every number opens the projects (and event ids) behind it; every card opens the project's record.
export function DashboardPage() {
  const [params, update] = useDashboardParams();
  const board = useBoard(params);
  const funnel = useFunnel(params);
  const times = useTimeInStage();
  const stalled = useStalled(params);
  const activity = useActivity();
  const all = [board, funnel, times, stalled, activity];
  const loaded = all.every((q) => q.isSuccess);
  const failed = all.find((q) => q.isError);
  const fetching = all.some((q) => q.isFetching);
  const drill = (metric: string, stage: string | null, title: string) => update({ drill: metric, stage, drillTitle: title, project: null });
  const openProject = (projectId: string) => update({ project: projectId, drill: null, stage: null, drillTitle: null });

  const status = failed
    ? describeProblem(failed.error)
    : fetching
      ? 'Loading…'
      : params.asOf
        ? `As recorded on ${new Date(params.asOf).toLocaleString()}`
        : `Updated ${new Date(Math.max(...all.map((q) => q.dataUpdatedAt))).toLocaleTimeString()}`;

  return (
    <main id="dashboard" data-loaded={loaded ? 'true' : 'false'} style={{ display: 'grid', gap: 16, maxWidth: 1600, margin: '0 auto' }}>
      <Filters params={params} update={update} status={status} />
      {failed && <Alert color="danger" role="alert">{describeProblem(failed.error)}</Alert>}
      {board.data && stalled.data && <Kpis board={board.data} stalled={stalled.data} params={params} update={update} drill={drill} />}
      <Panel withBorder>
        <Group justify="space-between" mb="sm">
          <Title order={2} size="h5">Pipeline board</Title>
          <Text size="xs" c="dimmed">Click a project for its record and history</Text>
        </Group>
        {board.data && <BoardColumns board={board.data} params={params} drill={drill} openProject={openProject} />}
      </Panel>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Panel withBorder>
          <Group justify="space-between" mb="sm">
            <Title order={2} size="h5">Stage funnel</Title>
            <Text size="xs" c="dimmed">Reached, still in, killed — click a bar or number for the projects</Text>
          </Group>
          {funnel.data && <FunnelView funnel={funnel.data} drill={drill} />}
        </Panel>
        <Panel withBorder>
          {times.data && <TimeInStageView report={times.data} drill={drill} />}
        </Panel>
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Panel withBorder>
          <Group justify="space-between" mb="sm">
            <Title order={2} size="h5">Stalled projects</Title>
            <Text size="xs" c="dimmed">No activity for {params.stalledDays} days or more</Text>
          </Group>
          {stalled.data && <StalledTable stalled={stalled.data} openProject={openProject} />}
        </Panel>
        <Panel withBorder>
          <Group justify="space-between" mb="sm">
            <Title order={2} size="h5">Recent activity</Title>
            <Text size="xs" c="dimmed">Who did what, when</Text>
          </Group>
          {activity.data && <Feed activity={activity.data} openProject={openProject} />}
        </Panel>
      </SimpleGrid>
      <DashboardDrawer params={params} update={update} openProject={openProject} />
    </main>
  );
}

function Filters({ params, update, status }: { params: DashboardParams; update: Update; status: string }) {
  const options = useFilterOptions().data;
  const select = (key: 'institution' | 'deviceType' | 'therapeuticArea', label: string) => (
    <NativeSelect
      id={`f-${key}`}
      label={label}
      value={params.filters[key] ?? ''}
      onChange={(e) => update({ [key]: e.currentTarget.value })}
      data={[{ value: '', label: 'All' }, ...(options?.[key] ?? []).map((v) => ({ value: v, label: v }))]}
    />
  );
  return (
    <Panel withBorder component="section" aria-label="Filters" py="sm">
      <Group align="flex-end" gap="md">
        {select('institution', 'Institution')}
        {select('deviceType', 'Device type')}
        <NativeSelect id="f-riskClass" label="Risk class" value={params.filters.riskClass ?? ''} onChange={(e) => update({ riskClass: e.currentTarget.value })}
          data={[{ value: '', label: 'All' }, ...RISK_CLASSES.map((c) => ({ value: c, label: `Class ${c}` }))]} />
        <NativeSelect id="f-authority" label="Authority" value={params.filters.authority ?? ''} onChange={(e) => update({ authority: e.currentTarget.value })}
          data={[{ value: '', label: 'All' }, ...AUTHORITIES.map((a) => ({ value: a, label: AUTHORITY_LABEL[a] }))]} />
        {select('therapeuticArea', 'Therapeutic area')}
        <NumberInput id="stalledDays" label="Stalled after (days)" w={150} min={1} max={3650} value={params.stalledDays}
          onChange={(v) => { const days = Number(v); if (Number.isInteger(days) && days >= 1 && days <= 3650) update({ stalledDays: String(days) }); }} />
        <TextInput id="asOf" type="datetime-local" label="As of (board, funnel)" value={params.asOf} onChange={(e) => update({ asOf: e.currentTarget.value })} />
        <Button variant="light" id="asOfClear" onClick={() => update({ asOf: null })} disabled={!params.asOf}>Now</Button>
        <Text id="status" role="status" size="xs" c="dimmed" ml="auto">{status}</Text>
      </Group>
    </Panel>
  );
}

function Kpis({ board, stalled, params, update, drill }: { board: Board; stalled: Stalled; params: DashboardParams; update: Update; drill: (m: string, s: string | null, t: string) => void }) {
  const byStatus = board.byStatus as Record<string, number>;
  const kpi = (key: string, value: number, label: string, onClick: () => void, extra = '') => (
    <button type="button" className={`kpi ${extra}`} data-kpi={key} onClick={onClick} aria-pressed={key === (params.filters.status || 'total') ? 'true' : 'false'}>
      <span className="kpi-value" id={`kpi-${key}`}>{value}</span>
      <span className="kpi-label">{label}</span>
    </button>
  );
  return (
    <section className="kpis" aria-label="Key figures">
      {kpi('total', board.total, 'Projects', () => update({ status: null }))}
      {(['active', 'approved', 'on_hold', 'terminated'] as const).map((s) => kpi(s, byStatus[s] ?? 0, STATUS_LABEL[s], () => update({ status: s })))}
      {kpi('stalled', stalled.total, `Stalled > ${params.stalledDays} d`, () => drill('stalled', null, `Stalled for ${params.stalledDays}+ days`), 'warn')}
    </section>
  );
}

function BoardColumns({ board, params, drill, openProject }: { board: Board; params: DashboardParams; drill: (m: string, s: string | null, t: string) => void; openProject: (id: string) => void }) {
  return (
    <div className="board">
      {STAGES.map((stage) => (
        <BoardColumn key={stage} stage={stage} column={board.stages.find((s) => s.stage === stage) ?? { count: 0, projects: [] as Card[] }}
          params={params} drill={drill} openProject={openProject} />
      ))}
    </div>
  );
}

// One stage: its first cards from the board, further ones a page at a time ("show more"), never the whole stage.
function BoardColumn({ stage, column, params, drill, openProject }: {
  stage: Stage;
  column: { count: number; projects: Card[] };
  params: DashboardParams;
  drill: (m: string, s: string | null, t: string) => void;
  openProject: (id: string) => void;
}) {
  const [wanted, setWanted] = useState(0);
  const pageable = !params.asOf;
  const more = useMoreCards(params, stage, pageable && wanted > 0);
  const extra = wanted > 0 && pageable ? (more.data?.pages ?? []).slice(0, wanted).flatMap((p) => p.items) : [];
  const seen = new Set(column.projects.map((c) => c.projectId));
  const cards = [...column.projects, ...extra.filter((c) => !seen.has(c.projectId))];
  const rest = column.count - cards.length;
  const now = Date.now();
  const showMore = () => {
    const pages = more.data?.pages.length ?? 0;
    if (wanted > 0 && pages <= wanted && more.hasNextPage) void more.fetchNextPage();
    setWanted((w) => w + 1);
  };
  return (
    <div className="column" data-stage={stage} data-shown={cards.length}>
      <div className="column-head">
        <span>{STAGE_LABEL[stage]}</span>
        <button type="button" className="count" title="Projects and events behind this number" aria-label={`${column.count} projects in ${STAGE_LABEL[stage]}: show them`}
          onClick={() => drill('board', stage, `${STAGE_LABEL[stage]}: projects on the board`)}>
          {column.count}
        </button>
      </div>
      {cards.length ? (
        cards.map((card) => (
          <button type="button" key={card.projectId} className={`project ${card.status}`} data-project-id={card.projectId} onClick={() => openProject(card.projectId)}>
            <div className="project-title" translate="no">{card.title}</div>
            <div className="project-meta">
              <Badge size="xs" color={card.riskClass === 'III' ? 'danger' : card.riskClass === 'II' ? 'warning' : 'success'}>Class {card.riskClass}</Badge>
              {card.status !== 'active' && <Badge size="xs" color={card.status === 'terminated' ? 'danger' : card.status === 'approved' ? 'success' : 'hold'}>{STATUS_LABEL[card.status]}</Badge>}
              <span translate="no">{card.institution}</span>
              {(card.status === 'active' || card.status === 'on_hold') && <span>{fmtDays(daysSince(card.stageEnteredAt, now))} in stage</span>}
            </div>
          </button>
        ))
      ) : (
        <div className="empty">No projects</div>
      )}
      {rest > 0 && (pageable ? (
        <Button variant="subtle" size="xs" fullWidth className="show-more" loading={more.isFetching && wanted > 0}
          aria-label={`Show more projects in ${STAGE_LABEL[stage]} (${rest} not shown)`} onClick={showMore}>
          Show more ({rest} more)
        </Button>
      ) : (
        <button type="button" className="linkish show-all" onClick={() => drill('board', stage, `${STAGE_LABEL[stage]}: projects on the board`)}>
          {rest} more: list them
        </button>
      ))}
    </div>
  );
}

const FUNNEL_SERIES = [
  { label: 'Reached', metric: 'funnel.reached', color: '#0b5c7d', key: 'reached' },
  { label: 'In stage now', metric: 'funnel.currentlyIn', color: '#12856f', key: 'currentlyIn' },
  { label: 'Killed there', metric: 'funnel.killed', color: '#b42318', key: 'killed' },
] as const;

function FunnelView({ funnel, drill }: { funnel: Funnel; drill: (m: string, s: string | null, t: string) => void }) {
  const labels = useMemo(() => funnel.stages.map((s) => STAGE_LABEL[s.stage]), [funnel]);
  const series = useMemo(() => FUNNEL_SERIES.map((s) => ({ label: s.label, color: s.color, data: funnel.stages.map((f) => f[s.key]) })), [funnel]);
  const cell = (metric: string, stage: Stage, value: number, title: string, className = '') => (
    <Table.Td className={`num ${className}`}>
      <button type="button" className="linkish" onClick={() => drill(metric, stage, title)}>{value}</button>
    </Table.Td>
  );
  return (
    <>
      <BarChart id="funnelChart" label="Funnel chart: projects that reached, are in and were killed in each stage" labels={labels} series={series}
        onBarClick={(si, i) => drill(FUNNEL_SERIES[si].metric, funnel.stages[i].stage, `${FUNNEL_SERIES[si].label}: ${labels[i]}`)} />
      <Table id="funnelTable" striped={false} verticalSpacing={4} mt="sm" fz="sm">
        <Table.Thead>
          <Table.Tr><Table.Th>Stage</Table.Th><Table.Th className="num">Reached</Table.Th><Table.Th className="num">Now</Table.Th><Table.Th className="num">Killed</Table.Th><Table.Th className="num">To next</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {funnel.stages.map((s) => (
            <Table.Tr key={s.stage} data-stage={s.stage}>
              <Table.Td>{STAGE_LABEL[s.stage]}</Table.Td>
              {cell('funnel.reached', s.stage, s.reached, `Reached: ${STAGE_LABEL[s.stage]}`, 'reached')}
              {cell('funnel.currentlyIn', s.stage, s.currentlyIn, `In stage now: ${STAGE_LABEL[s.stage]}`)}
              {cell('funnel.killed', s.stage, s.killed, `Killed there: ${STAGE_LABEL[s.stage]}`)}
              <Table.Td className="num">{pct(s.conversionToNext as number | null)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}

function TimeInStageView({ report, drill }: { report: TimeInStage; drill: (m: string, s: string | null, t: string) => void }) {
  const labels = useMemo(() => report.stages.map((s) => STAGE_LABEL[s.stage]), [report]);
  const series = useMemo(
    () => [
      { label: 'Median days', color: '#12856f', data: report.stages.map((s) => s.medianDays as number | null) },
      { label: 'p90 days', color: '#9cc9bd', data: report.stages.map((s) => s.p90Days as number | null) },
      { label: 'Current median age', color: '#d9a441', data: report.stages.map((s) => s.currentMedianAgeDays as number | null) },
    ],
    [report],
  );
  const c = report.cycleTime;
  return (
    <>
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h5">Time in stage</Title>
        {c.projects ? (
          <button type="button" className="linkish" id="cycleTime" onClick={() => drill('cycleTime', null, 'Idea to approval')}>
            Idea → approval: median {fmtDays(c.medianDays as number | null)}, p90 {fmtDays(c.p90Days as number | null)} ({c.projects} projects)
          </button>
        ) : (
          <Text size="xs" c="dimmed" id="cycleTime">No project has reached approval yet</Text>
        )}
      </Group>
      <BarChart id="timeChart" label="Time in stage chart: median, p90 and current median age in days" labels={labels} series={series} yTitle="days" />
      <Table id="timeTable" verticalSpacing={4} mt="sm" fz="sm">
        <Table.Thead>
          <Table.Tr><Table.Th>Stage</Table.Th><Table.Th className="num">Median</Table.Th><Table.Th className="num">p90</Table.Th><Table.Th className="num">Stays done</Table.Th><Table.Th className="num">In stage now</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.stages.map((s) => (
            <Table.Tr key={s.stage} data-stage={s.stage}>
              <Table.Td>{STAGE_LABEL[s.stage]}</Table.Td>
              <Table.Td className="num">{fmtDays(s.medianDays as number | null)}</Table.Td>
              <Table.Td className="num">{fmtDays(s.p90Days as number | null)}</Table.Td>
              <Table.Td className="num"><button type="button" className="linkish" onClick={() => drill('timeInStage.completed', s.stage, `Stays completed in ${STAGE_LABEL[s.stage]}`)}>{s.completedStays}</button></Table.Td>
              <Table.Td className="num"><button type="button" className="linkish" onClick={() => drill('timeInStage.current', s.stage, `In ${STAGE_LABEL[s.stage]} now`)}>{s.currentCount}</button></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}

function StalledTable({ stalled, openProject }: { stalled: Stalled; openProject: (id: string) => void }) {
  if (!stalled.items.length) return <div className="empty" id="stalledTable">Nothing stalled</div>;
  return (
    <Table id="stalledTable" fz="sm">
      <Table.Thead><Table.Tr><Table.Th>Project</Table.Th><Table.Th>Stage</Table.Th><Table.Th>Lead clinician</Table.Th><Table.Th className="num">Silent for</Table.Th></Table.Tr></Table.Thead>
      <Table.Tbody>
        {stalled.items.map((p) => (
          <Table.Tr key={p.projectId}>
            <Table.Td><button type="button" className="linkish" onClick={() => openProject(p.projectId)}>{p.title}</button></Table.Td>
            <Table.Td>{STAGE_LABEL[p.stage]}</Table.Td>
            <Table.Td>{p.leadClinician.name}</Table.Td>
            <Table.Td className="num">{fmtDays(p.daysSinceLastEvent)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Feed({ activity, openProject }: { activity: Activity; openProject: (id: string) => void }) {
  if (!activity.items.length) return <ol className="feed" id="feed"><li className="empty">No activity yet</li></ol>;
  return (
    <ol className="feed" id="feed">
      {activity.items.map((a) => (
        <li key={a.eventId}>
          <span><button type="button" className="linkish" onClick={() => openProject(a.projectId)}>{a.summary}</button></span>
          <span className="when" title={`Recorded ${fmtDateTime(a.recordedAt)}`}>{fmtDate(a.occurredAt)}</span>
          <span className="who-line">
            {a.actor.name} ({words(a.actor.role)}) · {(a.projectTitle as unknown as string | null) ?? ''}
            {a.reason ? ` · “${a.reason as unknown as string}”` : ''}
          </span>
        </li>
      ))}
    </ol>
  );
}

