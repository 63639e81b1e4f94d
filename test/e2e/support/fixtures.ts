import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { OFFICE } from './test-app';

export function glucoseDetectorProposal(overrides: Record<string, unknown> = {}) {
  return {
    projectId: randomUUID(),
    title: 'Non-invasive blood-glucose detector',
    summary: 'Optical glucose sensing through the fingertip, no lancet',
    deviceType: 'glucose monitor',
    riskClass: 'III',
    targets: [{ authority: 'NMPA', pathway: 'registration', deviceClass: 'III' }],
    therapeuticArea: 'endocrinology',
    institution: 'Shanghai Sixth People’s Hospital',
    department: 'Endocrinology',
    leadClinician: { id: 'dr-chen', name: 'Dr. Chen Wei' },
    partners: [{ name: 'SinoChip Medical Semiconductors', kind: 'enterprise', role: 'co_developer' }],
    ...overrides,
  };
}

/** Proposes a project through the API and returns its id. */
export async function proposeProject(http: Parameters<typeof request>[0], overrides: Record<string, unknown> = {}): Promise<string> {
  const body = glucoseDetectorProposal(overrides);
  await request(http).post('/projects').set(OFFICE).send(body).expect(201);
  return body.projectId as string;
}
