import { z } from 'zod';

import { channel } from './define';

// Channels of the "Server certificate" stage (certs:*). Filled in by the certificate workshop.
void z;
void channel;
export const certsChannels = {} as const;
