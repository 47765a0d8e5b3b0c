import { z } from 'zod';

import { channel } from './define';

// Channels for sign-in and the simulated tenant (identity:*, rehearsal:*).
void z;
void channel;
export const identityChannels = {} as const;
