import 'i18next';
import type { en } from './resources';

// Translation keys are typed from the English catalogues: a key that does not exist fails the typecheck.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: typeof en;
  }
}
