// Deadlines the record implies: pure rules over a project's state, each citing where it comes from. The caller
// supplies today, the public holidays and, if it wants to name events, the ledger of which event set which date.
import type { ProjectEvent } from '../events';
import { evolveAll } from '../evolve';
import type { PatentRecord } from '../patents/patents.payloads';
import { initialState, ProjectState } from '../state';
import type { SubmissionRecord } from '../submissions/submissions.payloads';
import type { TrialRecord } from '../trials/trials.payloads';
import type { Authority, Pathway, RecordRef } from '../shared/values';

export const DEADLINE_KINDS = [
  'priority_year',
  'pct_national_phase',
  'trial_registration',
  'results_posting',
  'deficiency_response',
  'review_decision',
  'green_channel_window',
  'ethics_renewal',
  'condition_due',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export const DEADLINE_STATUSES = ['open', 'met', 'missed'] as const;
export type DeadlineStatus = (typeof DEADLINE_STATUSES)[number];

/** A span of time counted from a date: calendar days, months (same day of the month, or its last day), or working days. */
export type Period = { days: number } | { months: number } | { workingDays: number };

/**
 * A jurisdiction's calendar beyond weekends: the days its offices are closed ('YYYY-MM-DD'), and the weekend days on
 * which they work instead (China moves working days onto Saturdays and Sundays around its long holidays, 调休).
 */
export interface JurisdictionCalendar {
  closed: readonly string[];
  workingWeekends?: readonly string[];
}

/**
 * Public holidays per jurisdiction (ISO country code, or EP / EU for the European offices): a list of closed days, or
 * a calendar with closed days and working weekends.
 */
export type HolidayTable = Readonly<Record<string, readonly string[] | JurisdictionCalendar>>;

/** Which events set each date: `kind:id:field` → the refs (event ids) of the events that set or corrected it. */
export type DeadlineSources = Readonly<Record<string, readonly string[]>>;

export interface DeadlineOptions {
  holidays?: HolidayTable;
  sources?: DeadlineSources;
  /** Time allowed to answer a regulator's deficiency letter, per authority (defaults: DEFICIENCY_RESPONSE). */
  deficiencyResponse?: Partial<Record<Authority, Period>>;
}

export interface Deadline {
  /** Stable within the project: rule, record and what it is counted for. */
  id: string;
  kind: DeadlineKind;
  title: string;
  /** The day it counts from, and the last day on which it is met. */
  startsOn: string;
  dueOn: string;
  /** The jurisdiction whose calendar counts (patent office or authority), when one does. */
  jurisdiction: string | null;
  /** The record it belongs to. */
  record: RecordRef;
  /** The day of the event that closed it, or null while nothing has. */
  closedOn: string | null;
  status: DeadlineStatus;
  /** The events its due date comes from (refs from the ledger; empty without one). */
  sourceEvents: string[];
  /** The events that closed it. */
  closedBy: string[];
  /** Where the rule comes from. */
  source: string;
  /** Whose it is, when not the lead clinician's: a condition's owner (a person key). */
  owner?: string;
}

// ---- the rules ------------------------------------------------------------------------------------------

/** The PCT national phase per office: 30 months from priority, unless the office allows more. */
export const NATIONAL_PHASE_MONTHS: Readonly<Record<string, number>> = {
  CN: 30,
  US: 30,
  SG: 30,
  JP: 30,
  EP: 31,
  KR: 31,
  AU: 31,
};

/** Where an authority's device is protected: the patent office a PCT application must enter for it. */
export const PATENT_OFFICE_OF: Readonly<Record<Authority, string>> = { NMPA: 'CN', FDA: 'US', HSA: 'SG', EU_MDR: 'EP' };

/** The calendar an authority works by. */
export const JURISDICTION_OF: Readonly<Record<Authority, string>> = { NMPA: 'CN', FDA: 'US', HSA: 'SG', EU_MDR: 'EU' };

export const DEFICIENCY_RESPONSE: Readonly<Partial<Record<Authority, Period>>> = {
  FDA: { days: 180 },
  NMPA: { months: 12 },
};

/** HSA's target turn-around, working days by class and route, stop-clock time excluded. */
export const HSA_TARGET_WORKING_DAYS: Readonly<Record<string, Partial<Record<Pathway, number>>>> = {
  B: { expedited: 60, abridged: 100, full: 160 },
  C: { expedited: 120, abridged: 160, full: 220 },
  D: { expedited: 180, abridged: 220, full: 310 },
};

/** FDA review clocks in FDA days (calendar days the submission is not on hold for additional information). */
export const FDA_REVIEW_DAYS: Readonly<Partial<Record<Pathway, number>>> = { '510k': 90, de_novo: 150, pma: 180 };

/** One table: what each kind of deadline is, how it is counted, what closes it, and its source. */
export const DEADLINE_RULES: Readonly<Record<DeadlineKind, { counts: string; closedBy: string; source: string }>> = {
  priority_year: {
    counts: '12 months from the first filing of an invention, utility model or provisional application',
    closedBy: 'a later filing in another office or a PCT application, filed on or before the due date',
    source:
      'Paris Convention art. 4C(1) and 4C(3) (a closed day moves it to the next working day); 35 U.S.C. 119(e) for a US provisional',
  },
  pct_national_phase: {
    counts:
      '30 months from the priority date, 31 where the office allows it (NATIONAL_PHASE_MONTHS), for each office the project targets',
    closedBy: 'a filing in that office after the PCT application',
    source: 'PCT art. 22(1) and 39(1)(a); PCT rule 80.5; EPC rule 159(1) (31 months)',
  },
  trial_registration: {
    counts:
      'ClinicalTrials.gov: 21 days after the first participant is enrolled; ChiCTR: before the first participant (the day before)',
    closedBy: 'the trial registered on or before the due date (its registeredOn)',
    source: '42 CFR 11.24(a); ChiCTR and WHO ICTRP prospective registration, Declaration of Helsinki art. 35',
  },
  results_posting: {
    counts: '12 months after primary completion of a ClinicalTrials.gov trial',
    closedBy: 'no results-posting event exists yet: the deadline stays open until its due date',
    source: '42 CFR 11.44(a)',
  },
  deficiency_response: {
    counts: 'from the deficiency letter: FDA 180 days, NMPA 1 year (configurable per authority)',
    closedBy: 'the deficiency answered',
    source:
      'FDA: 21 CFR 807.87(l), 814.44(g) and the guidance "FDA and Industry Actions on Premarket Notification (510(k)) Submissions: Effect on FDA Review Clock and Goals" (180 days); NMPA: Provisions for Medical Device Registration and Filing (NMPA Order No. 47, 2021), supplementary information within 1 year',
  },
  review_decision: {
    counts:
      'the expected decision date: FDA 510(k) 90, De Novo 150, PMA 180 FDA days; HSA target working days by class and route; holds for deficiencies excluded',
    closedBy: 'the submission approved or rejected',
    source:
      'MDUFA V performance goals (510(k) 90 FDA days, De Novo 150 FDA days); 21 CFR 814.40 (PMA 180 days); HSA target processing timelines for medical device registration',
  },
  green_channel_window: {
    counts:
      '5 years from the grant of a Chinese invention patent, for a project targeting NMPA innovative special review',
    closedBy: 'an NMPA innovative special review submission filed on or before the due date',
    source: 'NMPA Special Review Procedure for Innovative Medical Devices (2018), art. 2(1)',
  },
  ethics_renewal: {
    counts: '12 months from the ethics approval, unless the approval says otherwise',
    closedBy: 'a later approval by the same committee, on or before the due date',
    source: '21 CFR 56.109(f); 45 CFR 46.109(e); ICH E6(R2) 3.1.4 (continuing review at least once a year)',
  },
  condition_due: {
    counts: 'the due day the signer gave a condition of a conditional go',
    closedBy: 'the condition closed with evidence (ConditionClosed), by its owner or the innovation office',
    source:
      'the go decision itself (its ConditionSet events); design-control practice of tracking review actions to closure, 21 CFR 820.30(e)',
  },
};

// ---- dates (pure: strings 'YYYY-MM-DD', UTC arithmetic, no clock) ---------------------------------------

const DAY_MS = 86_400_000;
const toDays = (date: string): number =>
  Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / DAY_MS;
const fromDays = (days: number): string => new Date(days * DAY_MS).toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  return fromDays(toDays(date) + days);
}

/** Same day `months` later; the month's last day when it has no such day (PCT rule 80.2). */
export function addMonths(date: string, months: number): string {
  const year = +date.slice(0, 4);
  const month = +date.slice(5, 7) - 1 + months;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return fromDays(Date.UTC(year, month, Math.min(+date.slice(8, 10), last)) / DAY_MS);
}

/** A weekday that is not a closed day, or a weekend day the jurisdiction works (an adjusted working day). */
export function isWorkingDay(date: string, jurisdiction: string | null, holidays: HolidayTable = {}): boolean {
  const calendar = jurisdiction === null ? undefined : holidays[jurisdiction];
  const closed = calendar === undefined ? [] : 'closed' in calendar ? calendar.closed : (calendar as readonly string[]);
  const working = calendar !== undefined && 'closed' in calendar ? (calendar.workingWeekends ?? []) : [];
  const weekday = new Date(toDays(date) * DAY_MS).getUTCDay();
  if (weekday === 0 || weekday === 6) return working.includes(date);
  return !closed.includes(date);
}

/** The date itself when the office is open, else its next working day. */
export function nextWorkingDay(date: string, jurisdiction: string | null, holidays: HolidayTable = {}): string {
  let day = date;
  while (!isWorkingDay(day, jurisdiction, holidays)) day = addDays(day, 1);
  return day;
}

/** The date `n` counted days after `start`: days that count are working days, or every day, and none on hold. */
function countForward(start: string, n: number, counts: (date: string) => boolean): string {
  let day = start;
  for (let counted = 0; counted < n;) {
    day = addDays(day, 1);
    if (counts(day)) counted += 1;
  }
  return day;
}

export function addPeriod(
  date: string,
  period: Period,
  jurisdiction: string | null = null,
  holidays: HolidayTable = {},
): string {
  if ('months' in period) return addMonths(date, period.months);
  if ('days' in period) return addDays(date, period.days);
  return countForward(date, period.workingDays, (d) => isWorkingDay(d, jurisdiction, holidays));
}

// ---- which events set which date ---------------------------------------------------------------------------

const key = (kind: string, id: string, field: string) => `${kind}:${id}:${field}`;

/** Notes the event (by `ref`, e.g. its event id) against every date field it sets; returns a new ledger. */
export function noteDeadlineSources(sources: DeadlineSources, event: ProjectEvent, ref: string): DeadlineSources {
  const fields = setFields(sources, event);
  if (fields.length === 0) return sources;
  const next: Record<string, readonly string[]> = { ...sources };
  for (const f of fields) next[f] = [...(next[f] ?? []), ref];
  return next;
}

/**
 * noteDeadlineSources writing into `ledger` itself instead of a copy: for a ledger its caller owns and nobody else
 * reads (a read model's, read back from its row or kept for it alone), which grows with the record and would
 * otherwise be copied for every event that sets a date.
 */
export function noteDeadlineSourcesIn(ledger: Record<string, string[]>, event: ProjectEvent, ref: string): void {
  for (const f of setFields(ledger, event)) (ledger[f] ??= []).push(ref);
}

function setFields(sources: DeadlineSources, event: ProjectEvent): string[] {
  const d = event.data;
  switch (event.type) {
    case 'ProjectProposed':
      return [key('project', d.projectId, 'targets')];
    case 'PatentFiled':
      return [key('patent', event.data.patentId, 'filedOn')];
    case 'PatentGranted':
      return [key('patent', event.data.patentId, 'grantedOn')];
    case 'PatentAbandoned':
      return [key('patent', event.data.patentId, 'abandonedOn')];
    case 'EthicsApprovalRecorded':
      return [key('ethics_approval', event.data.ethicsApprovalId, 'approvedOn')];
    case 'TrialRegistered':
      return [key('trial', event.data.trialId, 'registeredOn'), key('trial', event.data.trialId, 'registry')];
    case 'FirstPatientEnrolled':
      return [key('trial', event.data.trialId, 'firstPatientInOn')];
    case 'TrialCompleted':
      return [key('trial', event.data.trialId, 'completedOn')];
    case 'SubmissionFiled':
      return [key('submission', event.data.submissionId, 'filedOn')];
    case 'SubmissionDeficiencyReceived': {
      const id = event.data.submissionId;
      let i = 0;
      while (sources[key('submission', id, `deficiency${i}.receivedOn`)]) i += 1;
      return [key('submission', id, `deficiency${i}.receivedOn`)];
    }
    case 'SubmissionDeficiencyAnswered': {
      // The oldest open deficiency, as evolve answers it.
      const id = event.data.submissionId;
      let i = 0;
      while (sources[key('submission', id, `deficiency${i}.answeredOn`)]) i += 1;
      return sources[key('submission', id, `deficiency${i}.receivedOn`)]
        ? [key('submission', id, `deficiency${i}.answeredOn`)]
        : [];
    }
    case 'SubmissionApproved':
      return [key('submission', event.data.submissionId, 'decidedOn')];
    case 'SubmissionRejected':
      return [key('submission', event.data.submissionId, 'decidedOn')];
    case 'RecordCorrected': {
      const { target, field } = event.data;
      if (target.kind === 'approval' && field === 'approvedOn') return [key('submission', target.id, 'decidedOn')];
      if (target.kind === 'submission' && field === 'rejectedOn') return [key('submission', target.id, 'decidedOn')];
      return [key(target.kind, target.id, field)];
    }
    case 'RecordRetracted':
      return [key(event.data.target.kind, event.data.target.id, 'retracted')];
    case 'ConditionSet':
      return [key('condition', event.data.conditionId, 'dueOn')];
    case 'ConditionClosed':
      return [key('condition', event.data.conditionId, 'closedAt')];
    default:
      return [];
  }
}

// ---- the deadlines --------------------------------------------------------------------------------------

/** Met when closed on or before the due date, missed when closed later or still open after it, else open. */
export function deadlineStatus(dueOn: string, closedOn: string | null, today: string | null): DeadlineStatus {
  if (closedOn !== null) return closedOn <= dueOn ? 'met' : 'missed';
  return today !== null && today > dueOn ? 'missed' : 'open';
}

type Draft = Omit<Deadline, 'status' | 'source' | 'sourceEvents' | 'closedBy'> & { from: string[]; closers: string[] };

/** Every deadline the project's record implies, as of `today` (null: no day has passed, nothing missed unless closed late). */
export function deadlinesOf(state: ProjectState, today: string | null, options: DeadlineOptions = {}): Deadline[] {
  if (!state.profile) return [];
  const ctx: Context = {
    state,
    holidays: options.holidays ?? {},
    sources: options.sources ?? {},
    deficiencyResponse: { ...DEFICIENCY_RESPONSE, ...options.deficiencyResponse },
  };
  const drafts = [
    ...patentDeadlines(ctx),
    ...trialDeadlines(ctx),
    ...submissionDeadlines(ctx),
    ...ethicsDeadlines(ctx),
    ...conditionDeadlines(ctx),
  ];
  return drafts
    .map(({ from, closers, ...d }) => ({
      ...d,
      status: deadlineStatus(d.dueOn, d.closedOn, today),
      source: DEADLINE_RULES[d.kind].source,
      sourceEvents: refsOf(ctx, from),
      closedBy: d.closedOn === null ? [] : refsOf(ctx, closers),
    }))
    .sort((a, b) => (a.dueOn === b.dueOn ? a.id.localeCompare(b.id) : a.dueOn < b.dueOn ? -1 : 1));
}

/** Folds a project's events (each with its ref) and derives its deadlines: the ledger names the events. */
export function deadlinesFromEvents(
  events: readonly { event: ProjectEvent; ref: string }[],
  today: string | null,
  options: Omit<DeadlineOptions, 'sources'> = {},
): Deadline[] {
  const state = evolveAll(
    initialState(),
    events.map((e) => e.event),
  );
  const sources: Record<string, string[]> = {};
  for (const e of events) noteDeadlineSourcesIn(sources, e.event, e.ref);
  return deadlinesOf(state, today, { ...options, sources });
}

interface Context {
  state: ProjectState;
  holidays: HolidayTable;
  sources: DeadlineSources;
  deficiencyResponse: Partial<Record<Authority, Period>>;
}

function refsOf(ctx: Context, fields: string[]): string[] {
  return [...new Set(fields.flatMap((f) => ctx.sources[f] ?? []))];
}

// In the order they were recorded, whatever order a registry's keys come in (a state read back from jsonb has its own).
const liveOf = <T extends { retracted: boolean; revision: number }>(records: Record<string, T>): T[] =>
  Object.values(records)
    .filter((r) => !r.retracted)
    .sort((a, b) => a.revision - b.revision);
// A stable sort: records of the same day stay in the order they were recorded.
const byDate =
  <T>(date: (t: T) => string) =>
  (a: T, b: T) =>
    date(a) < date(b) ? -1 : date(a) > date(b) ? 1 : 0;
const office = (p: PatentRecord) => p.jurisdiction.trim().toUpperCase();
const isPct = (p: PatentRecord) => p.kind === 'pct' || office(p) === 'WO';

function patentDeadlines(ctx: Context): Draft[] {
  const { state, holidays } = ctx;
  const patents = liveOf(state.patents).sort(byDate((p) => p.filedOn));
  const out: Draft[] = [];
  const first = patents.find((p) => !isPct(p) && p.kind !== 'design');
  if (first) {
    // The priority year runs from the family's first filing; any later filing abroad or under the PCT uses it.
    const dueOn = nextWorkingDay(addMonths(first.filedOn, 12), office(first), holidays);
    const follow = patents.find(
      (p) =>
        p !== first &&
        p.filedOn >= first.filedOn &&
        (isPct(p) || office(p) !== office(first) || first.kind === 'provisional'),
    );
    out.push({
      id: `priority_year:${first.patentId}`,
      kind: 'priority_year',
      title: `Priority year of ${first.applicationNumber} (${office(first)}): file abroad or under the PCT`,
      startsOn: first.filedOn,
      dueOn,
      jurisdiction: office(first),
      record: { kind: 'patent', id: first.patentId },
      closedOn: follow?.filedOn ?? null,
      from: [key('patent', first.patentId, 'filedOn')],
      closers: follow ? [key('patent', follow.patentId, 'filedOn')] : [],
    });
  }
  const offices = [...new Set(state.profile!.targets.map((t) => PATENT_OFFICE_OF[t.authority]))];
  for (const pct of patents.filter((p) => isPct(p) && p.status !== 'abandoned')) {
    // The priority date is the earliest filing up to the PCT application (it claims it), else its own.
    const priority = patents.find((p) => p.filedOn <= pct.filedOn) ?? pct;
    for (const code of offices) {
      const entered = patents.find((p) => p !== pct && office(p) === code && !isPct(p) && p.filedOn >= pct.filedOn);
      const dueOn = nextWorkingDay(addMonths(priority.filedOn, NATIONAL_PHASE_MONTHS[code] ?? 30), code, holidays);
      out.push({
        id: `pct_national_phase:${pct.patentId}:${code}`,
        kind: 'pct_national_phase',
        title: `Enter the national phase in ${code} for ${pct.applicationNumber}`,
        startsOn: priority.filedOn,
        dueOn,
        jurisdiction: code,
        record: { kind: 'patent', id: pct.patentId },
        closedOn: entered?.filedOn ?? null,
        from: [key('patent', priority.patentId, 'filedOn'), key('patent', pct.patentId, 'filedOn')],
        closers: entered ? [key('patent', entered.patentId, 'filedOn')] : [],
      });
    }
  }
  const greenChannel = state.profile!.targets.some(
    (t) => t.authority === 'NMPA' && t.pathway === 'innovative_special_review',
  );
  if (greenChannel) {
    const cnInvention = patents.filter(
      (p) => office(p) === 'CN' && p.kind === 'invention' && p.grantedOn !== null && p.status !== 'abandoned',
    );
    const filed = liveOf(state.submissions)
      .filter((s) => s.authority === 'NMPA' && s.pathway === 'innovative_special_review')
      .sort(byDate((s) => s.filedOn))[0];
    for (const p of cnInvention) {
      const grantedOn = p.grantedOn as string;
      const closer = filed && filed.filedOn >= grantedOn ? filed : undefined;
      out.push({
        id: `green_channel_window:${p.patentId}`,
        kind: 'green_channel_window',
        title: `Apply for NMPA innovative special review within 5 years of the grant of ${p.patentNumber ?? p.applicationNumber}`,
        startsOn: grantedOn,
        dueOn: addMonths(grantedOn, 60),
        jurisdiction: 'CN',
        record: { kind: 'patent', id: p.patentId },
        closedOn: closer?.filedOn ?? null,
        from: [key('patent', p.patentId, 'grantedOn')],
        closers: closer ? [key('submission', closer.submissionId, 'filedOn')] : [],
      });
    }
  }
  return out;
}

function trialDeadlines(ctx: Context): Draft[] {
  const out: Draft[] = [];
  for (const t of liveOf(ctx.state.trials)) {
    const registration = trialRegistration(t);
    if (registration) out.push(registration);
    if (t.registry === 'NCT' && t.completedOn) {
      out.push({
        id: `results_posting:${t.trialId}`,
        kind: 'results_posting',
        title: `Post the results of ${t.registryId} on ClinicalTrials.gov`,
        startsOn: t.completedOn,
        dueOn: addMonths(t.completedOn, 12),
        jurisdiction: 'US',
        record: { kind: 'trial', id: t.trialId },
        closedOn: null,
        from: [key('trial', t.trialId, 'completedOn')],
        closers: [],
      });
    }
  }
  return out;
}

function trialRegistration(t: TrialRecord): Draft | null {
  if (!t.firstPatientInOn || t.registry === 'other') return null;
  const nct = t.registry === 'NCT';
  return {
    id: `trial_registration:${t.trialId}`,
    kind: 'trial_registration',
    title: nct
      ? `Register ${t.registryId} on ClinicalTrials.gov within 21 days of the first participant`
      : `Register ${t.registryId} on ChiCTR before the first participant`,
    startsOn: t.firstPatientInOn,
    dueOn: addDays(t.firstPatientInOn, nct ? 21 : -1),
    jurisdiction: nct ? 'US' : 'CN',
    record: { kind: 'trial', id: t.trialId },
    closedOn: t.registeredOn,
    from: [key('trial', t.trialId, 'firstPatientInOn'), key('trial', t.trialId, 'registry')],
    closers: [key('trial', t.trialId, 'registeredOn')],
  };
}

function decisionOf(ctx: Context, s: SubmissionRecord): string | null {
  if (s.status === 'rejected') return s.rejectedOn;
  if (s.status === 'approved') return ctx.state.approvals[s.submissionId]?.approvedOn ?? null;
  return null;
}

function submissionDeadlines(ctx: Context): Draft[] {
  const { state, holidays } = ctx;
  const out: Draft[] = [];
  for (const s of liveOf(state.submissions)) {
    const decidedOn = decisionOf(ctx, s);
    const decisionFields = [key('submission', s.submissionId, 'decidedOn')];
    const jurisdiction = JURISDICTION_OF[s.authority];
    s.deficiencies.forEach((d, i) => {
      const period = ctx.deficiencyResponse[s.authority];
      if (!period) return;
      const dueOn = addPeriod(d.receivedOn, period, jurisdiction, holidays);
      // A decision ends what was not yet due; an answer owed before it stays missed.
      if (d.answeredOn === null && decidedOn !== null && decidedOn <= dueOn) return;
      out.push({
        id: `deficiency_response:${s.submissionId}:${i}`,
        kind: 'deficiency_response',
        title: `Answer ${s.authority}'s deficiency letter on ${s.reference}`,
        startsOn: d.receivedOn,
        dueOn,
        jurisdiction,
        record: { kind: 'submission', id: s.submissionId },
        closedOn: d.answeredOn,
        from: [key('submission', s.submissionId, `deficiency${i}.receivedOn`)],
        closers: [key('submission', s.submissionId, `deficiency${i}.answeredOn`)],
      });
    });
    const expected = expectedDecision(ctx, s);
    if (expected) {
      out.push({
        id: `review_decision:${s.submissionId}`,
        kind: 'review_decision',
        title: `Expected ${s.authority} decision on ${s.reference} (${expected.clock})`,
        startsOn: s.filedOn,
        dueOn: expected.dueOn,
        jurisdiction,
        record: { kind: 'submission', id: s.submissionId },
        closedOn: decidedOn,
        from: [
          key('submission', s.submissionId, 'filedOn'),
          key('project', state.profile!.projectId, 'targets'),
          ...s.deficiencies.flatMap((_, i) => [
            key('submission', s.submissionId, `deficiency${i}.receivedOn`),
            key('submission', s.submissionId, `deficiency${i}.answeredOn`),
          ]),
        ],
        closers: decisionFields,
      });
    }
  }
  return out;
}

/** The review clock's end with every hold for a deficiency left out; none while a deficiency is open (the clock stands). */
function expectedDecision(ctx: Context, s: SubmissionRecord): { dueOn: string; clock: string } | null {
  if (s.deficiencies.some((d) => d.answeredOn === null) && decisionOf(ctx, s) === null) return null;
  const holds = s.deficiencies
    .filter((d) => d.answeredOn !== null)
    .map((d) => [d.receivedOn, d.answeredOn as string] as const);
  const onHold = (day: string) => holds.some(([from, to]) => day > from && day <= to);
  if (s.authority === 'FDA') {
    const days = FDA_REVIEW_DAYS[s.pathway];
    return days ? { dueOn: countForward(s.filedOn, days, (d) => !onHold(d)), clock: `${days} FDA days` } : null;
  }
  if (s.authority === 'HSA') {
    const target = ctx.state.profile!.targets.find((t) => t.authority === 'HSA');
    const days = target?.deviceClass ? HSA_TARGET_WORKING_DAYS[target.deviceClass]?.[s.pathway] : undefined;
    if (!days) return null;
    return {
      dueOn: countForward(s.filedOn, days, (d) => !onHold(d) && isWorkingDay(d, 'SG', ctx.holidays)),
      clock: `${days} working days`,
    };
  }
  return null;
}

function ethicsDeadlines(ctx: Context): Draft[] {
  const approvals = liveOf(ctx.state.ethicsApprovals).sort(byDate((e) => e.approvedOn));
  return approvals.map((e) => {
    // "Unless the approval says otherwise": an approval that carries its own end date is renewed by then.
    const validUntil = (e as { validUntil?: unknown }).validUntil;
    const dueOn = typeof validUntil === 'string' ? validUntil : addMonths(e.approvedOn, 12);
    const committee = e.committee.trim().toLowerCase();
    const renewal = approvals.find(
      (r) => r !== e && r.committee.trim().toLowerCase() === committee && r.approvedOn > e.approvedOn,
    );
    return {
      id: `ethics_renewal:${e.ethicsApprovalId}`,
      kind: 'ethics_renewal' as const,
      title: `Renew ethics approval ${e.reference} (${e.committee})`,
      startsOn: e.approvedOn,
      dueOn,
      jurisdiction: null,
      record: { kind: 'ethics_approval' as const, id: e.ethicsApprovalId },
      closedOn: renewal?.approvedOn ?? null,
      from: [key('ethics_approval', e.ethicsApprovalId, 'approvedOn')],
      closers: renewal ? [key('ethics_approval', renewal.ethicsApprovalId, 'approvedOn')] : [],
    };
  });
}

/**
 * `text` in at most `max` characters (code points: a pair of UTF-16 surrogates is never split, which would make the
 * title a lone surrogate that PostgreSQL's json refuses), with an ellipsis when cut.
 */
function shortened(text: string, max: number): string {
  const points = [...text];
  return points.length > max ? `${points.slice(0, max - 1).join('')}…` : text;
}

// A condition of a conditional go is due on the day its signer gave, and it is its owner's.
function conditionDeadlines(ctx: Context): Draft[] {
  const { state } = ctx;
  return Object.values(state.conditions ?? {})
    .sort((a, b) => a.revision - b.revision)
    .map((c) => ({
      id: `condition_due:${c.conditionId}`,
      kind: 'condition_due' as const,
      title: `Condition of the go to ${c.gate.toTemplateStage ?? c.gate.toStage}: ${shortened(c.text, 120)}`,
      startsOn: c.setAt.slice(0, 10),
      dueOn: c.dueOn,
      jurisdiction: null,
      record: { kind: 'project' as const, id: state.profile!.projectId },
      closedOn: c.closedAt?.slice(0, 10) ?? null,
      owner: c.owner.id,
      from: [key('condition', c.conditionId, 'dueOn')],
      closers: [key('condition', c.conditionId, 'closedAt')],
    }));
}
