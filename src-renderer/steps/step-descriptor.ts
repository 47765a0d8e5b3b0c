import type { Component } from 'svelte';

import type { StageId } from '../../src-main/ipc/contract';
import type { MessageKey } from '../i18n';

/** What the shell knows about a stage; everything else stays inside the step folder. */
export interface StepDescriptor {
  readonly id: StageId;
  readonly titleKey: MessageKey;
  /** One or two sentences on what the stage does (shown while it is not built yet). */
  readonly planKey: MessageKey;
  /** False while the stage is not built: the rail shows it as "Coming later", muted. */
  readonly available: boolean;
  readonly component: Component<StepProps>;
}

export interface StepProps {
  readonly step: StepDescriptor;
}
