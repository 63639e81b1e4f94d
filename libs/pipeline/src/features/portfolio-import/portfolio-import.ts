import { WrongExpectedRevisionError } from '@app/event-store';
import type { EventStore } from '@app/event-store';
import { projectStreamId } from '../../application/project-stream';
import { readPortfolioFile } from './portfolio-file';
import { PlannedProject, planPortfolio, PlanOptions, RowProblem } from './portfolio-plan';

export interface PortfolioProjectOutcome {
  code: string;
  projectId: string;
  title: string;
  line: number;
  stage: string;
  status: string;
  events: number;
  /** created: written now; exists: an earlier run (or a killed one) already wrote it, nothing new; would_create: dry run. */
  outcome: 'created' | 'exists' | 'would_create';
}

export interface PortfolioImportReport {
  file: string;
  dryRun: boolean;
  rows: number;
  /** Events each type would be or was written, over the projects created now (or that a dry run would create). */
  eventsByType: Record<string, number>;
  projects: PortfolioProjectOutcome[];
  problems: RowProblem[];
  /** True when nothing was written because of problems (a real run with problems writes nothing). */
  refused: boolean;
}

export interface PortfolioImportOptions extends PlanOptions {
  dryRun: boolean;
  /** Called after each project of a real run is written, or found written (progress). */
  onProject?: (done: number, total: number) => void | Promise<void>;
}

/**
 * Brings a portfolio file into the event store. A dry run, or a file with any problem, writes nothing and reports
 * every row's problems with its line. Otherwise each project's past is appended as one stream in one append (the
 * whole project or nothing), under ids derived from the project code, file and row: a project an earlier run
 * already wrote is found and left alone, so running twice, or again after a killed run, creates nothing twice.
 */
export async function importPortfolio(store: EventStore, content: Buffer, options: PortfolioImportOptions): Promise<PortfolioImportReport> {
  const table = await readPortfolioFile(options.file, content);
  const plan = planPortfolio(table, options);
  const refused = plan.problems.length > 0;
  const report: PortfolioImportReport = { file: plan.file, dryRun: options.dryRun, rows: plan.rows, eventsByType: {}, projects: [], problems: plan.problems, refused: refused && !options.dryRun };
  let done = 0;
  for (const project of plan.projects) {
    const exists = (await store.streamRevision(projectStreamId(project.projectId))) !== null;
    let outcome: PortfolioProjectOutcome['outcome'] = exists ? 'exists' : 'would_create';
    if (!exists && !options.dryRun && !refused) outcome = (await append(store, project)) ? 'created' : 'exists';
    if (outcome !== 'exists') for (const e of project.events) report.eventsByType[e.type] = (report.eventsByType[e.type] ?? 0) + 1;
    report.projects.push({
      code: project.code,
      projectId: project.projectId,
      title: project.title,
      line: project.line,
      stage: project.stage,
      status: project.status,
      events: project.events.length,
      outcome: refused && !options.dryRun && outcome === 'would_create' ? 'would_create' : outcome,
    });
    if (!options.dryRun && !refused) await options.onProject?.(++done, plan.projects.length);
  }
  return report;
}

async function append(store: EventStore, project: PlannedProject): Promise<boolean> {
  try {
    const result = await store.append(projectStreamId(project.projectId), project.events, { expectedRevision: 'no_stream' });
    return !result.deduplicated;
  } catch (error) {
    // Another run wrote it meanwhile.
    if (error instanceof WrongExpectedRevisionError) return false;
    throw error;
  }
}

/** The report as the CLI prints it: what would be (or was) created, then every problem with its line. */
export function formatPortfolioReport(report: PortfolioImportReport): string {
  const count = (o: PortfolioProjectOutcome['outcome']) => report.projects.filter((p) => p.outcome === o).length;
  const out: string[] = [];
  out.push(`${report.file}: ${report.rows} rows, ${report.projects.length} projects without problems, ${report.problems.length} problems`);
  if (report.dryRun) out.push(`Dry run, nothing written: would create ${count('would_create')} projects; ${count('exists')} already imported.`);
  else if (report.refused) out.push('Nothing written: fix the problems below and run again.');
  else out.push(`Created ${count('created')} projects; ${count('exists')} were already imported (nothing new).`);
  const events = Object.entries(report.eventsByType).sort(([a], [b]) => a.localeCompare(b));
  if (events.length) out.push(`Events${report.dryRun || report.refused ? ' it would write' : ' written'}: ${events.map(([t, n]) => `${t} ${n}`).join(', ')}`);
  for (const p of report.projects) {
    out.push(`  line ${p.line}  ${p.code}  ${p.outcome.padEnd(12)} ${p.stage} (${p.status}), ${p.events} events  ${p.title}`);
  }
  if (report.problems.length) out.push('Problems:');
  for (const p of report.problems) out.push(`  line ${p.line}${p.project ? ` (${p.project})` : ''}: ${p.problem}`);
  return out.join('\n');
}
