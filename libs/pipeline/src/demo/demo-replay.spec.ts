import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evolveAll, initialState, ProjectEvent } from '../domain';

// The demo pipeline's events and folded states as the code before ideas and person keys (ca8e0cf) wrote them.
// Events already on a record must fold to the same states today: the only new fields are `idea` (null for them),
// `documents` (empty), `conditions` (empty) and a verification test's accreditation numbers (null).
const recorded: { key: string; events: ProjectEvent[]; state: Record<string, unknown> }[] = JSON.parse(
  readFileSync(join(process.cwd(), 'libs/pipeline/src/demo/fixtures/demo-pipeline.before-ideas.json'), 'utf8'),
);

describe('events recorded before this version', () => {
  it.each(recorded.map((r) => [r.key, r] as const))('%s folds to the state it folded to then', (_key, { events, state }) => {
    const today = JSON.parse(JSON.stringify(evolveAll(initialState(), events))) as Record<string, unknown>;
    expect(today.idea).toBeNull();
    delete today.idea;
    // Documents came later still: none on these records, and tests recorded without the lab's accreditation fold to null.
    expect(today.documents).toEqual({});
    delete today.documents;
    // Trial authorisations and designations came with the regulatory tracks: none on these records.
    expect(today.trialAuthorisations).toEqual({});
    expect(today.designations).toEqual({});
    delete today.trialAuthorisations;
    delete today.designations;
    // Conditions of a conditional go came later again: no go on these records set one.
    expect(today.conditions).toEqual({});
    delete today.conditions;
    for (const test of Object.values(today.verificationTests as Record<string, Record<string, unknown>>)) {
      expect(test).toMatchObject({ cnasNumber: null, cmaNumber: null, iso17025Number: null });
      delete test.cnasNumber;
      delete test.cmaNumber;
      delete test.iso17025Number;
    }
    // Gate signatures came later too: none pending, and every one of these events changed the record a go signs.
    expect(today.pendingSignatures).toEqual([]);
    expect(today.evidenceRevision).toBe(today.revision);
    delete today.pendingSignatures;
    delete today.evidenceRevision;
    expect(today).toEqual(state);
  });
});
