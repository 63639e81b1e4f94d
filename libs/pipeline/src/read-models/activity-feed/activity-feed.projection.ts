import type { SqlExecutor } from '@app/platform';
import type { Projection, ProjectionMemo, RecordedEvent } from '@app/event-store';
import type { ProjectEvent } from '../../domain';
import { appendRows, laterOf, writeRows } from '../shared/row-batch';
import { projectEventsOf, projectIdsOf } from '../shared/project-events';
import { iso } from '../shared/sql-values';

/**
 * Who did what when, one row per project event; the audit trail itself stays in the event store. Each row also
 * keeps the project's latest occurredAt up to and including it (a late entry may be older than what came
 * before): the board's "last event" as of any instant is then one index probe per project.
 */
export const activityFeedProjection: Projection = {
  name: 'activity_feed',
  version: 3,
  tables: ['activity_feed'],
  // A rebuild appends each event's row once (appendRows).
  appendedTables: ['activity_feed'],
  async apply(tx: SqlExecutor, events: readonly RecordedEvent[], memo?: ProjectionMemo): Promise<void> {
    const batch = projectEventsOf(events);
    if (batch.length === 0) return;
    // Each project's latest occurredAt so far: a rebuild keeps them all in its memo from position 0; live, they are
    // read back per batch (by the activity_feed_project_latest index).
    const latest = memo ? latestOf(memo) : await readLatest(tx, projectIdsOf(batch));
    const rows = batch.map(({ projectId, event, domain }) => {
      const { actor, occurredAt, reason } = event.metadata;
      const upTo = laterOf(latest.get(projectId), occurredAt);
      latest.set(projectId, upTo);
      return {
        global_position: event.globalPosition,
        event_id: event.eventId,
        project_id: projectId,
        revision: event.revision,
        type: event.type,
        actor_id: actor.id,
        actor_name: actor.name,
        actor_role: actor.role,
        occurred_at: occurredAt,
        recorded_at: event.recordedAt,
        reason: typeof reason === 'string' ? reason : null,
        summary: describe(domain),
        latest_occurred_at: upTo,
      };
    });
    // A redelivered event is already there and stays as it was; a rebuild's fresh table has none of them yet.
    if (memo) await appendRows(tx, 'activity_feed', ['global_position'], rows, 'nothing');
    else await writeRows(tx, 'activity_feed', ['global_position'], rows, 'nothing');
  },
};

function latestOf(memo: ProjectionMemo): Map<string, string> {
  let latest = memo.get('latest') as Map<string, string> | undefined;
  if (!latest) memo.set('latest', (latest = new Map()));
  return latest;
}

// The maximum over every row applied so far: delivery follows commit order (transaction id), which need not be
// position order, so the row with the highest position need not be the last one applied.
async function readLatest(tx: SqlExecutor, ids: readonly string[]): Promise<Map<string, string>> {
  const { rows } = await tx.query<{ project_id: string; latest: unknown }>(
    `SELECT p AS project_id, (SELECT max(a.latest_occurred_at) FROM activity_feed a WHERE a.project_id = p) AS latest
       FROM unnest($1::uuid[]) AS p`,
    [ids],
  );
  return new Map(rows.filter((r) => r.latest !== null).map((r) => [r.project_id, iso(r.latest)]));
}

/** One line for a human, in the words of the domain. */
export function describe(event: ProjectEvent): string {
  switch (event.type) {
    case 'IdeaSubmitted':
      return `Idea submitted by ${event.data.submittedBy.name}: "${event.data.title}"`;
    case 'IdeaResubmitted':
      return `Idea submitted again by ${event.data.submittedBy.name}: "${event.data.title}"`;
    case 'IdeaAccepted':
      return 'Idea accepted as a project';
    case 'IdeaDeclined':
      return `Idea declined: ${event.data.reason}`;
    case 'ProjectProposed':
      return `Proposed "${event.data.title}" (${event.data.deviceType}, class ${event.data.riskClass})`;
    case 'InventionDisclosureRecorded':
      return `Recorded invention disclosure "${event.data.title}"`;
    case 'PatentFiled':
      return `Filed ${event.data.kind} patent ${event.data.applicationNumber} (${event.data.jurisdiction})`;
    case 'PatentPublished':
      return `Patent published as ${event.data.publicationNumber}`;
    case 'PatentGranted':
      return `Patent granted: ${event.data.patentNumber}`;
    case 'PatentAbandoned':
      return `Patent abandoned: ${event.data.reason}`;
    case 'PrototypeBuilt':
      return `Built prototype ${event.data.version}`;
    case 'VerificationTestRecorded':
      return `${event.data.standard} verification ${event.data.result} (${event.data.lab})`;
    case 'DesignReviewHeld':
      return `Design review held: ${event.data.outcome.replace(/_/g, ' ')}`;
    case 'EthicsApprovalRecorded':
      return `Ethics approval ${event.data.reference} (${event.data.committee})`;
    case 'TrialRegistered':
      return `Registered trial ${event.data.registry} ${event.data.registryId}, target ${event.data.targetEnrolment}`;
    case 'FirstPatientEnrolled':
      return 'First patient in';
    case 'EnrolmentUpdated':
      return `Enrolment ${event.data.enrolled}/${event.data.targetEnrolment}${event.data.overTarget ? ' (over target)' : ''}`;
    case 'TrialCompleted':
      return `Trial completed, primary endpoint ${event.data.primaryEndpointMet ? 'met' : 'not met'}`;
    case 'TrialAuthorisationRecorded':
      return `${event.data.authority} ${event.data.form.replace(/_/g, ' ')} granted: ${event.data.reference}`;
    case 'DesignationGranted':
      return `${event.data.authority} designation ${event.data.programme.replace(/_/g, ' ')} granted: ${event.data.reference}`;
    case 'EquivalenceEvaluationRecorded':
      return `Equivalence evaluation against ${event.data.predicateDevice}: ${event.data.equivalent ? 'equivalent' : 'not equivalent'}`;
    case 'SubmissionFiled':
      return `Submitted to ${event.data.authority} (${event.data.pathway}) ${event.data.reference}`;
    case 'SubmissionDeficiencyReceived':
      return 'Deficiency letter received';
    case 'SubmissionDeficiencyAnswered':
      return 'Deficiency answered';
    case 'SubmissionApproved':
      return `Approved by ${event.data.authority}: certificate ${event.data.certificateNumber}, class ${event.data.deviceClass}`;
    case 'SubmissionRejected':
      return `Submission rejected: ${event.data.reason}`;
    case 'TeamMemberAdded':
      return `${event.data.member.name} joined as ${event.data.teamRole.replace(/_/g, ' ')}`;
    case 'TeamMemberRemoved':
      return `Team member ${event.data.memberId} removed`;
    case 'PartnerAdded':
      return `Partner ${event.data.partner.name} added (${event.data.partner.role.replace(/_/g, ' ')})`;
    case 'PartnerRemoved':
      return `Partner ${event.data.partnerId} removed`;
    case 'MilestoneLogged':
      return `Milestone: ${event.data.title}`;
    case 'RecordCorrected':
      return `Corrected ${event.data.target.kind} ${event.data.field}: ${JSON.stringify(event.data.oldValue)} → ${JSON.stringify(event.data.newValue)}`;
    case 'RecordRetracted':
      return `Retracted ${event.data.target.kind} ${event.data.target.id}`;
    case 'StageAdvanced':
      return `Advanced ${event.data.fromStage} → ${event.data.toStage}`;
    case 'ProjectKilled':
      return `Killed at ${event.data.fromStage}`;
    case 'ProjectPutOnHold':
      return `Put on hold at ${event.data.fromStage}`;
    case 'ProjectResumed':
      return `Resumed at ${event.data.fromStage}`;
    case 'ProjectRecycled':
      return `Recycled ${event.data.fromStage} → ${event.data.toStage}`;
    case 'GateSignatureCollected':
      return `Signed the go ${event.data.fromTemplateStage} → ${event.data.toTemplateStage}; ${event.data.missing.length === 0 ? 'complete' : `still needed: ${event.data.missing.join(' ')}`}`;
    case 'GateSignatureRevoked':
      return `Withdrew a signature on the go ${event.data.fromTemplateStage} → ${event.data.toTemplateStage}: ${event.data.reason}`;
    case 'GateSignaturesInvalidated':
      return `${event.data.invalidated.length} signature(s) on the go ${event.data.fromTemplateStage} → ${event.data.toTemplateStage} invalidated: the record changed`;
    case 'ConditionSet':
      return `Condition of the go to ${event.data.gate.toTemplateStage ?? event.data.gate.toStage}, owned by ${event.data.owner.name}, due ${event.data.dueOn}: ${event.data.text}`;
    case 'ConditionClosed':
      return `Condition closed by ${event.data.closedBy.name}: ${event.data.evidence}`;
    case 'DocumentAttached':
      return `Document ${event.data.fileName} attached to ${event.data.attachedTo.kind.replace(/_/g, ' ')} (${event.data.purpose.replace(/_/g, ' ')})`;
    case 'DocumentSuperseded':
      return `Document ${event.data.fileName} supersedes an earlier version: ${event.data.reason}`;
    case 'TemplateVersionAdopted':
      return `Moved to version ${event.data.toVersion} of template ${event.data.templateId} (from ${event.data.fromVersion}): ${event.data.reason}`;
    default: {
      const unhandled: never = event;
      return (unhandled as { type: string }).type;
    }
  }
}
