import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useLivePosition } from '../../auth/live';
import { api, present, unwrap } from '../../api/client';
import type { components, paths } from '../../api/schema';
import { asOfInstant, type DashboardParams } from './dashboard-params';

// The dashboard's server state. Each query is keyed by exactly what it asks, so filters and "as of" cache apart.
type Schemas = components['schemas'];
export type Board = Schemas['PipelineBoardView'];
export type Card = Schemas['ProjectCardView'];
export type Funnel = Schemas['FunnelView'];
export type TimeInStage = Schemas['TimeInStageReportView'];
export type Stalled = Schemas['StalledProjectsView'];
export type Activity = Schemas['ActivityFeedView'];
export type DrillDown = Schemas['DrillDownView'];

type BoardQuery = paths['/pipeline/board']['get']['parameters']['query'];

export function useBoard(p: DashboardParams) {
  const position = useLivePosition();
  const query = present({ ...p.filters, asOf: asOfInstant(p.asOf), limitPerStage: 200, position }) as BoardQuery;
  return useQuery({ queryKey: ['board', query], placeholderData: keepPreviousData, queryFn: () => unwrap(api.GET('/pipeline/board', { params: { query } })) });
}

/** The filters' choices: the values on the whole board now, whatever is filtered. */
export function useFilterOptions() {
  const query = present({ limitPerStage: 200, position: useLivePosition() }) as BoardQuery;
  return useQuery({
    queryKey: ['board', query],
    placeholderData: keepPreviousData,
    queryFn: () => unwrap(api.GET('/pipeline/board', { params: { query } })),
    select: (board: Board) => {
      const cards = board.stages.flatMap((s) => s.projects);
      const values = (key: 'institution' | 'deviceType' | 'therapeuticArea') => [...new Set(cards.map((c) => c[key]))].sort();
      return { institution: values('institution'), deviceType: values('deviceType'), therapeuticArea: values('therapeuticArea') };
    },
  });
}

export function useFunnel(p: DashboardParams) {
  const query = present({ asOf: asOfInstant(p.asOf), position: useLivePosition() });
  return useQuery({ queryKey: ['funnel', query], placeholderData: keepPreviousData, queryFn: () => unwrap(api.GET('/pipeline/funnel', { params: { query } })) });
}

export function useTimeInStage() {
  const query = present({ position: useLivePosition() });
  return useQuery({ queryKey: ['time-in-stage', query], placeholderData: keepPreviousData, queryFn: () => unwrap(api.GET('/pipeline/time-in-stage', { params: { query } })) });
}

export function useStalled(p: DashboardParams) {
  const query = present({ ...p.filters, days: p.stalledDays, pageSize: 50, position: useLivePosition() }) as never;
  return useQuery({ queryKey: ['stalled', query], placeholderData: keepPreviousData, queryFn: () => unwrap(api.GET('/pipeline/stalled', { params: { query } })) as Promise<Stalled> });
}

export function useActivity() {
  const query = present({ limit: 40, position: useLivePosition() });
  return useQuery({ queryKey: ['activity', query], placeholderData: keepPreviousData, queryFn: () => unwrap(api.GET('/pipeline/activity', { params: { query } })) });
}

export function useDrillDown(p: DashboardParams) {
  const drill = p.drill;
  const metric = drill?.metric;
  // As the old dashboard did: the funnel and the board honour "as of"; the board and stalled honour the filters.
  const query = drill
    ? present({
        metric,
        stage: drill.stage ?? undefined,
        pageSize: 100,
        ...(metric === 'board' || metric?.startsWith('funnel') ? { asOf: asOfInstant(p.asOf) } : {}),
        ...(metric === 'board' || metric === 'stalled' ? p.filters : {}),
        ...(metric === 'stalled' ? { days: p.stalledDays } : {}),
      })
    : {};
  return useQuery({
    queryKey: ['drill-down', query],
    enabled: !!drill,
    queryFn: () => unwrap(api.GET('/pipeline/drill-down', { params: { query: query as never } })) as Promise<DrillDown>,
  });
}
