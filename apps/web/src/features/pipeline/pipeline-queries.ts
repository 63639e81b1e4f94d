import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useLivePosition } from '../../auth/live';
import { api, present, unwrap } from '../../api/client';
import type { components, paths } from '../../api/schema';
import type { Stage } from '../../api/enums';
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

/** Cards drawn per stage at first, and added by each "show more": the board never draws a whole stage. */
export const CARDS_PER_PAGE = 20;

export function useBoard(p: DashboardParams) {
  const position = useLivePosition();
  const query = present({ ...p.filters, asOf: asOfInstant(p.asOf), limitPerStage: CARDS_PER_PAGE, position }) as BoardQuery;
  return useQuery({ queryKey: ['board', query], placeholderData: keepPreviousData, queryFn: () => unwrap(api.GET('/pipeline/board', { params: { query } })) });
}

type ListQuery = NonNullable<paths['/projects']['get']['parameters']['query']>;

/**
 * A stage's further cards, page by page from GET /projects (same filters, same order as the board's cards: latest
 * activity first, then project id), from page 2 on since the board itself holds page 1. Today's board only: as of
 * a past instant the column's count opens the drill-down, which pages.
 */
export function useMoreCards(p: DashboardParams, stage: Stage, enabled: boolean) {
  const position = useLivePosition();
  const base = present({ ...p.filters, stage, sort: '-lastEventAt', pageSize: CARDS_PER_PAGE, position }) as ListQuery;
  return useInfiniteQuery({
    queryKey: ['board-more', base],
    enabled,
    initialPageParam: 2,
    placeholderData: keepPreviousData,
    queryFn: ({ pageParam }) => unwrap(api.GET('/projects', { params: { query: { ...base, page: pageParam } } })),
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
  });
}

/**
 * The filters' choices: the values on the whole board now, whatever is filtered. Asked once the board itself is
 * drawn (`after`), so the first screen waits for the board's page of cards only, not for this larger answer.
 */
export function useFilterOptions(after = true) {
  const query = present({ limitPerStage: 200, position: useLivePosition() }) as BoardQuery;
  return useQuery({
    queryKey: ['board', query],
    enabled: after,
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
