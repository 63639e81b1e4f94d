import type { AppRole } from '@app/platform';

// Who may sign a gate decision: a template gate's rule may count the office's, clinicians' and management's
// signatures. The domain refuses what the role may not do on the project (a fixed-model go, a kill: the office only).
export const GATE_SIGNERS: readonly AppRole[] = ['innovation_office', 'clinician', 'management'];
