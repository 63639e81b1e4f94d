import type { PathwayTemplate } from '../template.model';
import { CELL_GENE_THERAPY } from './cell-gene-therapy.template';
import { EU_MDR_CLASS_III } from './eu-mdr.template';
import { FDA_510K, FDA_DE_NOVO, FDA_PMA } from './fda.templates';
import { FIXED_MODEL } from './fixed-model.template';
import { HSA_CLASS_D } from './hsa.template';
import {
  NMPA_CLASS_II_REGISTRATION,
  NMPA_CLASS_III_REGISTRATION,
  NMPA_INNOVATIVE_SPECIAL_REVIEW,
} from './nmpa.templates';

export { FIXED_MODEL, FIXED_MODEL_ID } from './fixed-model.template';
export * from './nmpa.templates';
export * from './fda.templates';
export * from './eu-mdr.template';
export * from './hsa.template';
export * from './cell-gene-therapy.template';

/** Every built-in template, each at version 1; the fixed model first (the default binding). */
export const BUILT_IN_TEMPLATES: readonly PathwayTemplate[] = [
  FIXED_MODEL,
  NMPA_CLASS_II_REGISTRATION,
  NMPA_CLASS_III_REGISTRATION,
  NMPA_INNOVATIVE_SPECIAL_REVIEW,
  FDA_510K,
  FDA_DE_NOVO,
  FDA_PMA,
  EU_MDR_CLASS_III,
  HSA_CLASS_D,
  CELL_GENE_THERAPY,
];
