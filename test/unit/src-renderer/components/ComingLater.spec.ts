import { render, screen } from '@testing-library/svelte';
import type { Component } from 'svelte';
import { describe, expect, it } from 'vitest';

import ComingLater from '/@/src-renderer/components/ComingLater.svelte';
import en from '/@/src-renderer/i18n/en.json';
import nl from '/@/src-renderer/i18n/nl.json';
import { WizardState } from '/@/src-renderer/lib/wizard.svelte';
import { STEPS } from '/@/src-renderer/steps';

import { FakeApi } from '../fake-api';
import WithWizard from '../WithWizard.svelte';

function renderComingLater(wizard: WizardState, stepIndex: number): void {
  render(WithWizard, {
    props: {
      wizard,
      component: ComingLater as unknown as Component<Record<string, unknown>>,
      props: { step: STEPS[stepIndex] },
    },
  });
}

describe('ComingLater', () => {
  it('should say the stage is not built yet and what it will do when rendered', () => {
    renderComingLater(new WizardState(new FakeApi()), 4);
    const panel = screen.getByTestId('coming-later');
    expect(panel).toHaveTextContent(en['comingLater.badge']);
    expect(panel).toHaveTextContent(en['comingLater.intro']);
    expect(screen.getByRole('heading', { name: en['comingLater.planHeading'] })).toBeInTheDocument();
    expect(screen.getByTestId('coming-later-plan')).toHaveTextContent(
      en['stages.cloudManagementGateway.plan'],
    );
  });

  it('should offer no action buttons or inputs when the stage is not built', () => {
    renderComingLater(new WizardState(new FakeApi()), 2);
    expect(screen.queryAllByRole('button')).toHaveLength(0);
    expect(screen.queryAllByRole('textbox')).toHaveLength(0);
  });

  it('should render in Dutch when the wizard language is Dutch', () => {
    renderComingLater(new WizardState(new FakeApi(), 'nl'), 8);
    expect(screen.getByTestId('coming-later')).toHaveTextContent(nl['comingLater.intro']);
    expect(screen.getByTestId('coming-later-plan')).toHaveTextContent(nl['stages.licences.plan']);
  });
});
