import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evolveAll, initialState, ProjectEvent } from '../domain';

// The demo pipeline's events and folded states as the code before ideas and person keys (ca8e0cf) wrote them.
// Events already on a record must fold to the same states today: the only new field is `idea`, null for them.
const recorded: { key: string; events: ProjectEvent[]; state: Record<string, unknown> }[] = JSON.parse(
  readFileSync(join(process.cwd(), 'libs/pipeline/src/demo/fixtures/demo-pipeline.before-ideas.json'), 'utf8'),
);

describe('events recorded before this version', () => {
  it.each(recorded.map((r) => [r.key, r] as const))('%s folds to the state it folded to then', (_key, { events, state }) => {
    const today = JSON.parse(JSON.stringify(evolveAll(initialState(), events))) as Record<string, unknown>;
    expect(today.idea).toBeNull();
    delete today.idea;
    expect(today).toEqual(state);
  });
});
