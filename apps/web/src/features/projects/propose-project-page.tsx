import { Alert, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, newIdempotencyKey, unwrap } from '../../api/client';
import { mayWrite, useSession } from '../../auth/session';
import { ProposeProjectForm } from './propose-project-form';

// The office proposes a project; one Idempotency-Key per opened form, so a retry or double submit proposes once.
export function ProposeProjectPage() {
  const { me } = useSession();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [key] = useState(newIdempotencyKey);
  const { t } = useTranslation('projects');
  if (me && !mayWrite(me)) return <Alert color="warning" m="md">{t('propose.officeOnly')}</Alert>;
  return (
    <div style={{ maxWidth: 1100, margin: '0 auto' }} id="propose-project-page">
      <Title order={2} mb="md">{t('propose.title')}</Title>
      <ProposeProjectForm
        submit={(body) => unwrap(api.POST('/projects', { body, headers: { 'Idempotency-Key': key } }))}
        onProposed={(projectId) => {
          void queries.invalidateQueries();
          navigate(`/projects/${projectId}`);
        }}
      />
    </div>
  );
}
