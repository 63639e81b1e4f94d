// The peer of scenario 2: the milestone command as a user choosing Emmett would write it over HTTP. Emmett's
// command handler (`DeciderCommandHandler`: read the stream, fold `evolve`, `decide`, append with the version it
// read) on `emmett-postgresql`, behind a plain Express 5 route in the shape `emmett-expressjs` gives one (its
// releases pin Express 4 and an Emmett version of their own, none 0.42, so its `on()`/`Created` are written out
// here: 201, a weak ETag of the stream version, 412 on a version conflict). Same data set (scenario 2 copies our
// events into Emmett's tables), same pool size (10). What it lacks beside ours: no authentication, no validation of
// the body, no idempotency, no request id or correlation, no actor in the event, a bare `{ type, data }` event.
import express = require('express');
import { Pool } from 'pg';
import { DeciderCommandHandler, ExpectedVersionConflictError } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';

type ProjectEvent = { type: string; data: Record<string, unknown> };
type LogMilestone = { type: 'LogMilestone'; data: { projectId: string; milestoneId: string; title: string; description: string; occurredOn: string } };
type State = { exists: boolean; milestones: number };

// A small decider: a project exists once proposed (or accepted as an idea); a milestone goes onto an existing one.
const decider = {
  initialState: (): State => ({ exists: false, milestones: 0 }),
  evolve: (state: State, event: ProjectEvent): State =>
    event.type === 'ProjectProposed' ? { ...state, exists: true } : event.type === 'MilestoneLogged' ? { ...state, milestones: state.milestones + 1 } : state,
  decide: (command: LogMilestone, state: State): ProjectEvent => {
    if (!state.exists) throw new Error('project not found');
    return { type: 'MilestoneLogged', data: { ...command.data } };
  },
};
const handle = DeciderCommandHandler<State, LogMilestone, ProjectEvent>(decider as never);

async function main(): Promise<void> {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  const store = getPostgreSQLEventStore(process.env.DATABASE_URL as string, { connectionOptions: { pool } } as never);
  const app = express();
  app.use(express.json());
  app.get('/health', (_req, res) => void res.sendStatus(200));
  app.post('/projects/:projectId/milestones', async (req, res) => {
    const projectId = req.params.projectId;
    const milestoneId = crypto.randomUUID();
    try {
      const result = await handle(store, `project-${projectId}`, { type: 'LogMilestone', data: { projectId, milestoneId, ...req.body } } as LogMilestone);
      res.setHeader('ETag', `W/"${result.nextExpectedStreamVersion}"`);
      res.status(201).location(`/projects/${projectId}/milestones/${milestoneId}`).json({ id: milestoneId });
    } catch (error) {
      const conflict = error instanceof ExpectedVersionConflictError;
      res.status(conflict ? 412 : 500).json({ detail: error instanceof Error ? error.message : String(error) });
    }
  });
  const server = app.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
  const stop = () => server.close(() => void pool.end().finally(() => process.exit(0)));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

void main();
