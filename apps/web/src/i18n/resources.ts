// The English catalogues, one JSON file per namespace: the source of every text the app shows and of the
// translation keys' types (i18next.d.ts). A new namespace is one import and one entry here, plus its
// zh-CN and id files (the completeness test in catalogue.test.ts checks all three).
import auth from './locales/en/auth.json';
import clinician from './locales/en/clinician.json';
import commands from './locales/en/commands.json';
import common from './locales/en/common.json';
import conditions from './locales/en/conditions.json';
import dashboard from './locales/en/dashboard.json';
import deadlines from './locales/en/deadlines.json';
import documents from './locales/en/documents.json';
import enums from './locales/en/enums.json';
import gates from './locales/en/gates.json';
import ideas from './locales/en/ideas.json';
import importPortfolio from './locales/en/import.json';
import inbox from './locales/en/inbox.json';
import office from './locales/en/office.json';
import people from './locales/en/people.json';
import problems from './locales/en/problems.json';
import projects from './locales/en/projects.json';
import templates from './locales/en/templates.json';

export const en = {
  auth,
  clinician,
  commands,
  common,
  conditions,
  dashboard,
  deadlines,
  documents,
  enums,
  gates,
  ideas,
  import: importPortfolio,
  inbox,
  office,
  people,
  problems,
  projects,
  templates,
};
