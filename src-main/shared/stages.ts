/** The tutorial's stages, in order. Ids are stable: they are persisted in state.json. */
export const STAGE_IDS = [
  'prerequisites',
  'cloud-name',
  'server-certificate',
  'azure-services',
  'cloud-management-gateway',
  'configmgr',
  'co-management',
  'intune-app',
  'licences',
  'summary',
] as const;
export type StageId = (typeof STAGE_IDS)[number];

export const STAGE_STATUSES = ['not-started', 'in-progress', 'done', 'needs-attention'] as const;
export type StageStatus = (typeof STAGE_STATUSES)[number];
