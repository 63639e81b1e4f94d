// evolve: folds one event into a project's state. Gate evidence (what a "go" needs) lives in gates/, not here.
import type { GateEvent, PaperDecision, Signature } from './gates/gates.payloads';
import { conditionClosure, conditionRecordOf } from './conditions/conditions.decider';
import { documentRecordOf } from './documents/documents.decider';
import type { ProjectEvent } from './events';
import { changesRecord } from './gates/gate-signatures';
import { personKey, ProjectStatus } from './shared/values';
import { ProjectState, registry, REGISTRY_OF } from './state';
import type { RecordRef } from './shared/values';

type Registry = (typeof REGISTRY_OF)[keyof typeof REGISTRY_OF] | 'team' | 'documents' | 'conditions';
type Log = 'corrections' | 'retractions' | 'gateDecisions' | 'stageHistory';

/**
 * Copy on first write. One `evolve` copies every registry or list it changes, so the state it was given
 * stays as it was. A fold copies each of them at most once and then writes its own copy in place: folding
 * n events costs O(n), not O(n²). Only copies this writer made are ever written, never anything reachable
 * from the state a fold started from, and the intermediate states of a fold are never handed out.
 */
class Writer {
  private readonly owned: WeakSet<object> | null;

  constructor(reuse: boolean) {
    this.owned = reuse ? new WeakSet() : null;
  }

  /** `state` is always the top-level state `apply` owns, so its fields may be replaced. */
  put<K extends Registry>(state: ProjectState, key: K, id: string, record: ProjectState[K][string]): ProjectState {
    const registry = this.own(state[key]);
    registry[id] = record;
    state[key] = registry;
    return state;
  }

  patch<K extends Registry>(
    state: ProjectState,
    key: K,
    id: string,
    change: Partial<ProjectState[K][string]>,
  ): ProjectState {
    const current = state[key][id];
    return current ? this.put(state, key, id, { ...current, ...change } as ProjectState[K][string]) : state;
  }

  patchRef(state: ProjectState, ref: RecordRef, change: Record<string, unknown>): ProjectState {
    if (ref.kind === 'project') {
      if (state.profile) state.profile = { ...state.profile, ...change };
      return state;
    }
    return this.patch(state, REGISTRY_OF[ref.kind], ref.id, change as never);
  }

  append<K extends Log>(state: ProjectState, key: K, entry: ProjectState[K][number]): ProjectState {
    const log = this.own(state[key]) as ProjectState[K][number][];
    log.push(entry);
    state[key] = log as ProjectState[K];
    return state;
  }

  /** `value` itself if this writer made it, else a copy that it now owns. */
  own<T extends object>(value: T): T {
    if (this.owned?.has(value)) return value;
    // A registry keeps its null prototype through every copy (see `registry`).
    const copy = (
      Array.isArray(value)
        ? [...value]
        : Object.getPrototypeOf(value) === null
          ? Object.assign(Object.create(null), value)
          : { ...value }
    ) as T;
    this.owned?.add(copy);
    return copy;
  }
}

// A lone evolve owns nothing, so it copies whatever it changes.
const PURE = new Writer(false);

export function evolve(previous: ProjectState, event: ProjectEvent): ProjectState {
  return apply(previous, event, PURE);
}

/** Folds `events` onto `state` in linear time; the same result as `events.reduce(evolve, state)`. */
export function evolveAll(state: ProjectState, events: Iterable<ProjectEvent>): ProjectState {
  const writer = new Writer(true);
  let current = state;
  for (const event of events) current = apply(current, event, writer);
  return current;
}

function apply(previous: ProjectState, event: ProjectEvent, w: Writer): ProjectState {
  const revision = previous.revision + 1;
  const state = w.own(previous);
  state.revision = revision;
  // What a go signs: the record as its last change left it (gate signature events do not change it).
  if (changesRecord(event)) state.evidenceRevision = revision;
  // New records are built with Object.assign on fresh objects: in V8 a spread followed by keys the source lacks
  // ({ ...fields, revision }) is many times slower, and a long fold builds one for every event.
  switch (event.type) {
    case 'IdeaSubmitted':
    case 'IdeaResubmitted': {
      const { projectId: _projectId, ...submitted } = event.data;
      state.idea = Object.assign({}, submitted, {
        status: 'submitted' as const,
        submissions: (previous.idea?.submissions ?? 0) + 1,
        screenedAt: null,
        screeningReason: null,
      });
      return state;
    }
    case 'IdeaAccepted':
      if (state.idea)
        state.idea = {
          ...state.idea,
          status: 'accepted',
          screenedAt: event.data.acceptedAt,
          screeningReason: event.data.reason,
        };
      return state;
    case 'IdeaDeclined':
      if (state.idea)
        state.idea = {
          ...state.idea,
          status: 'declined',
          screenedAt: event.data.declinedAt,
          screeningReason: event.data.reason,
        };
      return state;
    case 'ProjectProposed': {
      const { partners, proposedAt, template, ...profile } = event.data;
      const lead = event.data.leadClinician;
      return {
        ...state,
        ...(template ? { template, templateStage: template.template.stages[0].id } : {}),
        profile: { ...profile, proposedAt },
        stage: 'idea',
        status: 'active',
        partners: registry(partners.map((p) => [p.partnerId, { ...p, revision, active: true }] as const)),
        // The lead clinician is on the team from the start, keyed as a person.
        team: registry([[personKey(lead.id), { ...lead, teamRole: 'lead_clinician' as const, active: true }]]),
        stageHistory: [{ stage: 'idea', enteredAt: proposedAt, revision }],
      };
    }
    case 'InventionDisclosureRecorded': {
      const { projectId: _, ...d } = event.data;
      return w.put(state, 'disclosures', d.disclosureId, Object.assign(d, { revision, retracted: false }));
    }
    case 'PatentFiled': {
      const { projectId: _, ...p } = event.data;
      return w.put(
        state,
        'patents',
        p.patentId,
        Object.assign(p, {
          status: 'filed' as const,
          publicationNumber: null,
          publishedOn: null,
          patentNumber: null,
          grantedOn: null,
          abandonedOn: null,
          abandonReason: null,
          revision,
          retracted: false,
        }),
      );
    }
    case 'PatentPublished': {
      const { patentId, publicationNumber, publishedOn } = event.data;
      return w.patch(state, 'patents', patentId, { status: 'published', publicationNumber, publishedOn });
    }
    case 'PatentGranted': {
      const { patentId, patentNumber, grantedOn } = event.data;
      return w.patch(state, 'patents', patentId, { status: 'granted', patentNumber, grantedOn });
    }
    case 'PatentAbandoned': {
      const { patentId, abandonedOn, reason } = event.data;
      return w.patch(state, 'patents', patentId, { status: 'abandoned', abandonedOn, abandonReason: reason });
    }
    case 'PrototypeBuilt': {
      const { projectId: _, ...p } = event.data;
      return w.put(state, 'prototypes', p.prototypeId, Object.assign(p, { revision, retracted: false }));
    }
    case 'VerificationTestRecorded': {
      const { projectId: _, ...t } = event.data;
      return w.put(
        state,
        'verificationTests',
        t.testId,
        Object.assign(t, {
          cnasNumber: t.cnasNumber ?? null,
          cmaNumber: t.cmaNumber ?? null,
          iso17025Number: t.iso17025Number ?? null,
          revision,
          retracted: false,
        }),
      );
    }
    case 'DesignReviewHeld': {
      const { projectId: _, ...r } = event.data;
      return w.put(state, 'designReviews', r.reviewId, Object.assign(r, { revision, retracted: false }));
    }
    case 'EthicsApprovalRecorded': {
      const { projectId: _, ...e } = event.data;
      return w.put(state, 'ethicsApprovals', e.ethicsApprovalId, Object.assign(e, { revision, retracted: false }));
    }
    case 'TrialRegistered': {
      const { projectId: _, ...t } = event.data;
      return w.put(
        state,
        'trials',
        t.trialId,
        Object.assign(t, {
          enrolled: 0,
          status: 'registered' as const,
          firstPatientInOn: null,
          completedOn: null,
          primaryEndpointMet: null,
          resultSummary: null,
          revision,
          retracted: false,
        }),
      );
    }
    case 'FirstPatientEnrolled':
      return w.patch(state, 'trials', event.data.trialId, {
        status: 'recruiting',
        enrolled: Math.max(1, state.trials[event.data.trialId]?.enrolled ?? 0),
        firstPatientInOn: event.data.occurredOn,
      });
    case 'EnrolmentUpdated':
      return w.patch(state, 'trials', event.data.trialId, { enrolled: event.data.enrolled });
    case 'TrialCompleted': {
      const { trialId, completedOn, primaryEndpointMet, resultSummary } = event.data;
      return w.patch(state, 'trials', trialId, { status: 'completed', completedOn, primaryEndpointMet, resultSummary });
    }
    case 'TrialAuthorisationRecorded': {
      const { projectId: _, ...a } = event.data;
      return w.put(state, 'trialAuthorisations', a.authorisationId, Object.assign(a, { revision, retracted: false }));
    }
    case 'DesignationGranted': {
      const { projectId: _, ...d } = event.data;
      return w.put(state, 'designations', d.designationId, Object.assign(d, { revision, retracted: false }));
    }
    case 'EquivalenceEvaluationRecorded': {
      const { projectId: _, ...e } = event.data;
      return w.put(state, 'equivalenceEvaluations', e.evaluationId, Object.assign(e, { revision, retracted: false }));
    }
    case 'SubmissionFiled': {
      const { projectId: _, ...s } = event.data;
      return w.put(
        state,
        'submissions',
        s.submissionId,
        Object.assign(s, {
          status: 'under_review' as const,
          deficiencies: [],
          rejectedOn: null,
          rejectionReason: null,
          revision,
          retracted: false,
        }),
      );
    }
    case 'SubmissionDeficiencyReceived': {
      const { submissionId, receivedOn, summary } = event.data;
      const submission = state.submissions[submissionId];
      if (!submission) return state;
      return w.patch(state, 'submissions', submissionId, {
        status: 'deficiency_open',
        deficiencies: [...submission.deficiencies, { receivedOn, summary, answeredOn: null, answer: null }],
      });
    }
    case 'SubmissionDeficiencyAnswered': {
      const { submissionId, answeredOn, summary } = event.data;
      const submission = state.submissions[submissionId];
      if (!submission) return state;
      // Answers close the oldest open deficiency: one letter, one answer.
      const open = submission.deficiencies.findIndex((d) => d.answeredOn === null);
      const deficiencies = submission.deficiencies.map((d, i) =>
        i === open ? { ...d, answeredOn, answer: summary } : d,
      );
      const stillOpen = deficiencies.some((d) => d.answeredOn === null);
      return w.patch(state, 'submissions', submissionId, {
        deficiencies,
        status: stillOpen ? 'deficiency_open' : 'under_review',
      });
    }
    case 'SubmissionApproved': {
      const { projectId: _, ...a } = event.data;
      const approved = w.patch(state, 'submissions', a.submissionId, { status: 'approved' });
      return w.put(approved, 'approvals', a.submissionId, Object.assign(a, { revision, retracted: false }));
    }
    case 'SubmissionRejected': {
      const { submissionId, rejectedOn, reason } = event.data;
      return w.patch(state, 'submissions', submissionId, { status: 'rejected', rejectedOn, rejectionReason: reason });
    }
    case 'TeamMemberAdded': {
      const { member, teamRole } = event.data;
      return w.put(state, 'team', personKey(member.id), Object.assign({}, member, { teamRole, active: true }));
    }
    case 'TeamMemberRemoved':
      return w.patch(state, 'team', personKey(event.data.memberId), { active: false });
    case 'PartnerAdded': {
      const { partner } = event.data;
      return w.put(state, 'partners', partner.partnerId, Object.assign({}, partner, { revision, active: true }));
    }
    case 'PartnerRemoved':
      return w.patch(state, 'partners', event.data.partnerId, { active: false });
    case 'MilestoneLogged': {
      const { projectId: _, ...m } = event.data;
      return w.put(state, 'milestones', m.milestoneId, Object.assign(m, { revision, retracted: false }));
    }
    case 'RecordCorrected': {
      const { projectId: _, ...c } = event.data;
      const corrected = w.patchRef(state, c.target, { [c.field]: c.newValue });
      return w.append(corrected, 'corrections', Object.assign(c, { revision }));
    }
    case 'RecordRetracted': {
      const { target, reason } = event.data;
      const retracted = w.patchRef(state, target, { retracted: true });
      return w.append(retracted, 'retractions', { target, reason, revision });
    }
    case 'StageAdvanced':
    case 'ProjectRecycled': {
      const { decision, fromStage, toStage, reason } = event.data;
      state.stage = toStage;
      if (event.data.toTemplateStage) state.templateStage = event.data.toTemplateStage;
      state.status = toStage === 'approved' ? 'approved' : 'active';
      // A recycle means the work from that stage on is redone: earlier records stop counting as evidence.
      if (decision === 'recycle') state.evidenceFloor = revision;
      if (state.pendingSignatures.length > 0) state.pendingSignatures = [];
      w.append(state, 'gateDecisions', { revision, decision, fromStage, toStage, reason, ...decidedBy(event.data) });
      return w.append(state, 'stageHistory', { stage: toStage, enteredAt: decidedAt(event.data), revision });
    }
    case 'ProjectKilled':
    case 'ProjectPutOnHold':
    case 'ProjectResumed': {
      const { decision, fromStage, toStage, reason } = event.data;
      state.status = STATUS_AFTER[decision];
      if (state.pendingSignatures.length > 0) state.pendingSignatures = [];
      return w.append(state, 'gateDecisions', {
        revision,
        decision,
        fromStage,
        toStage,
        reason,
        ...decidedBy(event.data),
      });
    }
    case 'GateSignatureCollected': {
      const { fromStage, toStage, fromTemplateStage, toTemplateStage, signature } = event.data;
      const entry = { revision, fromStage, toStage, fromTemplateStage, toTemplateStage, signature };
      state.pendingSignatures = [...state.pendingSignatures, entry];
      return state;
    }
    case 'GateSignatureRevoked': {
      const { signatureRevision } = event.data;
      state.pendingSignatures = state.pendingSignatures.filter((p) => p.revision !== signatureRevision);
      return state;
    }
    case 'GateSignaturesInvalidated':
      state.pendingSignatures = [];
      return state;
    // The gates ahead follow the version adopted; the template stage keeps its id and phase.
    case 'TemplateVersionAdopted':
      state.template = event.data.template;
      state.templateStage = event.data.templateStage;
      return state;
    case 'ConditionSet':
      return w.put(state, 'conditions', event.data.conditionId, conditionRecordOf(event, revision));
    case 'ConditionClosed':
      return w.patch(state, 'conditions', event.data.conditionId, conditionClosure(event));
    case 'DocumentAttached':
      return w.put(state, 'documents', event.data.documentId, documentRecordOf(event, revision, undefined));
    case 'DocumentSuperseded': {
      const old = state.documents[event.data.supersedes];
      const marked = w.patch(state, 'documents', event.data.supersedes, { supersededBy: event.data.documentId });
      return w.put(marked, 'documents', event.data.documentId, documentRecordOf(event, revision, old));
    }
    default: {
      const unhandled: never = event;
      throw new Error(`Unhandled event ${(unhandled as { type: string }).type}`);
    }
  }
}

// A gate decision is signed, or (imported) taken on paper on a day.
function decidedBy(data: GateEvent['data']): { signature: Signature } | { paper: PaperDecision } {
  return data.signature ? { signature: data.signature } : { paper: data.paper! };
}
function decidedAt(data: GateEvent['data']): string {
  return data.signature ? data.signature.signedAt : `${data.paper!.decidedOn}T00:00:00.000Z`;
}

const STATUS_AFTER = { kill: 'terminated', hold: 'on_hold', resume: 'active' } as const satisfies Record<
  'kill' | 'hold' | 'resume',
  ProjectStatus
>;
