import { evolveAll, initialState, registry } from '../../domain';
import type { ProjectEvent, ProjectState } from '../../domain';

/**
 * What a read model keeps of a project's folded state: the records, team, stage, status and evidence floor that the
 * gate rules, deadlines and notifications read. Milestones, the correction, retraction, gate and stage logs feed none
 * of them and only grow (a long project has thousands of milestones), and `evolve` only ever appends to them or
 * patches a record it finds, so folding on from a state without them gives the same records, stage, status and
 * evidence floor. The idea is dropped unless asked for (notifications name its submitter).
 */
export function keptPart(state: ProjectState, options: { idea?: boolean } = {}): ProjectState {
  // Most folds of a page add nothing to what is dropped: the state is kept as it is, not copied again.
  if (
    (options.idea || state.idea === null) &&
    isEmpty(state.milestones) &&
    state.corrections.length === 0 &&
    state.retractions.length === 0 &&
    state.gateDecisions.length === 0 &&
    state.stageHistory.length === 0
  )
    return state;
  return {
    ...state,
    idea: options.idea ? state.idea : null,
    milestones: registry(),
    corrections: [],
    retractions: [],
    gateDecisions: [],
    stageHistory: [],
  };
}

/**
 * `keptPart(evolveAll(start ?? initialState(), events), { idea: true })`, folded once for every read model that
 * keeps the same state object: in a rebuild, deadlines and notifications keep the very state this returns, so
 * whichever asks second for the same start and the same events (the same objects: a page's project events are
 * shared, see projectEventsOf) is given the first one's result. A fold never writes to the state it starts from
 * (copy on write), so a start state and its events always fold to the same state; live, each read model reads its own
 * state back and folds it alone.
 */
export function foldKept(start: ProjectState | null, events: readonly ProjectEvent[]): ProjectState {
  const from = start ?? INITIAL;
  // By the first event: unique to one project's events of one page (a start state may be shared: the initial one).
  const last = LAST_FOLD.get(events[0]);
  if (last && last.start === from && sameItems(last.events, events)) return last.state;
  const state = keptPart(evolveAll(from, events), { idea: true });
  if (events.length > 0) LAST_FOLD.set(events[0], { start: from, events, state });
  return state;
}

// The state before a project's first event: one object, so that two read models starting a project share its fold.
const INITIAL: ProjectState = Object.freeze(initialState());
const LAST_FOLD = new WeakMap<
  ProjectEvent,
  { start: ProjectState; events: readonly ProjectEvent[]; state: ProjectState }
>();

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function isEmpty(registry: object): boolean {
  for (const _ in registry) return false;
  return true;
}
