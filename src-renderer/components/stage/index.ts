// The stage frame and the components every stage shares (plan, checks, progress, next steps).
export { default as ChecksList } from './ChecksList.svelte';
export { arrangeChecks, type CheckItem, type CheckSeverity } from './ChecksList.svelte';
export { default as ConfirmChoice } from './ConfirmChoice.svelte';
export { default as PlanPreview } from './PlanPreview.svelte';
export { KIND_SYMBOL, type PlanLine } from './PlanPreview.svelte';
export type { FrameAction, FramePage, FramePageState } from './StageFrame.svelte';
export { default as StageFrame } from './StageFrame.svelte';
export { default as TaskProgress } from './TaskProgress.svelte';
export type { NextStep } from './WhatHappensNext.svelte';
export { default as WhatHappensNext } from './WhatHappensNext.svelte';
