// Conditional go: the conditions a go sets, their closing, and the rule that the next go waits for them.
import type { AdvanceStage, StageAdvanced } from '../gates/gates.payloads';
import { DomainError } from '../shared/errors';
import { isPastDate, required } from '../shared/rules';
import { isValidPersonKey, personKey } from '../shared/values';
import type { ProjectState } from '../state';
import {
  CloseCondition,
  ConditionClosed,
  ConditionInput,
  ConditionRecord,
  ConditionSet,
  MAX_CONDITION_EVIDENCE,
  MAX_CONDITION_TEXT,
  MAX_CONDITIONS_PER_GO,
} from './conditions.payloads';

const DAY_MS = 86_400_000;
// A due day may lie up to ten years ahead: beyond that it is a typing error, not a plan.
const MAX_YEARS_AHEAD = 10;

/** The conditions still open, oldest first. */
export function openConditions(state: Pick<ProjectState, 'conditions'>): ConditionRecord[] {
  return Object.values(state.conditions ?? {})
    .filter((c) => c.status === 'open')
    .sort((a, b) => a.revision - b.revision);
}

/**
 * A go decided by `decideGo` (the gates area), with the conditions the command carries: refused while a condition of
 * an earlier go is open; otherwise each condition is set by a ConditionSet right after the StageAdvanced. A go that
 * only collects a signature (a rule asking for several) moves nothing yet, so it takes no conditions: the signature
 * that completes the go states them.
 */
export function goOnConditions<E extends { type: string }>(
  command: AdvanceStage,
  state: ProjectState,
  decideGo: () => E[],
): (E | ConditionSet)[] {
  const open = openConditions(state);
  if (open.length > 0) {
    throw new DomainError('conditions_open', `${open.length} condition(s) of an earlier go are still open.`, {
      conditions: open.map(({ conditionId, text, owner, dueOn }) => ({ conditionId, text, ownerId: owner.id, dueOn })),
    });
  }
  const given = command.data.conditions ?? [];
  const checked = given.map((c, i) => checkCondition(c, i, state, command.metadata.now));
  const ids = new Set(checked.map((c) => c.conditionId));
  if (ids.size !== checked.length) {
    throw new DomainError('invalid_condition', 'Two conditions of the go have the same conditionId.', {
      field: 'conditions',
    });
  }
  if (checked.length > MAX_CONDITIONS_PER_GO) {
    throw new DomainError('invalid_condition', `A go takes at most ${MAX_CONDITIONS_PER_GO} conditions.`, {
      field: 'conditions',
    });
  }
  const events = decideGo();
  if (checked.length === 0) return events;
  const advanced = events.find((e) => e.type === 'StageAdvanced') as unknown as StageAdvanced | undefined;
  if (!advanced) {
    throw new DomainError('invalid_condition', 'Conditions are stated by the signature that completes the go.', {
      field: 'conditions',
    });
  }
  const { fromStage, toStage, fromTemplateStage, toTemplateStage } = advanced.data;
  const gate = {
    fromStage,
    toStage,
    ...(fromTemplateStage ? { fromTemplateStage } : {}),
    ...(toTemplateStage ? { toTemplateStage } : {}),
  };
  const projectId = command.data.projectId;
  const setAt = command.metadata.now;
  return [
    ...events,
    ...checked.map((c): ConditionSet => ({ type: 'ConditionSet', data: { projectId, ...c, setAt, gate } })),
  ];
}

function checkCondition(c: ConditionInput, i: number, state: ProjectState, now: string) {
  const field = `conditions[${i}]`;
  required({
    [`${field}.conditionId`]: c?.conditionId,
    [`${field}.text`]: c?.text,
    [`${field}.ownerId`]: c?.ownerId,
    [`${field}.dueOn`]: c?.dueOn,
  });
  const conditionId = c.conditionId.trim();
  if (Object.prototype.hasOwnProperty.call(state.conditions, conditionId)) {
    throw new DomainError('invalid_condition', `A condition with id ${conditionId} already exists.`, {
      field: `${field}.conditionId`,
      conditionId,
    });
  }
  const text = c.text.trim();
  if (text.length > MAX_CONDITION_TEXT) {
    throw new DomainError('invalid_condition', `${field}.text is longer than ${MAX_CONDITION_TEXT} characters.`, {
      field: `${field}.text`,
    });
  }
  const ownerId = personKey(c.ownerId);
  const member = isValidPersonKey(ownerId) ? state.team[ownerId] : undefined;
  if (!member?.active) {
    throw new DomainError('condition_owner_not_on_team', `${c.ownerId} is not on this project's active team.`, {
      field: `${field}.ownerId`,
      ownerId: c.ownerId,
    });
  }
  if (!isDueDay(c.dueOn, now)) {
    throw new DomainError('invalid_date', `${field}.dueOn ${c.dueOn} is not today or a later day (YYYY-MM-DD).`, {
      field: `${field}.dueOn`,
      value: c.dueOn,
    });
  }
  return { conditionId, text, owner: { id: ownerId, name: member.name }, dueOn: c.dueOn };
}

/**
 * Today or later, from the day before today in UTC (the signer may sit west of UTC, where it is still yesterday) to
 * ten years ahead. isPastDate checks that the day exists.
 */
function isDueDay(value: string, now: string): boolean {
  const yesterday = new Date(Date.parse(now) - DAY_MS).toISOString().slice(0, 10);
  const latest = `${String(Number(now.slice(0, 4)) + MAX_YEARS_AHEAD)}${now.slice(4, 10)}`;
  return (
    typeof value === 'string' &&
    isPastDate(value, `${latest}T00:00:00.000Z`) &&
    value >= yesterday &&
    value <= latest
  );
}

/** Closing a condition: by its owner (a clinician on the team) or the innovation office, once, with evidence. */
export function decideCondition(command: CloseCondition, state: ProjectState): ConditionClosed[] {
  const { actor, now } = command.metadata;
  const d = command.data;
  required({ conditionId: d.conditionId, evidence: d.evidence });
  const condition = Object.prototype.hasOwnProperty.call(state.conditions, d.conditionId)
    ? state.conditions[d.conditionId]
    : undefined;
  if (!condition) {
    throw new DomainError('condition_not_found', `No condition with id ${d.conditionId} on this project.`, {
      conditionId: d.conditionId,
    });
  }
  if (condition.status === 'closed') {
    throw new DomainError('condition_already_closed', `Condition ${d.conditionId} was closed already.`, {
      conditionId: d.conditionId,
      closedAt: condition.closedAt,
    });
  }
  if (actor.role !== 'innovation_office' && personKey(actor.id) !== condition.owner.id) {
    throw new DomainError('not_condition_owner', `Only the condition's owner or the innovation office closes it.`, {
      conditionId: d.conditionId,
      ownerId: condition.owner.id,
    });
  }
  const evidence = d.evidence.trim();
  if (evidence.length > MAX_CONDITION_EVIDENCE) {
    throw new DomainError('invalid_condition', `evidence is longer than ${MAX_CONDITION_EVIDENCE} characters.`, {
      field: 'evidence',
    });
  }
  const documentId = d.documentId?.trim() || null;
  if (documentId !== null && !Object.prototype.hasOwnProperty.call(state.documents, documentId)) {
    throw new DomainError('document_not_found', `No document with id ${documentId} on this project.`, {
      documentId,
    });
  }
  return [
    {
      type: 'ConditionClosed',
      data: {
        projectId: d.projectId,
        conditionId: d.conditionId,
        evidence,
        documentId,
        closedBy: { id: actor.id, name: actor.name, role: actor.role },
        closedAt: now,
      },
    },
  ];
}

/** The record a ConditionSet starts. */
export function conditionRecordOf(event: ConditionSet, revision: number): ConditionRecord {
  const { projectId: _projectId, ...set } = event.data;
  return Object.assign(set, {
    revision,
    status: 'open' as const,
    evidence: null,
    documentId: null,
    closedAt: null,
    closedBy: null,
  });
}

/** What a ConditionClosed changes on its record. */
export function conditionClosure(event: ConditionClosed): Partial<ConditionRecord> {
  const { evidence, documentId, closedAt, closedBy } = event.data;
  return { status: 'closed', evidence, documentId, closedAt, closedBy };
}

/** Open and past its due day on `today` ('YYYY-MM-DD'). */
export function isOverdue(condition: ConditionRecord, today: string): boolean {
  return condition.status === 'open' && today > condition.dueOn;
}
