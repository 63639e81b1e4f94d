import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { decide, DomainError, evolve, evolveAll, initialState, PROJECT_EVENT_TYPES } from '../domain';
import type { ProjectCommand, ProjectEvent, ProjectState } from '../domain';
import { commandsFor, playPlan, PlanActors, projectPlans } from '../domain/testing/project-plans';
import { signatureHistory } from '../domain/testing/signature-history';
import { parseSnapshot, PROJECT_FOLD_VERSION, serializeSnapshot } from './project-snapshots';
import type { KeyedEvent } from './project-snapshots';

// A snapshot must never disagree with a fresh fold: whatever the history and wherever it was cut, the state read
// back from a snapshot and folded on must be the state folded from the first event, down to the prototypes of its
// registries, and `decide` must answer the same on both.

const ACTORS: PlanActors = {
  office: { id: 'office-li', name: 'Li Na', role: 'innovation_office' },
  clinician: { id: 'dr-chen', name: 'Dr. Chen Wei' },
};

function ids(prefix: number): () => string {
  let n = 0;
  return () => `00000000-0000-4000-8${String(prefix % 1000).padStart(3, '0')}-${String(++n).padStart(12, '0')}`;
}

function clock(start = Date.parse('2026-01-05T08:00:00.000Z')): () => string {
  let t = start;
  return () => new Date((t += 61_000)).toISOString();
}

// Same text, same prototypes: JSON alone would not tell a registry from a plain object (see `registry`).
function shape(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(shape);
  const proto = Object.getPrototypeOf(value) === null ? 'registry' : 'object';
  return { [proto]: Object.entries(value).map(([k, v]) => [k, shape(v)]) };
}

function restore(state: ProjectState, keys: Map<string, KeyedEvent[]> = new Map()): ProjectState {
  const back = parseSnapshot(serializeSnapshot({ state, byIdempotencyKey: keys, lastEventId: 'e' }), 'e');
  if (!back) throw new Error('snapshot did not read back');
  expect(back.byIdempotencyKey).toEqual(keys);
  return back.state;
}

// What decide makes of a command on a state: its events, or the domain error's code.
function outcome(command: { type: string; data: Record<string, unknown> }, state: ProjectState, now: string): unknown {
  try {
    return decide({ ...command, metadata: { actor: ACTORS.office, now } } as unknown as ProjectCommand, state);
  } catch (error) {
    if (error instanceof DomainError) return { refused: error.code };
    throw error;
  }
}

const TODAY = new Date('2026-06-01T00:00:00.000Z');

describe('project snapshots', () => {
  it('read back and folded on, always give the state a fresh fold gives, and the same decisions', () => {
    fc.assert(
      fc.property(projectPlans(TODAY, { maxSteps: 40 }), fc.nat(), fc.array(projectPlans(TODAY, { minSteps: 1, maxSteps: 3 }).map((p) => p.steps), { maxLength: 3 }), (plan, cutSeed, probes) => {
        const projectId = '00000000-0000-4000-8000-00000000abcd';
        const newId = ids(cutSeed);
        const { commands } = playPlan(plan, projectId, { newId, now: clock(), actors: ACTORS });
        const events: ProjectEvent[] = commands.flatMap((c) => c.events);
        const fresh = evolveAll(initialState(), events);
        // Every cut, from none folded to all folded: evolveAll on the snapshot's state, and evolve one at a time.
        const cut = events.length === 0 ? 0 : cutSeed % (events.length + 1);
        const snapshot = restore(evolveAll(initialState(), events.slice(0, cut)));
        const onwards = evolveAll(snapshot, events.slice(cut));
        expect(shape(onwards)).toEqual(shape(fresh));
        expect(JSON.stringify(onwards)).toBe(JSON.stringify(fresh));
        const stepwise = events.slice(cut).reduce(evolve, restore(evolveAll(initialState(), events.slice(0, cut))));
        expect(shape(stepwise)).toEqual(shape(fresh));
        // A snapshot of the end decides every next command as the fresh state does.
        const end = restore(fresh);
        const now = '2026-06-01T12:00:00.000Z';
        for (const step of probes.flat()) {
          const next = commandsFor(step, fresh, projectId, ids(cutSeed + 1), ACTORS);
          const again = commandsFor(step, end, projectId, ids(cutSeed + 1), ACTORS);
          expect(again).toEqual(next);
          for (const command of next) expect(outcome(command, end, now)).toEqual(outcome(command, fresh, now));
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 60) },
    );
  });

  it('keep ids such as __proto__ and constructor as ordinary registry keys', () => {
    const state = initialState();
    state.milestones['__proto__'] = { milestoneId: '__proto__' } as never;
    const back = restore(state);
    expect(Object.getPrototypeOf(back.milestones)).toBeNull();
    expect(Object.keys(back.milestones)).toEqual(['__proto__']);
    expect(back.milestones['constructor']).toBeUndefined();
  });

  it('are stored as ASCII text and read back to the same characters in every script', () => {
    const state = initialState();
    const title = 'Uji klinis “tahap 2” – 陈伟医生 🩺 café';
    state.milestones['m1'] = { milestoneId: 'm1', title, description: 'Σ ≤ 5 mmol/L' } as never;
    const text = serializeSnapshot({ state, byIdempotencyKey: new Map([['kunci-é', []]]), lastEventId: 'e' });
    expect(/[^\x20-\x7e]/.test(text)).toBe(false);
    const back = parseSnapshot(text, 'e');
    expect(back?.state.milestones['m1']).toEqual({ milestoneId: 'm1', title, description: 'Σ ≤ 5 mmol/L' });
    expect([...back!.byIdempotencyKey.keys()]).toEqual(['kunci-é']);
    expect(JSON.stringify(back?.state)).toBe(JSON.stringify(state));
  });

  it('refuse text that is not a snapshot', () => {
    expect(parseSnapshot('{"state":', 'e')).toBeNull();
    expect(parseSnapshot('{"keys":[]}', 'e')).toBeNull();
    expect(parseSnapshot(JSON.stringify({ state: { ...initialState(), milestones: null }, keys: [] }), 'e')).toBeNull();
  });

  // The fold's results over a fixed corpus of histories (every event type the generator reaches, extreme values).
  // When this fails, evolve makes something else of some event than stored snapshots hold: move PROJECT_FOLD_VERSION
  // (so every stored snapshot is ignored and made again), then record the new fingerprint here. Only a change that
  // leaves every folded state as it was may keep the version.
  it('are versioned by what the fold makes: PROJECT_FOLD_VERSION moves when the fold results change', () => {
    const plans = fc.sample(projectPlans(TODAY, { maxSteps: 60 }), { seed: 20_261_204, numRuns: 150 });
    const hash = createHash('sha256');
    const seen = new Set<string>();
    plans.forEach((plan, i) => {
      const { commands } = playPlan(plan, `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`, { newId: ids(i), now: clock(), actors: ACTORS });
      let state = initialState();
      for (const { events } of commands) {
        for (const e of events) seen.add(e.type);
        state = evolveAll(state, events);
        hash.update(JSON.stringify(shape(state)));
      }
    });
    // A go collecting several signatures (a template gate's rule), which the plans' fixed-model projects never reach.
    let signing = initialState();
    for (const e of signatureHistory()) {
      seen.add(e.type);
      signing = evolve(signing, e);
      hash.update(JSON.stringify(shape(signing)));
    }
    // The same project moved to a newer version of its template (an event no stored history held before it existed,
    // so adding it left every stored snapshot's fold as it was: the version stayed, the fingerprint moved).
    const bound = signing.template!;
    const newer = { ...bound, version: 2, template: { ...bound.template, description: 'Revised' } };
    const adoption = {
      type: 'MoveToTemplateVersion',
      data: { projectId: 'prj-signatures', template: newer, reason: 'Office rule', signature: { meaning: 'adopt', printedName: 'Li Na' } },
      metadata: { actor: { id: 'office-li', name: 'Li Na', role: 'innovation_office' }, now: '2026-01-06T08:00:00.000Z' },
    } as ProjectCommand;
    for (const e of decide(adoption, signing)) {
      seen.add(e.type);
      signing = evolve(signing, e);
      hash.update(JSON.stringify(shape(signing)));
    }
    // Every event type is in the corpus (a new one must be, for its fold to be versioned).
    expect(PROJECT_EVENT_TYPES.filter((t) => !seen.has(t))).toEqual([]);
    expect({ version: PROJECT_FOLD_VERSION, fingerprint: hash.digest('hex') }).toEqual({ version: 3, fingerprint: FINGERPRINT });
  });
});

// Version 2: the state keeps evidenceRevision and the signatures standing toward a go (gates/gate-signatures.ts).
const FINGERPRINT = 'f9a7ce7c01982903ed90260ec86891b3c1eb4e8300b05a6438cd9c5083f555cf';
