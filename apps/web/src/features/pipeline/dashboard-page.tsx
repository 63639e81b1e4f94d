import { Alert, Badge, Button, Card as Panel, Group, NativeSelect, NumberInput, SimpleGrid, Table, Text, TextInput, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../auth/session';
import { AUTHORITIES, RISK_CLASSES, STAGES, TRACK_STATUSES, type Stage } from '../../api/enums';
import { describeProblem } from '../../api/problem';
import { BarChart } from '../../ui/bar-chart';
import { daysSince, fmtDate, fmtDateTime, fmtDays, pct } from '../../ui/format';
import { AUTHORITY_LABEL, groupLabel, riskClassLabel, roleLabel, STAGE_LABEL, STATUS_LABEL } from '../../ui/labels';
import { DashboardDrawer } from './dashboard-drawer';
import { TrackChips, trackStatusLabel } from './track-chips';
import { useDashboardParams, type DashboardParams } from './dashboard-params';
import { useActivity, useBoard, useMoreCards, useFilterOptions, useFunnel, useStalled, useTimeInStage, type Activity, type Board, type Card, type Funnel, type Stalled, type TimeInStage } from './pipeline-queries';

type Update = (change: Record<string, string | null>) => void;

// Management's dashboard: key figures, the board, funnel, time in stage, stalled projects and activity.
// Every number opens the projects (and event ids) behind it; every card opens the project's record.
export function DashboardPage() {
  const { t } = useTranslation('dashboard');
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
      ? t('status.loading')
      : params.asOf
        ? t('status.asOf', { date: fmtDateTime(new Date(params.asOf).toISOString()) })
        : t('status.updated', { time: fmtDateTime(new Date(Math.max(...all.map((q) => q.dataUpdatedAt))).toISOString()) });

  return (
    <main id="dashboard" data-loaded={loaded ? 'true' : 'false'} style={{ display: 'grid', gap: 16, maxWidth: 1600, margin: '0 auto' }}>
      <Filters params={params} update={update} status={status} boardDrawn={!!board.data} />
      {failed && <Alert color="danger" role="alert">{describeProblem(failed.error)}</Alert>}
      {board.data && stalled.data && <Kpis board={board.data} stalled={stalled.data} params={params} update={update} drill={drill} />}
      <Panel withBorder>
        <Group justify="space-between" mb="sm">
          <Title order={2} size="h5">{t('board.title')}</Title>
          <Text size="xs" c="dimmed">{t('board.hint')}</Text>
        </Group>
        {board.data && <BoardColumns board={board.data} params={params} drill={drill} openProject={openProject} />}
      </Panel>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Panel withBorder>
          <Group justify="space-between" mb="sm">
            <Title order={2} size="h5">{t('funnel.title')}</Title>
            <Text size="xs" c="dimmed">{t('funnel.hint')}</Text>
          </Group>
          <ScopeNote params={params} id="funnel-scope" filters={false} asOf />
          {funnel.data && <FunnelView funnel={funnel.data} drill={drill} />}
        </Panel>
        <Panel withBorder>
          {times.data && <TimeInStageView report={times.data} drill={drill} />}
          <ScopeNote params={params} id="time-scope" filters={false} asOf={false} />
        </Panel>
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Panel withBorder>
          <Group justify="space-between" mb="sm">
            <Title order={2} size="h5">{t('stalled.title')}</Title>
            <Text size="xs" c="dimmed">{t('stalled.hint', { days: params.stalledDays })}</Text>
          </Group>
          <ScopeNote params={params} id="stalled-scope" filters asOf={false} />
          {stalled.data && <StalledTable stalled={stalled.data} openProject={openProject} />}
        </Panel>
        <Panel withBorder>
          <Group justify="space-between" mb="sm">
            <Title order={2} size="h5">{t('activity.title')}</Title>
            <Text size="xs" c="dimmed">{t('activity.hint')}</Text>
          </Group>
          <ScopeNote params={params} id="activity-scope" filters={false} asOf={false} />
          {activity.data && <Feed activity={activity.data} openProject={openProject} />}
        </Panel>
      </SimpleGrid>
      <DashboardDrawer params={params} update={update} openProject={openProject} />
    </main>
  );
}

// What a panel does not follow of the dashboard's choices, said where its numbers are: the funnel, time in stage and
// the activity count the whole portfolio whatever the filters, and time in stage, stalled projects and the activity
// are today's whatever "as of" says. Without the note a filtered board beside an unfiltered funnel read as a mismatch.
function ScopeNote({ params, id, filters, asOf }: { params: DashboardParams; id: string; filters: boolean; asOf: boolean }) {
  const { t } = useTranslation('dashboard');
  const unfiltered = !filters && Object.keys(params.filters).length > 0;
  const current = !asOf && !!params.asOf;
  if (!unfiltered && !current) return null;
  const key = unfiltered && current ? 'scope.both' : unfiltered ? 'scope.unfiltered' : 'scope.now';
  return (
    <Text size="xs" c="warning.8" id={id} mb="xs" role="note">
      {t(key)}
    </Text>
  );
}

function Filters({ params, update, status, boardDrawn }: { params: DashboardParams; update: Update; status: string; boardDrawn: boolean }) {
  const { t } = useTranslation('dashboard');
  const options = useFilterOptions(boardDrawn).data;
  const select = (key: 'institution' | 'deviceType' | 'therapeuticArea', label: string) => (
    <NativeSelect
      id={`f-${key}`}
      label={label}
      value={params.filters[key] ?? ''}
      onChange={(e) => update({ [key]: e.currentTarget.value })}
      data={[{ value: '', label: t('filters.all') }, ...(options?.[key] ?? []).map((v) => ({ value: v, label: v }))]}
      translate="no"
    />
  );
  return (
    <Panel withBorder component="section" aria-label={t('filters.label')} py="sm">
      <Group align="flex-end" gap="md">
        {select('institution', t('filters.institution'))}
        {select('deviceType', t('filters.deviceType'))}
        <NativeSelect id="f-riskClass" label={t('filters.riskClass')} value={params.filters.riskClass ?? ''} onChange={(e) => update({ riskClass: e.currentTarget.value })}
          data={[{ value: '', label: t('filters.all') }, ...RISK_CLASSES.map((c) => ({ value: c, label: riskClassLabel(c) }))]} />
        <NativeSelect id="f-authority" label={t('filters.authority')} value={params.filters.authority ?? ''} onChange={(e) => update({ authority: e.currentTarget.value })}
          data={[{ value: '', label: t('filters.all') }, ...AUTHORITIES.map((a) => ({ value: a, label: AUTHORITY_LABEL[a] }))]} />
        {/* With an authority chosen: that authority's track; without: any of the project's tracks. */}
        <NativeSelect id="f-authorityStatus" label={t('filters.authorityStatus')} value={params.filters.authorityStatus ?? ''} onChange={(e) => update({ authorityStatus: e.currentTarget.value })}
          data={[{ value: '', label: t('filters.all') }, ...TRACK_STATUSES.map((s) => ({ value: s, label: trackStatusLabel(s) }))]} />
        {select('therapeuticArea', t('filters.therapeuticArea'))}
        <NumberInput id="stalledDays" label={t('filters.stalledDays')} w={150} min={1} max={3650} value={params.stalledDays}
          onChange={(v) => { const days = Number(v); if (Number.isInteger(days) && days >= 1 && days <= 3650) update({ stalledDays: String(days) }); }} />
        <TextInput id="asOf" type="datetime-local" label={t('filters.asOf')} value={params.asOf} onChange={(e) => update({ asOf: e.currentTarget.value })} />
        <Button variant="light" id="asOfClear" onClick={() => update({ asOf: null })} disabled={!params.asOf}>{t('filters.now')}</Button>
        <Text id="status" role="status" size="xs" c="dimmed" ml="auto">{status}</Text>
      </Group>
    </Panel>
  );
}

function Kpis({ board, stalled, params, update, drill }: { board: Board; stalled: Stalled; params: DashboardParams; update: Update; drill: (m: string, s: string | null, t: string) => void }) {
  const { t } = useTranslation('dashboard');
  const { me } = useSession();
  const byStatus = board.byStatus as Record<string, number>;
  const kpi = (key: string, value: number, label: string, onClick: () => void, extra = '') => (
    <button type="button" className={`kpi ${extra}`} data-kpi={key} onClick={onClick} aria-pressed={key === (params.filters.status || 'total') ? 'true' : 'false'}>
      <span className="kpi-value" id={`kpi-${key}`}>{value}</span>
      <span className="kpi-label">{label}</span>
    </button>
  );
  // Doctors' ideas waiting for the office, before the idea column (all ideas: the filters do not apply).
  const ideas = board.ideasAwaitingScreening;
  const ideasFigure = (
    <>
      <span className="kpi-value" id="kpi-ideas">{ideas}</span>
      <span className="kpi-label">{t('kpi.ideas')}</span>
    </>
  );
  return (
    <section className="kpis" aria-label={t('kpi.label')}>
      {kpi('total', board.total, t('kpi.total'), () => update({ status: null }))}
      {(['active', 'approved', 'on_hold', 'terminated'] as const).map((s) => kpi(s, byStatus[s] ?? 0, STATUS_LABEL[s], () => update({ status: s })))}
      {kpi('stalled', stalled.total, t('kpi.stalled', { days: params.stalledDays }), () => drill('stalled', null, t('kpi.stalledTitle', { days: params.stalledDays })), 'warn')}
      {ideas !== null && ideas !== undefined && (me?.actor.role === 'innovation_office'
        ? <Link to="/ideas/screening" className="kpi ideas" data-kpi="ideas">{ideasFigure}</Link>
        : <div className="kpi ideas" data-kpi="ideas">{ideasFigure}</div>)}
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
  const { t } = useTranslation('dashboard');
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
        <button type="button" className="count" title={t('board.countTitle')} aria-label={t('board.countLabel', { count: column.count, stage: STAGE_LABEL[stage] })}
          onClick={() => drill('board', stage, t('board.drillTitle', { stage: STAGE_LABEL[stage] }))}>
          {column.count}
        </button>
      </div>
      {cards.length ? (
        cards.map((card) => (
          <button type="button" key={card.projectId} className={`project ${card.status}`} data-project-id={card.projectId} onClick={() => openProject(card.projectId)}>
            <div className="project-title" translate="no">{card.title}</div>
            <div className="project-meta">
              <Badge size="xs" color={card.riskClass === 'III' ? 'danger' : card.riskClass === 'II' ? 'warning' : 'success'}>{riskClassLabel(card.riskClass)}</Badge>
              {card.status !== 'active' && <Badge size="xs" color={card.status === 'terminated' ? 'danger' : card.status === 'approved' ? 'success' : 'hold'}>{STATUS_LABEL[card.status]}</Badge>}
              <span translate="no">{card.institution}</span>
              {(card.status === 'active' || card.status === 'on_hold') && <span>{t('board.inStage', { days: fmtDays(daysSince(card.stageEnteredAt, now)) })}</span>}
            </div>
            <TrackChips tracks={card.regulatoryTracks} />
          </button>
        ))
      ) : (
        <div className="empty">{t('board.empty')}</div>
      )}
      {rest > 0 && (pageable ? (
        <Button variant="subtle" size="xs" fullWidth className="show-more" loading={more.isFetching && wanted > 0}
          aria-label={t('board.showMoreLabel', { stage: STAGE_LABEL[stage], count: rest })} onClick={showMore}>
          {t('board.showMore', { count: rest })}
        </Button>
      ) : (
        <button type="button" className="linkish show-all" onClick={() => drill('board', stage, t('board.drillTitle', { stage: STAGE_LABEL[stage] }))}>
          {t('board.listRest', { count: rest })}
        </button>
      ))}
    </div>
  );
}

const FUNNEL_SERIES = [
  { label: 'funnel.reached', metric: 'funnel.reached', color: '#0b5c7d', key: 'reached' },
  { label: 'funnel.now', metric: 'funnel.currentlyIn', color: '#12856f', key: 'currentlyIn' },
  { label: 'funnel.killed', metric: 'funnel.killed', color: '#b42318', key: 'killed' },
] as const;

function FunnelView({ funnel, drill }: { funnel: Funnel; drill: (m: string, s: string | null, t: string) => void }) {
  const { t, i18n } = useTranslation('dashboard');
  const labels = useMemo(() => funnel.stages.map((s) => STAGE_LABEL[s.stage]), [funnel, i18n.language]); // eslint-disable-line react-hooks/exhaustive-deps
  const series = useMemo(() => FUNNEL_SERIES.map((s) => ({ label: t(s.label), color: s.color, data: funnel.stages.map((f) => f[s.key]) })), [funnel, t]);
  const cell = (metric: string, stage: Stage, value: number, title: string, className = '') => (
    <Table.Td className={`num ${className}`}>
      <button type="button" className="linkish" onClick={() => drill(metric, stage, title)}>{value}</button>
    </Table.Td>
  );
  // Doctors' ideas come before the first stage: submitted, waiting for screening, declined, and the share accepted.
  const ideas = funnel.ideas;
  return (
    <>
      <BarChart id="funnelChart" label={t('funnel.chart')} labels={labels} series={series}
        onBarClick={(si, i) => drill(FUNNEL_SERIES[si].metric, funnel.stages[i].stage, `${t(FUNNEL_SERIES[si].label)}: ${labels[i]}`)} />
      <Table id="funnelTable" striped={false} verticalSpacing={4} mt="sm" fz="sm">
        <Table.Thead>
          <Table.Tr><Table.Th>{t('funnel.stage')}</Table.Th><Table.Th className="num">{t('funnel.reachedCol')}</Table.Th><Table.Th className="num">{t('funnel.nowCol')}</Table.Th><Table.Th className="num">{t('funnel.killedCol')}</Table.Th><Table.Th className="num">{t('funnel.toNext')}</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {ideas && (
            <Table.Tr data-stage="ideas" id="funnel-ideas" title={t('funnel.ideasTitle')}>
              <Table.Td>{t('funnel.ideas')}</Table.Td>
              <Table.Td className="num reached">{ideas.submitted}</Table.Td>
              <Table.Td className="num">{ideas.awaitingScreening}</Table.Td>
              <Table.Td className="num">{ideas.declined}</Table.Td>
              <Table.Td className="num">{pct(ideas.conversionToProject)}</Table.Td>
            </Table.Tr>
          )}
          {funnel.stages.map((s) => (
            <Table.Tr key={s.stage} data-stage={s.stage}>
              <Table.Td>{STAGE_LABEL[s.stage]}</Table.Td>
              {cell('funnel.reached', s.stage, s.reached, `${t('funnel.reached')}: ${STAGE_LABEL[s.stage]}`, 'reached')}
              {cell('funnel.currentlyIn', s.stage, s.currentlyIn, `${t('funnel.now')}: ${STAGE_LABEL[s.stage]}`)}
              {cell('funnel.killed', s.stage, s.killed, `${t('funnel.killed')}: ${STAGE_LABEL[s.stage]}`)}
              <Table.Td className="num">{pct(s.conversionToNext as number | null)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <AuthorityTracks funnel={funnel} />
    </>
  );
}

// Per target authority, how many projects stand at each track status ("approved by NMPA, in review at FDA"); today only.
function AuthorityTracks({ funnel }: { funnel: Funnel }) {
  const { t } = useTranslation('dashboard');
  const rows = (funnel.authorities ?? []).filter((a) => a.targeted > 0);
  if (!rows.length) return null;
  return (
    <Table fz="sm" mt="sm" id="funnel-authorities" aria-label={t('funnel.authorities')}>
      <Table.Caption>{t('funnel.authorities')}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th />
          <Table.Th className="num">{t('funnel.targeted')}</Table.Th>
          {TRACK_STATUSES.map((s) => <Table.Th key={s} className="num">{trackStatusLabel(s)}</Table.Th>)}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((a) => (
          <Table.Tr key={a.authority} data-authority={a.authority}>
            <Table.Td>{AUTHORITY_LABEL[a.authority as keyof typeof AUTHORITY_LABEL] ?? a.authority}</Table.Td>
            <Table.Td className="num">{a.targeted}</Table.Td>
            {TRACK_STATUSES.map((s) => <Table.Td key={s} className="num" data-track-status={s}>{(a.byStatus as Record<string, number>)[s] ?? 0}</Table.Td>)}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function TimeInStageView({ report, drill }: { report: TimeInStage; drill: (m: string, s: string | null, t: string) => void }) {
  const { t, i18n } = useTranslation('dashboard');
  const labels = useMemo(() => report.stages.map((s) => STAGE_LABEL[s.stage]), [report, i18n.language]); // eslint-disable-line react-hooks/exhaustive-deps
  const series = useMemo(
    () => [
      { label: t('time.median'), color: '#12856f', data: report.stages.map((s) => s.medianDays as number | null) },
      { label: t('time.p90'), color: '#9cc9bd', data: report.stages.map((s) => s.p90Days as number | null) },
      { label: t('time.currentAge'), color: '#d9a441', data: report.stages.map((s) => s.currentMedianAgeDays as number | null) },
    ],
    [report, t],
  );
  const c = report.cycleTime;
  return (
    <>
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h5">{t('time.title')}</Title>
        {c.projects ? (
          <button type="button" className="linkish" id="cycleTime" onClick={() => drill('cycleTime', null, t('time.cycleTitle'))}>
            {t('time.cycle', { median: fmtDays(c.medianDays as number | null), p90: fmtDays(c.p90Days as number | null), count: c.projects })}
          </button>
        ) : (
          <Text size="xs" c="dimmed" id="cycleTime">{t('time.noCycle')}</Text>
        )}
      </Group>
      <BarChart id="timeChart" label={t('time.chart')} labels={labels} series={series} yTitle={t('time.days')} />
      <Table id="timeTable" verticalSpacing={4} mt="sm" fz="sm">
        <Table.Thead>
          <Table.Tr><Table.Th>{t('time.stage')}</Table.Th><Table.Th className="num">{t('time.medianCol')}</Table.Th><Table.Th className="num">{t('time.p90Col')}</Table.Th><Table.Th className="num">{t('time.done')}</Table.Th><Table.Th className="num">{t('time.inNow')}</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.stages.map((s) => (
            <Table.Tr key={s.stage} data-stage={s.stage}>
              <Table.Td>{STAGE_LABEL[s.stage]}</Table.Td>
              <Table.Td className="num">{fmtDays(s.medianDays as number | null)}</Table.Td>
              <Table.Td className="num">{fmtDays(s.p90Days as number | null)}</Table.Td>
              <Table.Td className="num"><button type="button" className="linkish" onClick={() => drill('timeInStage.completed', s.stage, t('time.doneTitle', { stage: STAGE_LABEL[s.stage] }))}>{s.completedStays}</button></Table.Td>
              <Table.Td className="num"><button type="button" className="linkish" onClick={() => drill('timeInStage.current', s.stage, t('time.inNowTitle', { stage: STAGE_LABEL[s.stage] }))}>{s.currentCount}</button></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}

function StalledTable({ stalled, openProject }: { stalled: Stalled; openProject: (id: string) => void }) {
  const { t } = useTranslation('dashboard');
  if (!stalled.items.length) return <div className="empty" id="stalledTable">{t('stalled.none')}</div>;
  return (
    <Table id="stalledTable" fz="sm">
      <Table.Thead><Table.Tr><Table.Th>{t('stalled.project')}</Table.Th><Table.Th>{t('stalled.stage')}</Table.Th><Table.Th>{t('stalled.lead')}</Table.Th><Table.Th className="num">{t('stalled.silent')}</Table.Th></Table.Tr></Table.Thead>
      <Table.Tbody>
        {stalled.items.map((p) => (
          <Table.Tr key={p.projectId}>
            <Table.Td><button type="button" className="linkish" onClick={() => openProject(p.projectId)} translate="no">{p.title}</button></Table.Td>
            <Table.Td>{STAGE_LABEL[p.stage]}</Table.Td>
            <Table.Td translate="no">{p.leadClinician.name}</Table.Td>
            <Table.Td className="num">{fmtDays(p.daysSinceLastEvent)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Feed({ activity, openProject }: { activity: Activity; openProject: (id: string) => void }) {
  const { t } = useTranslation('dashboard');
  if (!activity.items.length) return <ol className="feed" id="feed"><li className="empty">{t('activity.none')}</li></ol>;
  return (
    <ol className="feed" id="feed">
      {activity.items.map((a) => (
        <li key={a.eventId}>
          <span><button type="button" className="linkish" onClick={() => openProject(a.projectId)}>{groupLabel('event', a.type)}</button></span>
          <span className="when" title={t('activity.recorded', { date: fmtDateTime(a.recordedAt) })}>{fmtDate(a.occurredAt)}</span>
          {/* What was recorded, in the API's own words with the values as typed (as the deadlines' record wording). */}
          <span className="what" translate="no">{a.summary}</span>
          <span className="who-line">
            <span translate="no">{a.actor.name}</span> ({roleLabel(a.actor.role)}) · <span translate="no">{(a.projectTitle as unknown as string | null) ?? ''}</span>
            {a.reason ? <> · “<span translate="no">{a.reason as unknown as string}</span>”</> : null}
          </span>
        </li>
      ))}
    </ol>
  );
}
