import { ActionIcon, Alert, Button, Card, Checkbox, Fieldset, Group, NativeSelect, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { AUTHORITIES, PARTNER_KINDS, PARTNER_ROLES, PATHWAYS, RISK_CLASSES, type Authority, type PartnerKind, type PartnerRole, type Pathway, type RiskClass } from '../../api/enums';
import { describeProblem, fieldErrors } from '../../api/problem';
import type { components } from '../../api/schema';
import { AUTHORITY_LABEL, words } from '../../ui/labels';

export type ProposeProjectRequest = components['schemas']['ProposeProjectRequest'];

interface Target { authority: Authority; pathway: Pathway; deviceClass: string; breakthrough: boolean; notifiedBody: string }
interface Partner { name: string; kind: PartnerKind; role: PartnerRole }

const newTarget = (): Target => ({ authority: AUTHORITIES[0], pathway: PATHWAYS[0], deviceClass: '', breakthrough: false, notifiedBody: '' });
const newPartner = (): Partner => ({ name: '', kind: PARTNER_KINDS[0], role: PARTNER_ROLES[0] });

/** Every field name the API may name in errors[], for the rows on screen. */
function formFields(targets: number, partners: number): string[] {
  const plain = ['title', 'summary', 'deviceType', 'riskClass', 'therapeuticArea', 'institution', 'department', 'leadClinician.id', 'leadClinician.name', 'targets', 'partners'];
  const rows = (prefix: string, n: number, keys: string[]) => Array.from({ length: n }, (_, i) => keys.map((k) => `${prefix}.${i}.${k}`)).flat();
  return [...plain, ...rows('targets', targets, ['authority', 'pathway', 'deviceClass', 'breakthrough', 'notifiedBody']), ...rows('partners', partners, ['name', 'kind', 'role'])];
}

/**
 * Proposing a project: every field the API takes (targets with pathway and class, partners, lead clinician).
 * A refusal keeps the input; the API's 400 errors[] are shown on the fields they name.
 */
export function ProposeProjectForm({ submit, onProposed }: { submit: (body: ProposeProjectRequest) => Promise<{ projectId: string }>; onProposed: (projectId: string) => void }) {
  const [values, setValues] = useState({ title: '', summary: '', deviceType: '', riskClass: 'II' as RiskClass, therapeuticArea: '', institution: '', department: '', leadId: '', leadName: '' });
  const [targets, setTargets] = useState<Target[]>([newTarget()]);
  const [partners, setPartners] = useState<Partner[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const errors = fieldErrors(error, formFields(targets.length, partners.length));
  const set = (key: keyof typeof values) => (e: { currentTarget: { value: string } }) => {
    // Read now: React has let go of the event by the time the updater runs.
    const value = e.currentTarget.value;
    setValues((v) => ({ ...v, [key]: value }));
  };
  const setTarget = (i: number, change: Partial<Target>) => setTargets((ts) => ts.map((t, j) => (i === j ? { ...t, ...change } : t)));
  const setPartner = (i: number, change: Partial<Partner>) => setPartners((ps) => ps.map((p, j) => (i === j ? { ...p, ...change } : p)));

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const body: ProposeProjectRequest = {
        title: values.title,
        summary: values.summary,
        deviceType: values.deviceType,
        riskClass: values.riskClass,
        therapeuticArea: values.therapeuticArea,
        institution: values.institution,
        department: values.department,
        leadClinician: { id: values.leadId, name: values.leadName },
        targets: targets.map((t) => ({
          authority: t.authority,
          pathway: t.pathway,
          ...(t.deviceClass ? { deviceClass: t.deviceClass } : {}),
          ...(t.breakthrough ? { breakthrough: true } : {}),
          ...(t.notifiedBody ? { notifiedBody: t.notifiedBody } : {}),
        })),
        ...(partners.length ? { partners } : {}),
      };
      const accepted = await submit(body);
      onProposed(accepted.projectId);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit} id="propose-project-form" noValidate>
      <Stack gap="md">
        <Card withBorder>
          <Title order={3} size="h5" mb="sm">The project</Title>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <TextInput label="Title" name="title" required value={values.title} onChange={set('title')} error={errors.title} />
            <TextInput label="Device type" name="deviceType" required value={values.deviceType} onChange={set('deviceType')} error={errors.deviceType} />
            <NativeSelect label="Risk class" name="riskClass" required value={values.riskClass} onChange={set('riskClass')} error={errors.riskClass}
              data={RISK_CLASSES.map((c) => ({ value: c, label: `Class ${c}` }))} />
            <TextInput label="Therapeutic area" name="therapeuticArea" required value={values.therapeuticArea} onChange={set('therapeuticArea')} error={errors.therapeuticArea} />
            <TextInput label="Institution" name="institution" required value={values.institution} onChange={set('institution')} error={errors.institution} />
            <TextInput label="Department" name="department" required value={values.department} onChange={set('department')} error={errors.department} />
          </SimpleGrid>
          <Textarea label="Summary" name="summary" required mt="sm" autosize minRows={3} value={values.summary} onChange={set('summary')} error={errors.summary} />
        </Card>

        <Fieldset legend="Lead clinician">
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <TextInput label="Person id" name="leadClinician.id" required description="The clinician's person id, e.g. dr-chen" value={values.leadId} onChange={set('leadId')} error={errors['leadClinician.id'] ?? errors.leadClinician} />
            <TextInput label="Name" name="leadClinician.name" required value={values.leadName} onChange={set('leadName')} error={errors['leadClinician.name']} />
          </SimpleGrid>
        </Fieldset>

        <Fieldset legend="Regulatory targets">
          {errors.targets && <Text c="danger" size="sm" role="alert">{errors.targets}</Text>}
          {targets.map((t, i) => (
            <Group key={i} align="flex-end" mb="sm" data-target={i}>
              <NativeSelect label="Authority" name={`targets.${i}.authority`} value={t.authority} error={errors[`targets.${i}.authority`]}
                onChange={(e) => setTarget(i, { authority: e.currentTarget.value as Authority })} data={AUTHORITIES.map((a) => ({ value: a, label: AUTHORITY_LABEL[a] }))} />
              <NativeSelect label="Pathway" name={`targets.${i}.pathway`} value={t.pathway} error={errors[`targets.${i}.pathway`]}
                onChange={(e) => setTarget(i, { pathway: e.currentTarget.value as Pathway })} data={PATHWAYS.map((p) => ({ value: p, label: words(p) }))} />
              <TextInput label="Device class" name={`targets.${i}.deviceClass`} w={120} value={t.deviceClass} error={errors[`targets.${i}.deviceClass`]} onChange={(e) => setTarget(i, { deviceClass: e.currentTarget.value })} />
              <TextInput label="Notified body" name={`targets.${i}.notifiedBody`} w={160} value={t.notifiedBody} error={errors[`targets.${i}.notifiedBody`]} onChange={(e) => setTarget(i, { notifiedBody: e.currentTarget.value })} />
              <Checkbox label="Breakthrough" name={`targets.${i}.breakthrough`} checked={t.breakthrough} error={errors[`targets.${i}.breakthrough`]} onChange={(e) => setTarget(i, { breakthrough: e.currentTarget.checked })} mb={8} />
              {targets.length > 1 && <ActionIcon variant="subtle" color="danger" aria-label={`Remove target ${i + 1}`} onClick={() => setTargets((ts) => ts.filter((_, j) => j !== i))} mb={4}>×</ActionIcon>}
            </Group>
          ))}
          <Button variant="light" size="xs" onClick={() => setTargets((ts) => [...ts, newTarget()])}>Add a target</Button>
        </Fieldset>

        <Fieldset legend="Partners">
          {errors.partners && <Text c="danger" size="sm" role="alert">{errors.partners}</Text>}
          {partners.map((p, i) => (
            <Group key={i} align="flex-end" mb="sm" data-partner={i}>
              <TextInput label="Partner name" name={`partners.${i}.name`} required value={p.name} error={errors[`partners.${i}.name`]} onChange={(e) => setPartner(i, { name: e.currentTarget.value })} />
              <NativeSelect label="Kind" name={`partners.${i}.kind`} value={p.kind} error={errors[`partners.${i}.kind`]} onChange={(e) => setPartner(i, { kind: e.currentTarget.value as PartnerKind })} data={PARTNER_KINDS.map((k) => ({ value: k, label: words(k) }))} />
              <NativeSelect label="Role" name={`partners.${i}.role`} value={p.role} error={errors[`partners.${i}.role`]} onChange={(e) => setPartner(i, { role: e.currentTarget.value as PartnerRole })} data={PARTNER_ROLES.map((r) => ({ value: r, label: words(r) }))} />
              <ActionIcon variant="subtle" color="danger" aria-label={`Remove partner ${i + 1}`} onClick={() => setPartners((ps) => ps.filter((_, j) => j !== i))} mb={4}>×</ActionIcon>
            </Group>
          ))}
          <Button variant="light" size="xs" onClick={() => setPartners((ps) => [...ps, newPartner()])}>Add a partner</Button>
        </Fieldset>

        {error !== null && (
          <Alert color="danger" role="alert" id="propose-error" title="The project was not proposed">
            {describeProblem(error)}
            {errors.form && <Text size="sm" mt="xs">{errors.form}</Text>}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={busy} id="propose-submit">Propose the project</Button>
        </Group>
      </Stack>
    </form>
  );
}
