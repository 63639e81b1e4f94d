import { ActionIcon, Alert, Button, Card, Checkbox, Fieldset, Group, NativeSelect, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { AUTHORITIES, PARTNER_KINDS, PARTNER_ROLES, PATHWAYS, RISK_CLASSES, type Authority, type PartnerKind, type PartnerRole, type Pathway, type RiskClass } from '../../api/enums';
import { describeProblem, fieldErrors } from '../../api/problem';
import type { components } from '../../api/schema';
import { AUTHORITY_LABEL, partnerKindLabel, partnerRoleLabel, pathwayLabel, riskClassLabel } from '../../ui/labels';
import { readDraft, useDraft } from '../../ui/use-draft';
import { TemplateSelect, type TemplateChoice } from '../templates/template-select';

export type ProposeProjectRequest = components['schemas']['ProposeProjectRequest'];

interface Target { authority: Authority; pathway: Pathway; deviceClass: string; breakthrough: boolean; notifiedBody: string }
interface Partner { name: string; kind: PartnerKind; role: PartnerRole }

const newTarget = (): Target => ({ authority: AUTHORITIES[0], pathway: PATHWAYS[0], deviceClass: '', breakthrough: false, notifiedBody: '' });
const newPartner = (): Partner => ({ name: '', kind: PARTNER_KINDS[0], role: PARTNER_ROLES[0] });

/** Every field name the API may name in errors[], for the rows on screen. */
function formFields(targets: number, partners: number): string[] {
  const plain = ['title', 'summary', 'deviceType', 'riskClass', 'therapeuticArea', 'institution', 'department', 'leadClinician.id', 'leadClinician.name', 'targets', 'partners', 'template'];
  const rows = (prefix: string, n: number, keys: string[]) => Array.from({ length: n }, (_, i) => keys.map((k) => `${prefix}.${i}.${k}`)).flat();
  return [...plain, ...rows('targets', targets, ['authority', 'pathway', 'deviceClass', 'breakthrough', 'notifiedBody']), ...rows('partners', partners, ['name', 'kind', 'role'])];
}

/**
 * Proposing a project: every field the API takes (targets with pathway and class, partners, lead clinician).
 * A refusal keeps the input; the API's 400 errors[] are shown on the fields they name.
 */
const EMPTY = { title: '', summary: '', deviceType: '', riskClass: 'II' as RiskClass, therapeuticArea: '', institution: '', department: '', leadId: '', leadName: '' };
const DRAFT = 'propose';
const OTHER = '__other';

export function ProposeProjectForm({ submit, onProposed }: { submit: (body: ProposeProjectRequest) => Promise<{ projectId: string }>; onProposed: (projectId: string) => void }) {
  const { t } = useTranslation('office');
  // The input is a draft of this tab: an expired session sends the user to sign in and back to it, input kept.
  const [restored, setRestored] = useState(() => readDraft(`${DRAFT}:values`) !== undefined);
  const [values, setValues, clearValues] = useDraft(`${DRAFT}:values`, EMPTY);
  const [targets, setTargets, clearTargets] = useDraft<Target[]>(`${DRAFT}:targets`, () => [newTarget()]);
  const [partners, setPartners, clearPartners] = useDraft<Partner[]>(`${DRAFT}:partners`, []);
  // The pathway template (none: the fixed model, as the API defaults).
  const [template, setTemplate, clearTemplate] = useDraft<TemplateChoice | null>(`${DRAFT}:template`, null);
  const clearDraft = () => { clearValues(); clearTargets(); clearPartners(); clearTemplate(); };
  const startOver = () => { setValues(EMPTY); setTargets([newTarget()]); setPartners([]); setTemplate(null); setRestored(false); };
  // Who may lead: the clinicians with an account (free typing stays, e.g. a person known only at the issuer).
  const people = useQuery({ queryKey: ['people', 'clinician'], queryFn: () => unwrap(api.GET('/people', { params: { query: { role: 'clinician' } } })), retry: false });
  const clinicians = people.data?.people ?? [];
  const picked = clinicians.find((c) => c.personId === values.leadId && c.name === values.leadName);
  const pick = (personId: string) => {
    const person = clinicians.find((c) => c.personId === personId);
    if (person) setValues((v) => ({ ...v, leadId: person.personId, leadName: person.name }));
    else setValues((v) => ({ ...v, leadId: '', leadName: '' }));
  };
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
        ...(template ? { template } : {}),
      };
      const accepted = await submit(body);
      clearDraft();
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
        {restored && (
          <Alert color="info" id="draft-restored" withCloseButton onClose={() => setRestored(false)}>
            {t('propose.restored')}{' '}
            <Button variant="subtle" size="compact-xs" onClick={startOver} id="draft-start-over">{t('propose.startOver')}</Button>
          </Alert>
        )}
        <Card withBorder>
          <Title order={3} size="h5" mb="sm">{t('propose.project')}</Title>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
             <TextInput label={t('propose.title')} translate="no" name="title" required value={values.title} onChange={set('title')} error={errors.title} />
            <TextInput label={t('propose.deviceType')} translate="no" name="deviceType" required value={values.deviceType} onChange={set('deviceType')} error={errors.deviceType} />
            <NativeSelect label={t('propose.riskClass')} name="riskClass" required value={values.riskClass} onChange={set('riskClass')} error={errors.riskClass}
              data={RISK_CLASSES.map((c) => ({ value: c, label: riskClassLabel(c) }))} />
            <TextInput label={t('propose.therapeuticArea')} translate="no" name="therapeuticArea" required value={values.therapeuticArea} onChange={set('therapeuticArea')} error={errors.therapeuticArea} />
            <TextInput label={t('propose.institution')} translate="no" name="institution" required value={values.institution} onChange={set('institution')} error={errors.institution} />
            <TextInput label={t('propose.department')} translate="no" name="department" required value={values.department} onChange={set('department')} error={errors.department} />
          </SimpleGrid>
          <Textarea label={t('propose.summary')} translate="no" name="summary" required mt="sm" autosize minRows={3} value={values.summary} onChange={set('summary')} error={errors.summary} />
        </Card>

        <Fieldset legend={t('propose.lead')}>
          {clinicians.length > 0 && (
            <NativeSelect id="lead-picker" label={t('propose.leadPicker')} description={t('propose.leadPickerHelp')} mb="sm" translate="no"
              value={picked ? picked.personId : values.leadId || values.leadName ? OTHER : ''} onChange={(e) => pick(e.currentTarget.value)}
              data={[{ value: '', label: t('propose.leadChoose') }, ...clinicians.map((c) => ({ value: c.personId, label: `${c.name} (${c.personId})` })), { value: OTHER, label: t('propose.leadOther') }]} />
          )}
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <TextInput label={t('propose.leadId')} translate="no" name="leadClinician.id" required description={t('propose.leadIdHelp')} value={values.leadId} onChange={set('leadId')} error={errors['leadClinician.id'] ?? errors.leadClinician} />
            <TextInput label={t('propose.leadName')} translate="no" name="leadClinician.name" required value={values.leadName} onChange={set('leadName')} error={errors['leadClinician.name']} />
          </SimpleGrid>
        </Fieldset>

        <Fieldset legend={t('propose.targets')}>
          {errors.targets && <Text c="danger" size="sm" role="alert">{errors.targets}</Text>}
          {targets.map((target, i) => (
            <Group key={i} align="flex-end" mb="sm" data-target={i}>
              <NativeSelect label={t('propose.authority')} name={`targets.${i}.authority`} value={target.authority} error={errors[`targets.${i}.authority`]}
                onChange={(e) => setTarget(i, { authority: e.currentTarget.value as Authority })} data={AUTHORITIES.map((a) => ({ value: a, label: AUTHORITY_LABEL[a] }))} />
              <NativeSelect label={t('propose.pathway')} name={`targets.${i}.pathway`} value={target.pathway} error={errors[`targets.${i}.pathway`]}
                onChange={(e) => setTarget(i, { pathway: e.currentTarget.value as Pathway })} data={PATHWAYS.map((p) => ({ value: p, label: pathwayLabel(p) }))} />
              <TextInput label={t('propose.deviceClass')} translate="no" name={`targets.${i}.deviceClass`} w={120} value={target.deviceClass} error={errors[`targets.${i}.deviceClass`]} onChange={(e) => setTarget(i, { deviceClass: e.currentTarget.value })} />
              <TextInput label={t('propose.notifiedBody')} translate="no" name={`targets.${i}.notifiedBody`} w={160} value={target.notifiedBody} error={errors[`targets.${i}.notifiedBody`]} onChange={(e) => setTarget(i, { notifiedBody: e.currentTarget.value })} />
              <Checkbox label={t('propose.breakthrough')} name={`targets.${i}.breakthrough`} checked={target.breakthrough} error={errors[`targets.${i}.breakthrough`]} onChange={(e) => setTarget(i, { breakthrough: e.currentTarget.checked })} mb={8} />
              {targets.length > 1 && <ActionIcon variant="subtle" color="danger" aria-label={t('propose.removeTarget', { n: i + 1 })} onClick={() => setTargets((ts) => ts.filter((_, j) => j !== i))} mb={4}>×</ActionIcon>}
            </Group>
          ))}
          <Button variant="light" size="xs" onClick={() => setTargets((ts) => [...ts, newTarget()])}>{t('propose.addTarget')}</Button>
        </Fieldset>
        <TemplateSelect value={template} onChange={setTemplate} error={errors.template} />

        <Fieldset legend={t('propose.partners')}>
          {errors.partners && <Text c="danger" size="sm" role="alert">{errors.partners}</Text>}
          {partners.map((p, i) => (
            <Group key={i} align="flex-end" mb="sm" data-partner={i}>
              <TextInput label={t('propose.partnerName')} translate="no" name={`partners.${i}.name`} required value={p.name} error={errors[`partners.${i}.name`]} onChange={(e) => setPartner(i, { name: e.currentTarget.value })} />
              <NativeSelect label={t('propose.kind')} name={`partners.${i}.kind`} value={p.kind} error={errors[`partners.${i}.kind`]} onChange={(e) => setPartner(i, { kind: e.currentTarget.value as PartnerKind })} data={PARTNER_KINDS.map((k) => ({ value: k, label: partnerKindLabel(k) }))} />
              <NativeSelect label={t('propose.role')} name={`partners.${i}.role`} value={p.role} error={errors[`partners.${i}.role`]} onChange={(e) => setPartner(i, { role: e.currentTarget.value as PartnerRole })} data={PARTNER_ROLES.map((r) => ({ value: r, label: partnerRoleLabel(r) }))} />
              <ActionIcon variant="subtle" color="danger" aria-label={t('propose.removePartner', { n: i + 1 })} onClick={() => setPartners((ps) => ps.filter((_, j) => j !== i))} mb={4}>×</ActionIcon>
            </Group>
          ))}
          <Button variant="light" size="xs" onClick={() => setPartners((ps) => [...ps, newPartner()])}>{t('propose.addPartner')}</Button>
        </Fieldset>

        {error !== null && (
          <Alert color="danger" role="alert" id="propose-error" title={t('propose.refused')}>
            {describeProblem(error)}
            {errors.form && <Text size="sm" mt="xs">{errors.form}</Text>}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={busy} id="propose-submit">{t('propose.submit')}</Button>
        </Group>
      </Stack>
    </form>
  );
}
