import '@mantine/core/styles.css';
import './ui/app.css';
import { createTheme, MantineProvider, PasswordInput } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { ApiProblem } from './api/problem';
import { i18n, startLanguage } from './i18n';
import { routes } from './routes';

// The brand's blue (#0b5c7d) as the primary colour: white on it, and it on white, pass WCAG AA contrast.
const theme = createTheme({
  // Shade 6 is what filled, light and subtle variants use: each passes AA against white.
  colors: {
    brand: ['#e6f2f7', '#cde3ec', '#9cc6d6', '#68a7bf', '#3f8dab', '#25799b', '#0b5c7d', '#094d69', '#073e55', '#052f41'],
    danger: ['#fdecec', '#f9d0d0', '#f0a3a3', '#e67373', '#d94a4a', '#c43535', '#b02a2a', '#8f2222', '#6e1a1a', '#4d1212'],
    warning: ['#fdf0e6', '#f9dcc4', '#f0b98a', '#e69450', '#d5722a', '#b85614', '#9a3c06', '#7c3005', '#5e2404', '#401803'],
    success: ['#e8f4ec', '#c9e6d2', '#95cca7', '#5fb07b', '#3a935a', '#287a45', '#1e6b33', '#17552a', '#113f1f', '#0b2a15'],
    hold: ['#f3ebf7', '#e2d0ec', '#c6a3d9', '#a874c4', '#8f4fb0', '#7b3a9b', '#6b2a86', '#56216c', '#411952', '#2c1138'],
  },
  primaryColor: 'brand',
  primaryShade: 6,
  respectReducedMotion: true,
  components: {
    // Mantine's own words (the password field's show/hide button) in the reader's language: a getter, read at each render.
    PasswordInput: PasswordInput.extend({
      defaultProps: {
        visibilityToggleButtonProps: {
          get 'aria-label'() {
            return i18n.t('password.toggle', { ns: 'auth' });
          },
        },
      },
    }),
  },
  fontFamily: 'Inter, "Segoe UI", system-ui, -apple-system, "Helvetica Neue", Arial, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif',
});

const queries = new QueryClient({
  defaultOptions: {
    queries: {
      // A refusal (4xx) will not change by asking again; an outage or a network error may.
      retry: (count, error) => count < 2 && !(error instanceof ApiProblem && error.status >= 400 && error.status < 500),
      refetchOnWindowFocus: true,
      staleTime: 5_000,
    },
  },
});

// The language (browser, or the user's choice) is loaded before the first paint: no English flash.
void startLanguage().then(() => createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme}>
      <QueryClientProvider client={queries}>
        <RouterProvider router={createBrowserRouter(routes)} />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
));
