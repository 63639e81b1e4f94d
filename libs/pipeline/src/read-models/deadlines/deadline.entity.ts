import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'deadlines' })
export class DeadlineEntity {
  @PrimaryColumn('uuid', { name: 'project_id' }) projectId: string;
  @PrimaryColumn('text', { name: 'deadline_id' }) deadlineId: string;
  @Column('text') kind: string;
  @Column('text') title: string;
  @Column('text', { name: 'project_title' }) projectTitle: string;
  @Column('text', { name: 'project_status' }) projectStatus: string;
  @Column('text', { name: 'owner_id' }) ownerId: string;
  @Column('jsonb', { name: 'team_ids' }) teamIds: string[];
  @Column('text', { name: 'record_kind' }) recordKind: string;
  @Column('text', { name: 'record_id' }) recordId: string;
  @Column('text', { nullable: true }) jurisdiction: string | null;
  @Column('text', { name: 'starts_on' }) startsOn: string;
  @Column('text', { name: 'due_on' }) dueOn: string;
  @Column('text', { name: 'closed_on', nullable: true }) closedOn: string | null;
  @Column('text') source: string;
  @Column('jsonb', { name: 'source_events' }) sourceEvents: string[];
  @Column('jsonb', { name: 'closed_by' }) closedBy: string[];
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
