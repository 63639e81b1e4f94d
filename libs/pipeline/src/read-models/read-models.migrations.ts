import { migrate, Migration, SqlDatabase } from '@app/platform';

// The read models' tables. Only projections write them (through SqlDatabase, with their checkpoint);
// TypeORM entities describe them for queries. Dates of the world ('YYYY-MM-DD') stay text: no time zone games.
const TABLES = `
CREATE TABLE pipeline_board (
  project_id uuid PRIMARY KEY,
  title text NOT NULL,
  stage text NOT NULL,
  status text NOT NULL,
  institution text NOT NULL,
  department text NOT NULL,
  device_type text NOT NULL,
  risk_class text NOT NULL,
  authorities text[] NOT NULL,
  therapeutic_area text NOT NULL,
  lead_clinician_id text NOT NULL,
  lead_clinician_name text NOT NULL,
  proposed_at timestamptz NOT NULL,
  stage_entered_at timestamptz NOT NULL,
  last_event_at timestamptz NOT NULL,
  last_event_id uuid NOT NULL,
  last_position bigint NOT NULL,
  revision integer NOT NULL
);
CREATE INDEX pipeline_board_stage ON pipeline_board (stage, status);
CREATE INDEX pipeline_board_last_event_at ON pipeline_board (last_event_at);
CREATE INDEX pipeline_board_authorities ON pipeline_board USING gin (authorities);

-- One row per stay in a stage: entered by a proposal, a "go" or a recycle; left by the next of those, or ended by a kill.
CREATE TABLE stage_transitions (
  project_id uuid NOT NULL,
  entered_position bigint NOT NULL,
  stage text NOT NULL,
  entered_at timestamptz NOT NULL,
  entered_event_id uuid NOT NULL,
  entered_by text NOT NULL,
  exited_at timestamptz,
  exited_event_id uuid,
  exited_to text,
  exit_kind text,
  killed_at timestamptz,
  killed_event_id uuid,
  PRIMARY KEY (project_id, entered_position)
);
CREATE INDEX stage_transitions_stage ON stage_transitions (stage);

CREATE TABLE patent_register (
  patent_id text PRIMARY KEY,
  project_id uuid NOT NULL,
  title text NOT NULL,
  jurisdiction text NOT NULL,
  kind text NOT NULL,
  application_number text NOT NULL,
  filed_on text NOT NULL,
  status text NOT NULL,
  publication_number text,
  published_on text,
  patent_number text,
  granted_on text,
  abandoned_on text,
  abandon_reason text,
  retracted boolean NOT NULL DEFAULT false,
  filed_event_id uuid NOT NULL,
  last_event_id uuid NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX patent_register_project ON patent_register (project_id);

CREATE TABLE trial_tracker (
  trial_id text PRIMARY KEY,
  project_id uuid NOT NULL,
  title text NOT NULL,
  registry text NOT NULL,
  registry_id text NOT NULL,
  target_enrolment integer NOT NULL,
  enrolled integer NOT NULL,
  status text NOT NULL,
  registered_on text NOT NULL,
  first_patient_in_on text,
  completed_on text,
  primary_endpoint_met boolean,
  result_summary text,
  retracted boolean NOT NULL DEFAULT false,
  registered_event_id uuid NOT NULL,
  last_event_id uuid NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX trial_tracker_project ON trial_tracker (project_id);

CREATE TABLE activity_feed (
  global_position bigint PRIMARY KEY,
  event_id uuid NOT NULL UNIQUE,
  project_id uuid NOT NULL,
  revision integer NOT NULL,
  type text NOT NULL,
  actor_id text NOT NULL,
  actor_name text NOT NULL,
  actor_role text NOT NULL,
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL,
  reason text,
  summary text NOT NULL
);
CREATE INDEX activity_feed_project ON activity_feed (project_id, global_position);
CREATE INDEX activity_feed_actor ON activity_feed (actor_id, global_position);
`;

// "As of" queries read the log itself: proposals, gate decisions and corrections by type and recording time.
const EVENTS_BY_TYPE = `
CREATE INDEX IF NOT EXISTS events_type_recorded_at ON events (type, recorded_at);
`;

// ...and each project's last event and latest activity (occurredAt) as of an instant, an index probe each.
const EVENTS_BY_STREAM_TIME = `
CREATE INDEX IF NOT EXISTS events_stream_recorded_at ON events (stream_id, recorded_at, stream_revision);
CREATE INDEX IF NOT EXISTS events_stream_occurred_at ON events (stream_id, occurred_at);
`;

// As-of answers come from the read models, not the log (which may live in EventStoreDB): each stay keeps when
// (recordedAt) and where (global position) it began, ended or was killed; the board keeps a version per change of
// a board field; the feed keeps each project's latest occurredAt so far. The events indexes above served the
// former as-of SQL only. Projection versions move with this, so a rebuild fills the new columns.
const AS_OF_FROM_READ_MODELS = `
ALTER TABLE stage_transitions
  ADD COLUMN entered_recorded_at timestamptz,
  ADD COLUMN exited_position bigint,
  ADD COLUMN exited_recorded_at timestamptz,
  ADD COLUMN killed_position bigint,
  ADD COLUMN killed_recorded_at timestamptz;
CREATE INDEX stage_transitions_entered_recorded_at ON stage_transitions (entered_recorded_at);
CREATE INDEX stage_transitions_open ON stage_transitions (stage, entered_at) WHERE exited_event_id IS NULL AND killed_event_id IS NULL;

CREATE TABLE pipeline_board_history (
  project_id uuid NOT NULL,
  global_position bigint NOT NULL,
  recorded_at timestamptz NOT NULL,
  title text NOT NULL,
  stage text NOT NULL,
  status text NOT NULL,
  institution text NOT NULL,
  department text NOT NULL,
  device_type text NOT NULL,
  risk_class text NOT NULL,
  authorities text[] NOT NULL,
  therapeutic_area text NOT NULL,
  lead_clinician_id text NOT NULL,
  lead_clinician_name text NOT NULL,
  proposed_at timestamptz NOT NULL,
  stage_entered_at timestamptz NOT NULL,
  PRIMARY KEY (project_id, global_position)
);
CREATE INDEX pipeline_board_history_recorded_at ON pipeline_board_history (recorded_at);

ALTER TABLE activity_feed ADD COLUMN latest_occurred_at timestamptz;
CREATE INDEX activity_feed_project_recorded_at ON activity_feed (project_id, recorded_at, revision);

-- The board's newest cards per stage, and the stalled list, by index.
CREATE INDEX pipeline_board_stage_recent ON pipeline_board (stage, last_event_at DESC, project_id);
CREATE INDEX pipeline_board_open_last_event_at ON pipeline_board (last_event_at, project_id) WHERE status IN ('active', 'on_hold');

DROP INDEX IF EXISTS events_type_recorded_at;
DROP INDEX IF EXISTS events_stream_recorded_at;
DROP INDEX IF EXISTS events_stream_occurred_at;
`;

// A project's latest occurredAt so far is the maximum over its feed rows (delivery order need not be position
// order): one index probe per project while the feed is projected.
const FEED_LATEST_BY_PROJECT = `
CREATE INDEX activity_feed_project_latest ON activity_feed (project_id, latest_occurred_at);
`;

// A valid event must never fail a read model (issue 12: a corrected target enrolment of 3,000,000,000 stopped the
// trial tracker on an integer column). Counts are bigint, and the projection keeps them within what a JavaScript
// number holds exactly; text columns are unbounded text and dates of the world stay text, so neither can refuse.
const COUNTS_AS_BIGINT = `
ALTER TABLE trial_tracker ALTER COLUMN target_enrolment TYPE bigint, ALTER COLUMN enrolled TYPE bigint;
`;

// Doctors' ideas: one row per idea, what was submitted and what the screening made of it (issue 14).
const IDEA_REGISTER = `
CREATE TABLE idea_register (
  project_id uuid PRIMARY KEY,
  title text NOT NULL,
  clinical_need text NOT NULL,
  device_type text NOT NULL,
  therapeutic_area text NOT NULL,
  institution text NOT NULL,
  department text NOT NULL,
  submitted_by_id text NOT NULL,
  submitted_by_name text NOT NULL,
  status text NOT NULL,
  submissions bigint NOT NULL,
  first_submitted_at timestamptz NOT NULL,
  submitted_at timestamptz NOT NULL,
  screened_at timestamptz,
  screening_reason text,
  screened_by_name text,
  last_event_id uuid NOT NULL,
  last_position bigint NOT NULL
);
CREATE INDEX idea_register_status ON idea_register (status, submitted_at DESC);
CREATE INDEX idea_register_submitter ON idea_register (submitted_by_id, submitted_at DESC);
`;

// Deadlines the record implies (issue 16): each project's folded state and its ledger of which event set which
// date, and one row per deadline naming those events. Dates of the world stay text ('YYYY-MM-DD' sorts as dates).
const DEADLINES = `
CREATE TABLE deadline_projects (
  project_id uuid PRIMARY KEY,
  state jsonb NOT NULL,
  sources jsonb NOT NULL,
  last_event_id uuid NOT NULL,
  last_position bigint NOT NULL
);
CREATE TABLE deadlines (
  project_id uuid NOT NULL,
  deadline_id text NOT NULL,
  kind text NOT NULL,
  title text NOT NULL,
  project_title text NOT NULL,
  project_status text NOT NULL,
  owner_id text NOT NULL,
  team_ids jsonb NOT NULL,
  record_kind text NOT NULL,
  record_id text NOT NULL,
  jurisdiction text,
  starts_on text NOT NULL,
  due_on text NOT NULL,
  closed_on text,
  source text NOT NULL,
  source_events jsonb NOT NULL,
  closed_by jsonb NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (project_id, deadline_id)
);
CREATE INDEX deadlines_open_due ON deadlines (due_on, project_id) WHERE closed_on IS NULL;
`;

// Each account's secret iCalendar feed (issue 16): only the secret's sha256 is kept. Not a projection's table.
const CALENDAR_FEEDS = `
CREATE TABLE calendar_feeds (
  username text PRIMARY KEY,
  person_id text NOT NULL,
  role text NOT NULL,
  secret_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL
);
`;

// The in-app inbox (issue 16). notification_projects and notifications are the notifications projection's tables
// (rebuilt from the events); reads and preferences are each account's own state, not a projection's.
const NOTIFICATIONS = `
CREATE TABLE notification_projects (
  project_id uuid PRIMARY KEY,
  state jsonb NOT NULL,
  last_position bigint NOT NULL
);
CREATE TABLE notifications (
  id text PRIMARY KEY,
  kind text NOT NULL,
  audience text NOT NULL,
  people jsonb NOT NULL,
  project_id uuid,
  title text NOT NULL,
  body text NOT NULL,
  event_id uuid NOT NULL,
  global_position bigint NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX notifications_audience ON notifications (audience, created_at DESC);
CREATE INDEX notifications_project ON notifications (project_id, created_at DESC);
CREATE TABLE notification_reads (
  username text NOT NULL,
  notification_id text NOT NULL,
  read_at timestamptz NOT NULL,
  PRIMARY KEY (username, notification_id)
);
-- Deadline reminders the scheduler made, one per deadline, due date, horizon and account.
CREATE TABLE notification_reminders (
  id text PRIMARY KEY,
  username text NOT NULL,
  kind text NOT NULL,
  project_id uuid NOT NULL,
  deadline_id text NOT NULL,
  due_on text NOT NULL,
  horizon text NOT NULL,
  title text NOT NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX notification_reminders_username ON notification_reminders (username, created_at DESC);
CREATE TABLE notification_preferences (
  username text PRIMARY KEY,
  preferences jsonb NOT NULL,
  updated_at timestamptz NOT NULL
);
`;

// Notification mail waiting to be sent, sent, or retried with backoff (issue 16): one row per notification (or daily
// digest) and account, its id derived from that cause, so nothing is queued twice. Not a projection's table.
const MAIL_OUTBOX = `
CREATE TABLE mail_outbox (
  id text PRIMARY KEY,
  username text NOT NULL,
  to_address text NOT NULL,
  subject text NOT NULL,
  text_body text NOT NULL,
  html_body text NOT NULL,
  created_at timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  claimed_until timestamptz,
  sent_at timestamptz,
  last_error text
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE sent_at IS NULL;
`;

// Webhooks an admin registers, and one delivery per notification and webhook (id derived from both), retried with
// backoff; the delivery log keeps the last status and a short excerpt of the answer (issue 16). Not a projection's.
const WEBHOOKS = `
CREATE TABLE webhooks (
  id uuid PRIMARY KEY,
  url text NOT NULL,
  secret text NOT NULL,
  kinds jsonb NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE TABLE webhook_deliveries (
  id text PRIMARY KEY,
  webhook_id uuid NOT NULL,
  notification_id text NOT NULL,
  kind text NOT NULL,
  payload text NOT NULL,
  created_at timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  claimed_until timestamptz,
  delivered_at timestamptz,
  last_attempt_at timestamptz,
  last_status integer,
  last_error text,
  last_response text
);
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (webhook_id, created_at DESC);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE delivered_at IS NULL;
`;

// "Ready for a gate decision" over every project (issue 13): the board keeps each project's state as the domain folds
// it (so the gate's evidence rules are the domain's own, never copied into SQL), the next gate's stage and the
// evidence it still lacks, and a flag the office's "My work" lists by index. The pipeline_board projection's version
// moves with this, so a rebuild fills the new columns. `last_position` serves "changed since I last looked".
const BOARD_GATE_READINESS = `
ALTER TABLE pipeline_board
  ADD COLUMN project_state jsonb,
  ADD COLUMN next_stage text,
  ADD COLUMN missing_evidence text[],
  ADD COLUMN ready_for_gate boolean NOT NULL DEFAULT false;
CREATE INDEX pipeline_board_ready_for_gate ON pipeline_board (last_event_at DESC, project_id) WHERE ready_for_gate;
CREATE INDEX pipeline_board_last_position ON pipeline_board (last_position);
`;

// Regulatory tracks on the board (issue 15): the project's template and target pathways (fixed at the proposal, so
// versioned with the board), and one track per target authority as the domain derives it (regulatoryTracks), with
// "AUTHORITY:status" and "*:status" keys for the board's authorityStatus filter by index. Today's board only: the
// tracks are not versioned, so the board as of an instant has none. The pipeline_board projection's version moves.
const BOARD_REGULATORY_TRACKS = `
ALTER TABLE pipeline_board
  ADD COLUMN template_id text,
  ADD COLUMN pathways text[] NOT NULL DEFAULT '{}',
  ADD COLUMN regulatory_tracks jsonb,
  ADD COLUMN authority_statuses text[] NOT NULL DEFAULT '{}';
CREATE INDEX pipeline_board_authority_statuses ON pipeline_board USING gin (authority_statuses);
CREATE INDEX pipeline_board_pathways ON pipeline_board USING gin (pathways);
CREATE INDEX pipeline_board_template ON pipeline_board (template_id);
ALTER TABLE pipeline_board_history
  ADD COLUMN template_id text,
  ADD COLUMN pathways text[];
`;

export const READ_MODEL_MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'read model tables', sql: TABLES },
  { version: 2, name: 'events by type and recording time', sql: EVENTS_BY_TYPE },
  { version: 3, name: 'events by stream and time', sql: EVENTS_BY_STREAM_TIME },
  { version: 4, name: 'as-of answers from the read models', sql: AS_OF_FROM_READ_MODELS },
  { version: 5, name: 'feed latest occurredAt by project', sql: FEED_LATEST_BY_PROJECT },
  { version: 6, name: 'trial counts as bigint', sql: COUNTS_AS_BIGINT },
  { version: 7, name: 'idea register', sql: IDEA_REGISTER },
  { version: 8, name: 'deadlines', sql: DEADLINES },
  { version: 9, name: 'calendar feeds', sql: CALENDAR_FEEDS },
  { version: 10, name: 'notifications', sql: NOTIFICATIONS },
  { version: 11, name: 'mail outbox', sql: MAIL_OUTBOX },
  { version: 12, name: 'webhooks', sql: WEBHOOKS },
  { version: 13, name: 'board gate readiness', sql: BOARD_GATE_READINESS },
  { version: 14, name: 'board regulatory tracks', sql: BOARD_REGULATORY_TRACKS },
];

export function migrateReadModels(db: SqlDatabase): Promise<number[]> {
  return migrate(db, 'read_models', READ_MODEL_MIGRATIONS);
}
