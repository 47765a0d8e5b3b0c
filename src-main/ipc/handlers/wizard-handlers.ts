import type { StageEngine } from '../../engine';
import { AppError, STAGE_IDS, translate } from '../../shared';
import type { WizardState } from '../../state';
import type { AppContext } from '../context';
import type { AppInfo, Handlers, WizardSummary } from '../contract';

type WizardHandlers = Pick<
  Handlers,
  | 'app:get-info'
  | 'settings:set-language'
  | 'wizard:get-state'
  | 'wizard:set-current-stage'
  | 'app:choose-save-path'
>;

export const PRODUCT_NAME = 'Co-management Setup Assistant';

export function createWizardHandlers(ctx: AppContext): WizardHandlers {
  const info = async (): Promise<AppInfo> => {
    const locale = ctx.locale();
    return {
      productName: PRODUCT_NAME,
      version: ctx.version,
      mode: ctx.mode,
      tenantName: ctx.mode === 'tenant' ? await tenantName(ctx) : null,
      locale,
      localeChosen: ctx.state.read().language !== null,
      nativeDialogs: ctx.chooseSavePath !== null,
      notices: ctx.notices.map((n) => ({
        messageKey: n.messageKey,
        message: translate(locale, n.messageKey, n.params),
      })),
    };
  };
  return {
    'app:choose-save-path': async (request) => {
      if (!ctx.chooseSavePath) throw new AppError('unavailable', 'app.dialog.unavailable');
      return { path: await ctx.chooseSavePath(request) };
    },
    'app:get-info': () => info(),
    'settings:set-language': async (language) => {
      await ctx.state.update((draft) => ({ ...draft, language }));
      return await info();
    },
    'wizard:get-state': () => wizardSummary(ctx.state.read(), ctx.engine),
    'wizard:set-current-stage': async (stage) => {
      const next = await wizardSummary(
        await ctx.state.update((draft) => ({ ...draft, currentStage: stage })),
        ctx.engine,
      );
      ctx.events.emit('wizard:changed', next);
      return next;
    },
  };
}

/** What the badge names: the signed-in admin's domain (contoso.com), else the directory id. */
async function tenantName(ctx: AppContext): Promise<string | null> {
  const account = (await ctx.identity.status()).account;
  if (!account) return null;
  const domain = account.username.split('@')[1];
  return domain && domain.length > 0 ? domain : account.tenantId;
}

/** The rail: each built stage's status derived by the stage itself; the others as stored. */
export async function wizardSummary(state: WizardState, engine: StageEngine): Promise<WizardSummary> {
  const stages = { ...state.stages };
  for (const id of STAGE_IDS) if (engine.has(id)) stages[id] = await engine.status(id);
  return { currentStage: state.currentStage, stages };
}
