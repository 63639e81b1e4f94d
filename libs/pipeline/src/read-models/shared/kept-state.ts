import { registry } from '../../domain';
import type { ProjectState } from '../../domain';

/**
 * What a read model keeps of a project's folded state: the records, team, stage, status and evidence floor that the
 * gate rules, deadlines and notifications read. Milestones, the correction, retraction, gate and stage logs feed none
 * of them and only grow (a long project has thousands of milestones), and `evolve` only ever appends to them or
 * patches a record it finds, so folding on from a state without them gives the same records, stage, status and
 * evidence floor. The idea is dropped unless asked for (notifications name its submitter).
 */
export function keptPart(state: ProjectState, options: { idea?: boolean } = {}): ProjectState {
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
