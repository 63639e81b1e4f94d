import { Anchor, Center, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet, useLocation, type RouteObject } from 'react-router';
import { CallbackPage } from './auth/callback-page';
import { LiveProvider } from './auth/live';
import { SessionProvider, useSession } from './auth/session';
import { SignInPage } from './auth/sign-in-page';
import { DashboardPage } from './features/pipeline/dashboard-page';
import { Layout } from './ui/layout';

// Every screen has a URL: the dashboard (its filters, "as of" and drawer in the query string),
// a project's page, the propose form, sign-in. The API answers index.html for these paths too.
export const routes: RouteObject[] = [
  {
    element: (
      <SessionProvider>
        <Outlet />
      </SessionProvider>
    ),
    children: [
      { path: '/sign-in', element: <SignInPage /> },
      { path: '/auth/callback', element: <CallbackPage /> },
      {
        element: (
          <RequireSession>
            <LiveProvider>
              <Layout />
            </LiveProvider>
          </RequireSession>
        ),
        children: [
          { path: '/', element: <DashboardPage /> },
          // The office's screens load on demand: the first download is what the dashboard needs.
          { path: '/my-work', lazy: async () => ({ Component: (await import('./features/my-work/my-work-page')).MyWorkPage }) },
          { path: '/projects/new', lazy: async () => ({ Component: (await import('./features/projects/propose-project-page')).ProposeProjectPage }) },
          { path: '/projects/:projectId', lazy: async () => ({ Component: (await import('./features/projects/project-page')).ProjectPage }) },
          // Doctors' ideas (clinicians submit, the office screens) and the clinician's own projects.
          { path: '/ideas/new', lazy: async () => ({ Component: (await import('./features/ideas/submit-idea-page')).SubmitIdeaPage }) },
          { path: '/ideas/mine', lazy: async () => ({ Component: (await import('./features/ideas/my-ideas-page')).MyIdeasPage }) },
          { path: '/ideas/screening', lazy: async () => ({ Component: (await import('./features/ideas/screen-ideas-page')).ScreenIdeasPage }) },
          { path: '/ideas/:projectId/resubmit', lazy: async () => ({ Component: (await import('./features/ideas/submit-idea-page')).ResubmitIdeaPage }) },
          { path: '/my-projects', lazy: async () => ({ Component: (await import('./features/clinician/my-projects-page')).MyProjectsPage }) },
          { path: '/my-projects/:projectId', lazy: async () => ({ Component: (await import('./features/clinician/clinician-project-page')).ClinicianProjectPage }) },
          // Deadlines, the inbox and its preferences (with the calendar feed), the admin's webhooks, people and import.
          { path: '/deadlines', lazy: async () => ({ Component: (await import('./features/deadlines/upcoming-page')).UpcomingDeadlinesPage }) },
          { path: '/inbox', lazy: async () => ({ Component: (await import('./features/inbox/inbox-page')).InboxPage }) },
          { path: '/inbox/preferences', lazy: async () => ({ Component: (await import('./features/inbox/preferences-page')).PreferencesPage }) },
          { path: '/admin/webhooks', lazy: async () => ({ Component: (await import('./features/admin-webhooks/webhooks-page')).WebhooksPage }) },
          { path: '/admin/people', lazy: async () => ({ Component: (await import('./features/admin-people/people-page')).PeoplePage }) },
          { path: '/admin/portfolio-import', lazy: async () => ({ Component: (await import('./features/admin-import/portfolio-import-page')).PortfolioImportPage }) },
          // Pathway templates: the library and one template for every reader; the admin's editor (define, revise).
          { path: '/templates', lazy: async () => ({ Component: (await import('./features/templates/templates-page')).TemplatesPage }) },
          { path: '/templates/new', lazy: async () => ({ Component: (await import('./features/templates/template-editor-page')).TemplateEditorPage }) },
          { path: '/templates/:templateId', lazy: async () => ({ Component: (await import('./features/templates/template-page')).TemplatePage }) },
          { path: '/templates/:templateId/revise', lazy: async () => ({ Component: (await import('./features/templates/template-editor-page')).TemplateEditorPage }) },
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
];

function RequireSession({ children }: { children: React.ReactNode }) {
  const { token } = useSession();
  const location = useLocation();
  if (!token) return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <>{children}</>;
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <Center py={60}>
      <Stack align="center">
        <Title order={2}>{t('notFound.title')}</Title>
        <Text>{t('notFound.text')}</Text>
        <Anchor component={Link} to="/">{t('notFound.back')}</Anchor>
      </Stack>
    </Center>
  );
}
