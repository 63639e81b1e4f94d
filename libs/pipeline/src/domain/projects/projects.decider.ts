import { DomainError } from '../shared/errors';
import { checkPathway, exists, person, required } from '../shared/rules';
import { Authority, DEVICE_CLASSES_BY_AUTHORITY, Pathway, RegulatoryTarget, RiskClass } from '../shared/values';
import { validateTemplate } from '../templates/template.validation';
import type { ProjectProposal, ProjectProposed, ProposeProject } from './projects.payloads';

export function decideProject(command: ProposeProject): ProjectProposed[] {
  // An imported project began when its row says, not when it was typed in.
  return [
    {
      type: 'ProjectProposed',
      data: proposal(command.data, command.metadata.imported?.occurredAt ?? command.metadata.now),
    },
  ];
}

/** A proposal as the record keeps it: fields required, targets the regulators offer, partners once, the lead a person. */
export function proposal(d: ProjectProposal, now: string): ProjectProposed['data'] {
  required({ projectId: d.projectId, title: d.title, deviceType: d.deviceType, institution: d.institution });
  required({ 'leadClinician.id': d.leadClinician.id, 'leadClinician.name': d.leadClinician.name });
  d.targets.forEach((t, i) => checkTarget(t, d.riskClass, i));
  d.partners.forEach((p) => required({ 'partner.partnerId': p.partnerId, 'partner.name': p.name }));
  const duplicate = d.partners.find((p, i) => d.partners.findIndex((q) => q.partnerId === p.partnerId) !== i);
  if (duplicate) throw exists('partner', duplicate.partnerId);
  const leadClinician = person(d.leadClinician, 'leadClinician.id');
  if (d.template) {
    const problems = validateTemplate(d.template.template);
    if (problems.length > 0) {
      throw new DomainError('invalid_template', `The template cannot be used: ${problems[0].message}`, { problems });
    }
  }
  return { ...d, leadClinician, proposedAt: now };
}

// Pathway combinations the regulators do not offer for the project's risk class.
const PATHWAY_CLASS_LIMITS: readonly { authority: Authority; pathway: Pathway; riskClasses: readonly RiskClass[] }[] = [
  { authority: 'FDA', pathway: '510k', riskClasses: ['I', 'II'] },
  { authority: 'EU_MDR', pathway: 'self_certification', riskClasses: ['I'] },
];

function checkTarget(target: RegulatoryTarget, riskClass: RiskClass, index: number): void {
  const invalid = (message: string) =>
    new DomainError('invalid_regulatory_target', message, {
      index,
      authority: target.authority,
      pathway: target.pathway,
    });
  checkPathway(target.authority, target.pathway, index);
  const classes: readonly string[] = DEVICE_CLASSES_BY_AUTHORITY[target.authority];
  if (target.deviceClass !== null && !classes.includes(target.deviceClass)) {
    throw invalid(`${target.authority} has no device class ${target.deviceClass}.`);
  }
  if (target.breakthrough && target.authority !== 'FDA') throw invalid('Breakthrough designation is an FDA programme.');
  // Breakthrough Devices is for devices; a biologic's programmes (RMAT, breakthrough therapy) are recorded as designations.
  if (target.breakthrough && target.pathway === 'bla') throw invalid('Breakthrough Devices is a device programme: record RMAT or breakthrough therapy as a designation.');
  if (target.notifiedBody !== null && target.authority !== 'EU_MDR')
    throw invalid('Notified bodies are an EU MDR concept.');
  const limit = PATHWAY_CLASS_LIMITS.find((l) => l.authority === target.authority && l.pathway === target.pathway);
  if (limit && !limit.riskClasses.includes(riskClass)) {
    throw invalid(`${target.authority} ${target.pathway} is not open to class ${riskClass} devices.`);
  }
}
