import { Alert, Button, Checkbox, Fieldset, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { describeProblem, fieldErrors } from '../../api/problem';
import type { components } from '../../api/schema';
import { Typed } from '../clinician/typed';

export type IdeaRequest = components['schemas']['ResubmitIdeaRequest'];

const TEXT_FIELDS = ['title', 'clinicalNeed', 'summary', 'deviceType', 'therapeuticArea', 'institution', 'department'] as const;
type TextField = (typeof TEXT_FIELDS)[number];
const LONG: ReadonlySet<TextField> = new Set(['clinicalNeed', 'summary']);
const DISCLOSURE_FIELDS = ['disclosure.title', 'disclosure.summary', 'disclosure.inventors', 'disclosure.disclosedOn'] as const;
/** Every field the API may name in errors[]; any other lands on the form's own message. */
export const IDEA_FORM_FIELDS: readonly string[] = [...TEXT_FIELDS, 'disclosure', ...DISCLOSURE_FIELDS];

export interface IdeaFormValues extends Record<TextField, string> {
  attach: boolean;
  disclosureTitle: string;
  disclosureSummary: string;
  inventors: string;
  disclosedOn: string;
}

export function emptyIdea(leadName: string): IdeaFormValues {
  return {
    title: '', clinicalNeed: '', summary: '', deviceType: '', therapeuticArea: '', institution: '', department: '',
    attach: false, disclosureTitle: '', disclosureSummary: '', inventors: leadName, disclosedOn: '',
  };
}

/** The request body: what was typed, exactly (no trimming of the person's words beyond the inventors' lines). */
export function ideaBody(v: IdeaFormValues): IdeaRequest {
  const body: IdeaRequest = {
    title: v.title, clinicalNeed: v.clinicalNeed, summary: v.summary, deviceType: v.deviceType,
    therapeuticArea: v.therapeuticArea, institution: v.institution, department: v.department,
  };
  if (v.attach) {
    body.disclosure = {
      title: v.disclosureTitle,
      summary: v.disclosureSummary,
      inventors: v.inventors.split('\n').map((s) => s.trim()).filter(Boolean),
      disclosedOn: v.disclosedOn,
    };
  }
  return body;
}

/**
 * A doctor's idea: what it is, the clinical need, where it comes from; the submitter leads it. An invention
 * disclosure may go with it (it becomes the project's disclosure when the office accepts). A refusal keeps the
 * input and shows the API's 400 errors[] on the fields they name, in the app's language.
 */
export function IdeaForm({
  initial,
  leadName,
  submitLabel,
  submit,
}: {
  initial: IdeaFormValues;
  leadName: string;
  submitLabel: string;
  submit: (body: IdeaRequest) => Promise<unknown>;
}) {
  const { t } = useTranslation('ideas');
  const [values, setValues] = useState(initial);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const errors = fieldErrors(error, IDEA_FORM_FIELDS);
  const set = (key: keyof IdeaFormValues) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setValues((v) => ({ ...v, [key]: value }));
  };
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await submit(ideaBody(values));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  // What the person types stays as typed: never offered to a page translator.
  const touch = { size: 'md' as const, translate: 'no' as const };

  return (
    <form onSubmit={onSubmit} id="idea-form" noValidate>
      <Stack gap="sm">
        {TEXT_FIELDS.map((name) =>
          LONG.has(name) ? (
            <Textarea key={name} {...touch} name={name} label={t(`form.${name}`)} description={t(name === 'clinicalNeed' ? 'form.clinicalNeedHint' : 'form.summaryHint')} required autosize minRows={3} value={values[name]} onChange={set(name)} error={errors[name]} />
          ) : (
            <TextInput key={name} {...touch} name={name} label={t(`form.${name}`)} description={name === 'title' ? t('form.titleHint') : undefined} required value={values[name]} onChange={set(name)} error={errors[name]} />
          ),
        )}
        <Text size="sm" id="idea-lead">
          {t('form.lead')} <Typed>{leadName}</Typed>
        </Text>
        <Checkbox
          size="md"
          id="attach-disclosure"
          label={t('form.attachDisclosure')}
          description={t('form.attachDisclosureHint')}
          checked={values.attach}
          onChange={(e) => {
            const checked = e.currentTarget.checked;
            setValues((v) => ({ ...v, attach: checked }));
          }}
        />
        {values.attach && (
          <Fieldset legend={t('form.disclosureLegend')} id="disclosure">
            <Stack gap="sm">
              <TextInput {...touch} name="disclosure.title" label={t('form.disclosureTitle')} required value={values.disclosureTitle} onChange={set('disclosureTitle')} error={errors['disclosure.title']} />
              <Textarea {...touch} name="disclosure.summary" label={t('form.disclosureSummary')} required autosize minRows={2} value={values.disclosureSummary} onChange={set('disclosureSummary')} error={errors['disclosure.summary']} />
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Textarea {...touch} name="disclosure.inventors" label={t('form.inventors')} description={t('form.inventorsHint')} required autosize minRows={2} value={values.inventors} onChange={set('inventors')} error={errors['disclosure.inventors']} />
                <TextInput {...touch} name="disclosure.disclosedOn" type="date" label={t('form.disclosedOn')} required value={values.disclosedOn} onChange={set('disclosedOn')} error={errors['disclosure.disclosedOn']} />
              </SimpleGrid>
            </Stack>
          </Fieldset>
        )}
        {error != null && (
          <Alert color="danger" role="alert" id="idea-error" title={t('form.failed')}>
            {describeProblem(error)}
            {errors.form && <Text size="sm" mt={4}>{errors.form}</Text>}
            {errors.disclosure && <Text size="sm" mt={4}>{errors.disclosure}</Text>}
          </Alert>
        )}
        <Button type="submit" size="md" loading={busy} id="idea-submit" fullWidth>
          {submitLabel}
        </Button>
      </Stack>
    </form>
  );
}
