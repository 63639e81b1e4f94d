import { required, unique } from '../shared/rules';
import type { ProjectState } from '../state';
import type { LogMilestone, MilestoneLogged } from './milestones.payloads';

export function decideMilestone(command: LogMilestone, state: ProjectState): MilestoneLogged[] {
  const { actor } = command.metadata;
  const d = command.data;
  unique(state.milestones, 'milestone', d.milestoneId);
  required({ title: d.title, occurredOn: d.occurredOn });
  return [{ type: 'MilestoneLogged', data: { ...d, loggedBy: actor.id } }];
}
