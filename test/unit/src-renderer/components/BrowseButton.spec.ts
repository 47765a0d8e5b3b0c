import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import type { Component } from 'svelte';
import { describe, expect, it } from 'vitest';

import { WizardState } from '/@/src-renderer/lib/wizard.svelte';
import SaveTarget from '/@/src-renderer/steps/03-server-certificate/components/SaveTarget.svelte';

import { FakeApi } from '../fake-api';
import WithWizard from '../WithWizard.svelte';

async function renderSaveTarget(api: FakeApi, props: Record<string, unknown>): Promise<() => void> {
  const wizard = new WizardState(api);
  await wizard.load();
  const { unmount } = render(WithWizard, {
    props: { wizard, component: SaveTarget as unknown as Component<Record<string, unknown>>, props },
  });
  return unmount;
}

function targetProps(testId: string, path: string, saves: boolean[]): Record<string, unknown> {
  return {
    id: `${testId}-field`,
    label: 'Save as',
    path,
    savedTo: null,
    busy: false,
    confirmReplace: false,
    testId,
    filterName: 'Certificate request',
    extension: testId,
    onsave: (overwrite: boolean) => saves.push(overwrite),
  };
}

describe('SaveTarget with the native Save dialog', () => {
  it('should offer Browse in the desktop app and save, replacing, where the dialog says', async () => {
    const api = new FakeApi();
    api.info = { ...api.info, nativeDialogs: true };
    api.chosenSavePath = 'C:\\certs\\cmg.csr';
    const saves: boolean[] = [];
    await renderSaveTarget(api, targetProps('csr', 'C:\\Users\\admin\\Documents\\cmg.csr', saves));
    await fireEvent.click(screen.getByTestId('csr-browse'));
    await waitFor(() => expect(saves).toEqual([true]));
    expect(screen.getByTestId<HTMLInputElement>('csr-path').value).toBe('C:\\certs\\cmg.csr');
    expect(api.callsTo('app:choose-save-path')).toEqual([
      [
        {
          defaultPath: 'C:\\Users\\admin\\Documents\\cmg.csr',
          filters: [{ name: 'Certificate request', extensions: ['csr'] }],
        },
      ],
    ]);
  });

  it('should keep the typed path and save nothing when the dialog is cancelled', async () => {
    const api = new FakeApi();
    api.info = { ...api.info, nativeDialogs: true };
    const saves: boolean[] = [];
    await renderSaveTarget(api, targetProps('inf', '/tmp/a.inf', saves));
    await fireEvent.click(screen.getByTestId('inf-browse'));
    await waitFor(() => expect(api.callsTo('app:choose-save-path')).toHaveLength(1));
    expect(saves).toEqual([]);
    expect(screen.getByTestId<HTMLInputElement>('inf-path').value).toBe('/tmp/a.inf');
  });

  it('should show no Browse button where there is no native dialog (a browser on the web host)', async () => {
    await renderSaveTarget(new FakeApi(), targetProps('pfx', '/tmp/a.pfx', []));
    expect(screen.getByTestId('pfx-path')).toBeInTheDocument();
    expect(screen.queryByTestId('pfx-browse')).toBeNull();
  });
});
