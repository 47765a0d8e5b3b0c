import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it } from 'vitest';

import { STAGE_IDS } from '/@/src-main/shared/stages';
import App from '/@/src-renderer/App.svelte';
import en from '/@/src-renderer/i18n/en.json';
import fr from '/@/src-renderer/i18n/fr.json';
import nl from '/@/src-renderer/i18n/nl.json';
import { WizardState } from '/@/src-renderer/lib/wizard.svelte';

import { FakeApi, summaryWith } from './fake-api';

function stageTitleKey(stage: string): keyof typeof en {
  const camel = stage.replace(/-([a-z])/g, (_whole, letter: string) => letter.toUpperCase());
  return `stages.${camel}.title` as keyof typeof en;
}

/** Renders the shell; past the welcome (a fresh start opens on it) through the rail, as an admin would. */
async function renderApp(api: FakeApi): Promise<WizardState> {
  const wizard = new WizardState(api);
  render(App, { props: { wizard } });
  await screen.findByTestId('stage-rail');
  if (screen.queryByTestId('welcome')) {
    await fireEvent.click(screen.getByTestId(`rail-${api.summary.currentStage}`));
  }
  await screen.findByTestId('stage-panel');
  return wizard;
}

function rail(): HTMLElement {
  return screen.getByRole('navigation', { name: en['shell.stagesLabel'] });
}

describe('App shell', () => {
  let api: FakeApi;

  beforeEach(() => {
    api = new FakeApi();
    document.documentElement.lang = '';
  });

  it('should list every stage in tutorial order when the state has loaded', async () => {
    await renderApp(api);
    const buttons = within(rail()).getAllByRole('button');
    expect(buttons).toHaveLength(STAGE_IDS.length);
    STAGE_IDS.forEach((stage, index) => {
      expect(buttons[index]).toHaveTextContent(en[stageTitleKey(stage)]);
    });
  });

  it('should label each stage status in words and mark stages not built yet as coming later', async () => {
    api.summary = summaryWith('cloud-name', {
      prerequisites: 'done',
      'server-certificate': 'needs-attention',
    });
    await renderApp(api);
    const buttons = within(rail()).getAllByRole('button');
    expect(buttons[2]).toHaveTextContent(en['status.needsAttention']);
    expect(within(buttons[2]!).getByTestId('stage-status')).toHaveAttribute('data-status', 'needs-attention');
    // Not built: "Coming later", whatever an older state file says about it.
    expect(buttons[0]).toHaveTextContent(en['status.comingLater']);
    expect(buttons[0]).not.toHaveTextContent(en['status.done']);
    expect(buttons[3]).toHaveTextContent(en['status.comingLater']);
    expect(buttons[3]).not.toHaveTextContent(en['status.notStarted']);
    expect(buttons[3]).toHaveClass('later');
    expect(buttons[2]).not.toHaveClass('later');
  });

  it('should open on the welcome when nothing is done yet, then on the first usable stage', async () => {
    const wizard = new WizardState(api);
    render(App, { props: { wizard } });
    const heading = await screen.findByRole('heading', { level: 2, name: en['welcome.heading'] });
    expect(heading).toBeVisible();
    expect(screen.getByTestId('welcome')).toHaveTextContent(en['welcome.nothingReal']);
    expect(screen.queryByTestId('stage-panel')).not.toBeInTheDocument();
    expect(within(rail()).queryByRole('button', { current: 'step' })).not.toBeInTheDocument();

    await fireEvent.click(screen.getByRole('button', { name: new RegExp(en['welcome.start']) }));
    await waitFor(() =>
      expect(screen.getByTestId('stage-panel')).toHaveAttribute('data-stage', 'server-certificate'),
    );
    expect(api.callsTo('wizard:set-current-stage')).toEqual([['server-certificate']]);
  });

  it('should skip the welcome when the admin has already started', async () => {
    api.summary = summaryWith('server-certificate', { 'server-certificate': 'in-progress' });
    const wizard = new WizardState(api);
    render(App, { props: { wizard } });
    await screen.findByTestId('stage-panel');
    expect(screen.queryByTestId('welcome')).not.toBeInTheDocument();
  });

  it('should mark the persisted current stage when the shell opens', async () => {
    api.summary = summaryWith('licences');
    await renderApp(api);
    const current = within(rail()).getByRole('button', { current: 'step' });
    expect(current).toHaveTextContent(en['stages.licences.title']);
    expect(screen.getByTestId('stage-title')).toHaveTextContent(en['stages.licences.title']);
  });

  it('should call wizard:set-current-stage and show the stage when a rail entry is clicked', async () => {
    await renderApp(api);
    await fireEvent.click(
      within(rail()).getByRole('button', { name: new RegExp(`^${en['stages.intuneApp.title']}`) }),
    );
    await waitFor(() =>
      expect(screen.getByTestId('stage-panel')).toHaveAttribute('data-stage', 'intune-app'),
    );
    expect(api.callsTo('wizard:set-current-stage')).toEqual([['intune-app']]);
    expect(screen.getByTestId('coming-later-plan')).toHaveTextContent(en['stages.intuneApp.plan']);
  });

  it('should go to the following stage when the next-stage button is clicked', async () => {
    await renderApp(api);
    await fireEvent.click(screen.getByRole('button', { name: en['shell.nextStage'] }));
    await waitFor(() =>
      expect(screen.getByTestId('stage-panel')).toHaveAttribute('data-stage', 'cloud-name'),
    );
    expect(screen.queryByRole('button', { name: en['shell.previousStage'] })).toBeInTheDocument();
  });

  it('should switch texts and the html lang when French is chosen', async () => {
    await renderApp(api);
    expect(document.documentElement.lang).toBe('en');
    const select = screen.getByRole('combobox', { name: en['shell.languageLabel'] });
    await fireEvent.change(select, { target: { value: 'fr' } });
    await waitFor(() => expect(document.documentElement.lang).toBe('fr'));
    expect(api.callsTo('settings:set-language')).toEqual([['fr']]);
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent(fr['app.productName']);
    expect(screen.getByTestId('mode-badge')).toHaveTextContent(fr['shell.badgeRehearsal']);
    expect(screen.getByRole('navigation', { name: fr['shell.stagesLabel'] })).toBeInTheDocument();
    expect(screen.getByTestId('coming-later')).toHaveTextContent(fr['comingLater.badge']);
    expect(document.title).toBe(fr['app.productName']);
  });

  it('should open in the language the host reports when the OS locale is Dutch', async () => {
    api.info = { ...api.info, locale: 'nl' };
    await renderApp(api);
    expect(document.documentElement.lang).toBe('nl');
    expect(screen.getByRole('combobox', { name: nl['shell.languageLabel'] })).toHaveValue('nl');
    expect(screen.getByTestId('stage-title')).toHaveTextContent(nl['stages.prerequisites.title']);
  });

  it('should keep the old language and show the error when the host refuses the language', async () => {
    api.failures.set('settings:set-language', {
      code: 'keychain-unavailable',
      messageKey: 'error.stateWrite',
      message: 'Could not save the settings file.',
    });
    await renderApp(api);
    await fireEvent.change(screen.getByRole('combobox', { name: en['shell.languageLabel'] }), {
      target: { value: 'nl' },
    });
    const alert = await screen.findByTestId('action-error');
    expect(alert).toHaveTextContent('Could not save the settings file.');
    expect(document.documentElement.lang).toBe('en');
    await fireEvent.click(within(alert).getByRole('button', { name: en['shell.dismiss'] }));
    expect(screen.queryByTestId('action-error')).not.toBeInTheDocument();
  });

  it('should return to the previous stage and explain when the host refuses the move', async () => {
    api.failures.set('wizard:set-current-stage', new TypeError('Failed to fetch'));
    await renderApp(api);
    await fireEvent.click(screen.getByRole('button', { name: en['shell.nextStage'] }));
    const alert = await screen.findByTestId('action-error');
    expect(alert).toHaveTextContent(en['transport.unavailable']);
    expect(screen.getByTestId('stage-panel')).toHaveAttribute('data-stage', 'prerequisites');
  });

  it('should show a retry panel when the first load fails and recover when retried', async () => {
    api.failures.set('wizard:get-state', {
      code: 'state-corrupt',
      messageKey: 'x.y',
      message: 'State is broken.',
    });
    const wizard = new WizardState(api);
    render(App, { props: { wizard } });
    const panel = await screen.findByTestId('load-error');
    expect(panel).toHaveTextContent(en['shell.loadFailedTitle']);
    expect(panel).toHaveTextContent('State is broken.');
    expect(screen.queryByRole('navigation')).not.toBeInTheDocument();
    api.failures.clear();
    await fireEvent.click(within(panel).getByRole('button', { name: en['shell.retry'] }));
    expect(await screen.findByTestId('welcome')).toBeInTheDocument();
  });

  it('should follow wizard:changed events when another client moves the wizard', async () => {
    await renderApp(api);
    expect(api.listenerCount('wizard:changed')).toBe(1);
    api.emit('wizard:changed', summaryWith('server-certificate', { 'server-certificate': 'in-progress' }));
    await waitFor(() =>
      expect(screen.getByTestId('stage-panel')).toHaveAttribute('data-stage', 'server-certificate'),
    );
    expect(screen.getByTestId('stage-panel')).toHaveTextContent(en['status.inProgress']);
  });

  it('should name the tenant in the badge when the app runs against a real tenant', async () => {
    api.info = { ...api.info, mode: 'tenant', tenantName: 'contoso.onmicrosoft.com' };
    await renderApp(api);
    expect(screen.getByTestId('mode-badge')).toHaveTextContent(
      en['shell.badgeTenant'].replace('{tenant}', 'contoso.onmicrosoft.com'),
    );
  });

  it('should show host notices when the saved progress had to be moved aside', async () => {
    api.info = {
      ...api.info,
      notices: [{ messageKey: 'error.stateCorrupt', message: 'Moved aside to state.bad.' }],
    };
    await renderApp(api);
    expect(screen.getByRole('status')).toHaveTextContent('Moved aside to state.bad.');
  });

  it('should move focus along the rail when arrow, Home and End keys are pressed', async () => {
    await renderApp(api);
    const buttons = within(rail()).getAllByRole('button');
    buttons[0]!.focus();
    await fireEvent.keyDown(buttons[0]!, { key: 'ArrowDown' });
    expect(buttons[1]).toHaveFocus();
    await fireEvent.keyDown(buttons[1]!, { key: 'End' });
    expect(buttons[STAGE_IDS.length - 1]).toHaveFocus();
    await fireEvent.keyDown(buttons[STAGE_IDS.length - 1]!, { key: 'ArrowDown' });
    expect(buttons[STAGE_IDS.length - 1]).toHaveFocus();
    await fireEvent.keyDown(buttons[STAGE_IDS.length - 1]!, { key: 'Home' });
    expect(buttons[0]).toHaveFocus();
    expect(api.callsTo('wizard:set-current-stage')).toEqual([]);
  });

  it('should offer a skip link to the stage content when the page opens', async () => {
    await renderApp(api);
    const link = screen.getByRole('link', { name: en['shell.skipToContent'] });
    expect(link).toHaveAttribute('href', '#stage-content');
    expect(document.getElementById('stage-content')?.tagName).toBe('MAIN');
  });
});
