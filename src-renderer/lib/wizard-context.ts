import { createContext } from 'svelte';

import type { WizardState } from './wizard.svelte';

/** One WizardState per mounted shell; components read it with `getWizard()`. */
export const [getWizard, setWizard] = createContext<WizardState>();
