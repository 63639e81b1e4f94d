import { evolveAll, initialState, ProjectEvent, ProjectState } from '../../domain';
import { milestoneByTan, proposed } from '../../domain/testing/fixtures';
import { foldKept, keptPart } from './kept-state';

const fresh = (start: ProjectState, events: readonly ProjectEvent[]) =>
  keptPart(evolveAll(start, events), { idea: true });

// New event objects on each call, as each page or live batch has its own.
const story = (): ProjectEvent[] => [{ ...proposed }, { ...milestoneByTan }];

describe('foldKept', () => {
  it('folds as a fresh fold does, and gives the same object to the second read model asking for the same fold', () => {
    const events = story();
    const first = foldKept(null, events);
    expect(first).toEqual(fresh(initialState(), events));
    expect(foldKept(null, [...events])).toBe(first);
  });

  it('folds afresh from another start state, or other events, never handing out a fold of something else', () => {
    const events = story();
    const shared = foldKept(null, events);
    const other = { ...initialState(), revision: 41 };
    expect(foldKept(other, events)).toEqual(fresh(other, events));
    expect(foldKept(other, events)).not.toBe(shared);
    // The same events as new objects (another page, a live batch): folded, equal, not the kept one.
    const again = story();
    expect(foldKept(null, again)).toEqual(shared);
    expect(foldKept(null, again)).not.toBe(shared);
    expect(foldKept(null, events.slice(0, 1))).toEqual(fresh(initialState(), events.slice(0, 1)));
    // The fold left its start as it was.
    expect(other).toEqual({ ...initialState(), revision: 41 });
  });

  it('keeps the idea and drops what no read model of it reads (milestones, logs)', () => {
    const state = foldKept(null, story());
    expect(Object.keys(state.milestones)).toEqual([]);
    expect(state.stageHistory).toEqual([]);
    expect(keptPart(state, { idea: true })).toBe(state);
  });
});
