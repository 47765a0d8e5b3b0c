import { z } from 'zod';

import { type Locale, LOCALES, STAGE_IDS, type StageId, type StageStatus } from '../../shared';
import { channel } from './define';

export {
  type Locale,
  type MessageParams,
  STAGE_IDS,
  STAGE_STATUSES,
  type StageId,
  type StageStatus,
} from '../../shared';
export const StageIdSchema = z.enum(STAGE_IDS);

export const LocaleSchema = z.enum(LOCALES);

export interface AppInfo {
  readonly productName: string;
  readonly version: string;
  /** Rehearsal = simulated tenant; tenant = signed in to a real one. */
  readonly mode: 'rehearsal' | 'tenant';
  readonly tenantName: string | null;
  readonly locale: Locale;
  /** True when the admin picked the language (otherwise it follows the OS). */
  readonly localeChosen: boolean;
  /** True in the desktop app: `app:choose-save-path` opens the native Save dialog. */
  readonly nativeDialogs: boolean;
  /** One-time notices for the admin, e.g. a saved progress file that had to be moved aside. */
  readonly notices: readonly { readonly messageKey: string; readonly message: string }[];
}

export interface WizardSummary {
  readonly currentStage: StageId;
  readonly stages: Readonly<Record<StageId, StageStatus>>;
}

export const SavePathRequestSchema = z.object({
  /** Proposed full path (folder + file name). */
  defaultPath: z.string().max(4096),
  /** Localized name and extensions (without dot) of the file type, e.g. {name: 'PFX', extensions: ['pfx']}. */
  filters: z
    .array(
      z.object({
        name: z.string().max(100),
        extensions: z.array(z.string().regex(/^[A-Za-z0-9]{1,10}$/)).max(10),
      }),
    )
    .max(5),
});
export type SavePathRequestDto = z.input<typeof SavePathRequestSchema>;

/** The About dialog: versions, where things are kept, and the licences of what is bundled. */
export interface AboutDto {
  readonly productName: string;
  readonly version: string;
  /** Node.js, and Electron/Chromium in the desktop app. */
  readonly runtime: {
    readonly node: string;
    readonly electron: string | null;
    readonly chrome: string | null;
  };
  readonly dataFolder: string;
  readonly logsFolder: string;
  /** Null when the list was not generated (a run from sources). */
  readonly licenses:
    readonly { readonly name: string; readonly version: string; readonly license: string }[] | null;
  /** True when the organisation configured an update check (COMANAGE_UPDATE_URL). */
  readonly updateCheckConfigured: boolean;
  /** True in the desktop app: `app:open-logs-folder` opens the folder in Explorer. */
  readonly canOpenFolders: boolean;
}

export type UpdateCheckDto =
  | { readonly status: 'not-configured' }
  | { readonly status: 'up-to-date'; readonly latest: string }
  | { readonly status: 'available'; readonly latest: string; readonly url: string }
  | { readonly status: 'failed'; readonly reason: 'unreachable' | 'invalid-answer' | 'invalid-url' };

export interface ForgetSummaryDto {
  readonly removedEntries: readonly string[];
  readonly removedSecrets: number;
}

/** "Forget everything" only runs when the request says so in as many words. */
export const ForgetRequestSchema = z.object({ confirm: z.literal('forget-everything') }).strict();

export const wizardChannels = {
  'app:get-info': channel(z.tuple([])).returns<AppInfo>(),
  'settings:set-language': channel(z.tuple([LocaleSchema])).returns<AppInfo>(),
  'wizard:get-state': channel(z.tuple([])).returns<WizardSummary>(),
  'wizard:set-current-stage': channel(z.tuple([StageIdSchema])).returns<WizardSummary>(),
  /** Desktop app only: the native Save dialog; `path` is null when the admin cancels. */
  'app:choose-save-path': channel(z.tuple([SavePathRequestSchema])).returns<{
    readonly path: string | null;
  }>(),
  'app:get-about': channel(z.tuple([])).returns<AboutDto>(),
  'app:check-update': channel(z.tuple([])).returns<UpdateCheckDto>(),
  /** Desktop app only: opens the logs folder in the file manager. */
  'app:open-logs-folder': channel(z.tuple([])).returns<void>(),
  /** Removes state, journal, logs, keys, the token cache, the simulated tenant and every keychain entry. */
  'app:forget-everything': channel(z.tuple([ForgetRequestSchema])).returns<ForgetSummaryDto>(),
} as const;
