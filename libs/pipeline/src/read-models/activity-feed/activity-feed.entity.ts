import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'activity_feed' })
export class ActivityFeedEntity {
  @PrimaryColumn('bigint', { name: 'global_position' }) globalPosition: string;
  @Column('uuid', { name: 'event_id' }) eventId: string;
  @Column('uuid', { name: 'project_id' }) projectId: string;
  @Column('integer') revision: number;
  @Column('text') type: string;
  @Column('text', { name: 'actor_id' }) actorId: string;
  @Column('text', { name: 'actor_name' }) actorName: string;
  @Column('text', { name: 'actor_role' }) actorRole: string;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt: Date;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
  @Column('text', { nullable: true }) reason: string | null;
  @Column('text') summary: string;
}
