import type { Command, Event, OnProject, Tracked } from '../shared/shapes';

export interface Milestone {
  milestoneId: string;
  title: string;
  description: string;
  occurredOn: string;
}

export type LogMilestone = Command<'LogMilestone', OnProject & Milestone>;
export type MilestoneLogged = Event<
  'MilestoneLogged',
  // loggedBy: only the author (or the innovation office) may later correct or retract it.
  OnProject & Milestone & { loggedBy: string }
>;

export interface MilestoneRecord extends Tracked, Milestone {
  loggedBy: string;
}
