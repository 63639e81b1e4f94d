import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvRecords, readPortfolioFile } from './portfolio-file';
import { importedProjectId, planPortfolio, PlanOptions } from './portfolio-plan';

const FIXTURE = join(process.cwd(), 'test/fixtures/portfolio/portfolio-50.csv');
const options: PlanOptions = { file: 'portfolio-50.csv', actor: { id: 'portfolio-import', name: 'Portfolio import', role: 'admin' }, now: '2026-06-01T08:00:00.000Z' };
const HEADER = 'project,kind,event,date,record,title,stage,reference,decided_by,reason,device_type,risk_class,institution,lead_clinician_id,lead_clinician_name,current_stage';
const plan = async (csv: string) => planPortfolio(await readPortfolioFile('x.csv', Buffer.from(csv)), { ...options, file: 'x.csv' });
const project = (code: string, date: string, extra = '') =>
  `${code},project,,${date},,Glucose ${code},,,,,sensor,II,Ruijin Hospital,dr-chen,Dr. Chen${extra}`;

describe('portfolio plan', () => {
  it('plans the 50-project sample without a problem, the same ids every time', async () => {
    const table = await readPortfolioFile('portfolio-50.csv', readFileSync(FIXTURE));
    const first = planPortfolio(table, options);
    expect(first.problems).toEqual([]);
    expect(first.projects).toHaveLength(50);
    expect(planPortfolio(table, options)).toEqual(first);
    const event = first.projects[1].events[0];
    expect(event.metadata).toMatchObject({ occurredAt: expect.stringMatching(/T00:00:00.000Z$/), imported: { file: 'portfolio-50.csv', line: first.projects[1].line } });
  });

  it('reports every bad row with its line, never guessing', async () => {
    const csv = [
      HEADER,
      project('GLU-001', '2020-01-01', ',prototype'),
      'GLU-001,gate,go,2020-03-01,,,,G-1,Committee,,,,,,,',
      'GLU-001,gate,go,2020-02-01,,,prototype,G-2,Committee,,,,,,,',
      'GLU-001,gate,go,2031-01-01,,,,G-3,Committee,,,,,,,',
      'GLU-001,gate,go,2019-06-01,,,protoype,G-4,Committee,,,,,,,',
      project('GLU-001', '2020-01-01'),
      'GLU-002,gate,go,2020-03-01,,,,G-1,,,,,,,,',
      project('GLU-003', '2020-02-30'),
      'GLU-004,patent,filed,2020-03-01,P1,,,,,,,,,,,',
      'GLU-005,sprint,,2020-03-01,,,,,,,,,,,,',
    ].join('\n');
    const { problems, projects } = await plan(csv);
    expect(projects).toEqual([]);
    expect(problems.map((p) => `${p.line}: ${p.problem}`)).toEqual([
      '4: out of order: gate go on 2020-02-01 comes after gate go on 2020-03-01 (line 3)',
      '5: date 2031-01-01 is in the future',
      '6: unknown stage "protoype" (one of idea, patent, prototype, clinical_validation, regulatory_review, approved)',
      '7: duplicate project: GLU-001 already has its project row at line 2',
      '8: decided_by is missing (needed for gate go)',
      '9: date "2020-02-30" is not a real day written YYYY-MM-DD',
      '10: title is missing (needed for patent filed)',
      '10: jurisdiction is missing (needed for patent filed)',
      '10: patent_kind is missing (needed for patent filed)',
      '10: reference is missing (needed for patent filed)',
      '11: unknown kind "sprint" (one of project, gate, patent, trial, submission, authorisation, designation)',
    ]);
  });

  it('reports a date before the project began, a decider refusal and a current stage the gates do not reach', async () => {
    const csv = [
      HEADER,
      project('ROB-001', '2020-01-01', ',approved'),
      'ROB-001,gate,go,2019-12-31,,,,G-1,Committee,,,,,,,',
      project('ROB-002', '2020-01-01', ',patent'),
      'ROB-002,gate,go,2020-02-01,,,approved,G-1,Committee,,,,,,,',
      project('ROB-003', '2020-01-01', ',clinical_validation'),
      'ROB-003,gate,go,2020-02-01,,,,G-1,Committee,,,,,,,',
    ].join('\n');
    const { problems } = await plan(csv);
    expect(problems.map((p) => `${p.line}: ${p.problem}`)).toEqual([
      '3: date 2019-12-31 is before the project began (2020-01-01, line 2)',
      '5: gate go: No gate leads from idea to approved.',
      '6: current_stage says clinical_validation, but the gate rows lead to patent',
    ]);
  });

  it('brings a regulator’s trial authorisation and a designation, each checked as the API checks them', async () => {
    const header = 'project,kind,event,date,record,title,reference,device_type,risk_class,institution,lead_clinician_id,lead_clinician_name,targets,form,authority,programme';
    const row = (code: string, kind: string, event: string, date: string, record: string, reference: string, form = '', authority = '', programme = '') =>
      `${code},${kind},${event},${date},${record},,${reference},,,,,,,${form},${authority},${programme}`;
    const csv = [
      header,
      'ROB-010,project,,2020-01-01,,Surgical robot,,surgical robot,III,Ruijin Hospital,dr-chen,Dr. Chen,FDA/pma/III/breakthrough,,,',
      row('ROB-010', 'designation', 'granted', '2020-03-01', 'D1', 'Q200456', '', '', 'fda_breakthrough_device'),
      row('ROB-010', 'authorisation', 'granted', '2020-06-01', 'A1', 'G200123', 'IDE', 'FDA'),
      'ROB-011,project,,2020-01-01,,Glucose sensor,,sensor,II,Ruijin Hospital,dr-chen,Dr. Chen,NMPA/registration/II,,,',
      row('ROB-011', 'authorisation', 'granted', '2020-06-01', 'A1', 'X-1', 'IDX', 'NMPA'),
      row('ROB-011', 'designation', 'granted', '2020-06-01', 'D1', 'Q-1', '', '', 'fast_lane'),
      row('ROB-011', 'designation', 'granted', '2020-06-02', 'D2', 'Q-2', '', '', 'fda_breakthrough_device'),
    ].join('\n');
    const { problems, projects } = await plan(csv);
    expect(problems.map((p) => `${p.line}: ${p.problem}`)).toEqual([
      '6: unknown form "IDX" (one of IDE, IND, NMPA_trial_approval, CTA, EU_clinical_investigation)',
      '7: unknown programme "fast_lane" (one of fda_breakthrough_device, fda_rmat, nmpa_innovative_device, nmpa_breakthrough_therapy, hsa_priority_review, ema_prime)',
      // A programme of an authority the project does not target: the decider's refusal, as over HTTP.
      '8: designation granted: The project does not target FDA.',
    ]);
    // ROB-010 is whole and planned; ROB-011, with problems, is not.
    expect(projects.map((p) => p.code)).toEqual(['ROB-010']);
    const robot = projects[0];
    expect(robot.events.map((e) => e.type)).toEqual(['ProjectProposed', 'DesignationGranted', 'TrialAuthorisationRecorded']);
    expect(robot.events[2].data).toMatchObject({ form: 'IDE', authority: 'FDA', reference: 'G200123', grantedOn: '2020-06-01', trialId: null });
    expect(robot.events[1].data).toMatchObject({ programme: 'fda_breakthrough_device', authority: 'FDA', reference: 'Q200456' });
  });

  it('derives ids from the project code only', () => {
    expect(importedProjectId('glu-001 ')).toBe(importedProjectId('GLU-001'));
    expect(importedProjectId('GLU-001')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('reads RFC 4180 CSV: quotes, doubled quotes, line breaks inside a field, CRLF', () => {
    const records = csvRecords(Buffer.from('\ufeffa,b\r\n"x, y","say ""hi"""\r\n"two\nlines",z\r\nlast,1'));
    expect(records).toEqual([
      { line: 1, values: ['a', 'b'] },
      { line: 2, values: ['x, y', 'say "hi"'] },
      { line: 3, values: ['two\nlines', 'z'] },
      { line: 5, values: ['last', '1'] },
    ]);
  });
});
