import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One stay of a project in a stage. Written only by stageTransitionsProjection. */
@Entity({ name: 'stage_transitions' })
export class StageTransitionEntity {
  @PrimaryColumn('uuid', { name: 'project_id' }) projectId: string;
  @PrimaryColumn('bigint', { name: 'entered_position' }) enteredPosition: string;
  @Column('text') stage: string;
  @Column('timestamptz', { name: 'entered_at' }) enteredAt: Date;
  @Column('uuid', { name: 'entered_event_id' }) enteredEventId: string;
  /** proposed | go | recycle */
  @Column('text', { name: 'entered_by' }) enteredBy: string;
  @Column('timestamptz', { name: 'exited_at', nullable: true }) exitedAt: Date | null;
  @Column('uuid', { name: 'exited_event_id', nullable: true }) exitedEventId: string | null;
  @Column('text', { name: 'exited_to', nullable: true }) exitedTo: string | null;
  /** advanced | recycled */
  @Column('text', { name: 'exit_kind', nullable: true }) exitKind: string | null;
  @Column('timestamptz', { name: 'killed_at', nullable: true }) killedAt: Date | null;
  @Column('uuid', { name: 'killed_event_id', nullable: true }) killedEventId: string | null;
  // When and where each of those events was recorded: the funnel as of an instant.
  @Column('timestamptz', { name: 'entered_recorded_at', nullable: true }) enteredRecordedAt: Date | null;
  @Column('bigint', { name: 'exited_position', nullable: true }) exitedPosition: string | null;
  @Column('timestamptz', { name: 'exited_recorded_at', nullable: true }) exitedRecordedAt: Date | null;
  @Column('bigint', { name: 'killed_position', nullable: true }) killedPosition: string | null;
  @Column('timestamptz', { name: 'killed_recorded_at', nullable: true }) killedRecordedAt: Date | null;
}
