// The stage frame and the shared stage components, rendered in jsdom with the real catalogues.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import type { Component } from 'svelte';
import { describe, expect, it } from 'vitest';

import {
  arrangeChecks,
  type CheckItem,
  ChecksList,
  type PlanLine,
  PlanPreview,
  TaskProgress,
  WhatHappensNext,
} from '/@/src-renderer/components/stage';
import en from '/@/src-renderer/i18n/en.json';
import fr from '/@/src-renderer/i18n/fr.json';
import { isLearnLink } from '/@/src-renderer/lib/format';
import { WizardState } from '/@/src-renderer/lib/wizard.svelte';

import { FakeApi } from '../fake-api';
import WithWizard from '../WithWizard.svelte';
import FrameHarness from './FrameHarness.svelte';

function renderWith(component: unknown, props: Record<string, unknown>, locale: 'en' | 'fr' = 'en'): void {
  render(WithWizard, {
    props: {
      wizard: new WizardState(new FakeApi(), locale),
      component: component as Component<Record<string, unknown>>,
      props,
    },
  });
}

const PAGES = [
  { id: 'one', label: 'One', state: 'done' },
  { id: 'two', label: 'Two', state: 'todo' },
  { id: 'three', label: 'Three', state: 'locked' },
] as const;

describe('StageFrame', () => {
  it('should list the sub-pages, mark the open one and offer one primary button', () => {
    renderWith(FrameHarness, { pages: PAGES });
    const nav = screen.getByRole('navigation', { name: en['frame.pagesLabel'] });
    const buttons = within(nav).getAllByRole('button');
    expect(buttons.map((button) => button.textContent?.trim())).toEqual([
      expect.stringContaining('One'),
      expect.stringContaining('Two'),
      expect.stringContaining('Three'),
    ]);
    expect(within(nav).getByRole('button', { current: 'step' })).toHaveTextContent('One');
    expect(buttons[2]).toBeDisabled();
    expect(document.querySelectorAll('[data-testid="stage-frame"] button.primary')).toHaveLength(1);
    expect(screen.getByRole('heading', { level: 3, name: 'Heading one' })).toBeInTheDocument();
  });

  it('should not take focus when the stage opens, then move it to the new heading after each step', async () => {
    renderWith(FrameHarness, { pages: PAGES });
    expect(document.activeElement).not.toBe(screen.getByTestId('page-heading'));
    await fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(screen.getByTestId('page-heading')).toHaveFocus());
    expect(screen.getByTestId('page-heading')).toHaveTextContent('Heading two');
    expect(screen.getByTestId('page-heading')).toHaveAttribute('tabindex', '-1');
    await fireEvent.click(screen.getByRole('button', { name: /Back/ }));
    await waitFor(() => expect(screen.getByTestId('page-heading')).toHaveTextContent('Heading one'));
    expect(screen.getByTestId('page-heading')).toHaveFocus();
  });
});

describe('ChecksList', () => {
  const checks: CheckItem[] = [
    { id: 'a', severity: 'pass', message: 'Key matches' },
    { id: 'b', severity: 'warning', message: 'Private root', hint: 'Deploy the root' },
    { id: 'c', severity: 'pass', message: 'SHA-256' },
    { id: 'd', severity: 'error', message: 'No server authentication', hint: 'Use the Web Server template' },
  ];

  it('should put problems first, errors before warnings, and fold the passes', () => {
    expect(arrangeChecks(checks).shown.map((check) => check.id)).toEqual(['d', 'b']);
    renderWith(ChecksList, { checks });
    const shown = screen.getAllByTestId(/^check-/);
    expect(shown.map((item) => item.dataset['severity'])).toEqual(['error', 'warning', 'pass', 'pass']);
    expect(screen.getByTestId('check-d')).toHaveTextContent('Use the Web Server template');
    const folded = screen.getByTestId('checks-passed');
    expect(folded.tagName).toBe('DETAILS');
    expect(folded).not.toHaveAttribute('open');
    expect(within(folded).getByText(en['checks.passedFolded'].replace('{count}', '2'))).toBeInTheDocument();
  });
});

describe('PlanPreview', () => {
  it('should show each line with its symbol, the object and its fields, and say what is known after apply', () => {
    const lines: PlanLine[] = [
      {
        id: 'cert:key',
        kind: 'write-file',
        label: 'cmg.contoso.com.key',
        summary: 'Private key',
        fields: [{ name: 'thumbprint', after: { knownAfterApply: true } }],
      },
      {
        id: 'cert:csp',
        kind: 'update',
        label: 'CSP',
        summary: 'Provider',
        fields: [{ name: 'csp', before: 'a', after: 'b' }],
      },
      { id: 'cert:root', kind: 'skip', label: 'Root', summary: 'Already trusted' },
    ];
    renderWith(PlanPreview, { lines }, 'fr');
    const items = screen.getAllByTestId('plan-line');
    expect(items.map((item) => item.dataset['kind'])).toEqual(['write-file', 'update', 'skip']);
    expect(items[0]).toHaveTextContent('+');
    expect(items[0]).toHaveTextContent(fr['plan.knownAfterApply']);
    expect(items[1]).toHaveTextContent('~');
    expect(items[1]).toHaveTextContent(/a\s*→/);
    expect(items[2]).toHaveTextContent('=');
    expect(items[2]).toHaveTextContent(fr['plan.kind.skip']);
  });
});

describe('TaskProgress', () => {
  it('should show bytes, rate and time left in the admin language when the action moves bytes', () => {
    renderWith(
      TaskProgress,
      {
        label: 'Upload',
        progress: {
          done: 0,
          total: 3,
          bytes: { done: 1_500_000, total: 3_000_000 },
          rate: 250_000,
          etaSeconds: 65,
        },
      },
      'fr',
    );
    const figures = screen.getByTestId('task-progress-bytes');
    expect(figures.textContent).toMatch(/1,5\s*Mo/);
    expect(figures.textContent).toMatch(/3\s*Mo/);
    expect(figures.textContent).toMatch(/250\s*ko\/s/);
    expect(figures.textContent).toMatch(/1\s*min\s*5\s*s/);
  });

  it('should count actions and offer Cancel when there are no bytes', async () => {
    let cancelled = 0;
    renderWith(TaskProgress, {
      label: 'Run',
      progress: { done: 1, total: 4 },
      oncancel: () => (cancelled += 1),
    });
    expect(screen.getByTestId('task-progress')).toHaveTextContent('1 of 4 done');
    await fireEvent.click(screen.getByRole('button', { name: en['progress.cancel'] }));
    expect(cancelled).toBe(1);
  });
});

describe('WhatHappensNext', () => {
  it('should link Microsoft Learn pages in a new tab and leave any other address unlinked', () => {
    renderWith(WhatHappensNext, {
      steps: [
        {
          text: 'Create the CMG.',
          href: 'https://learn.microsoft.com/intune/configmgr/core/clients/manage/cmg/setup-cloud-management-gateway',
        },
        { text: 'Not from elsewhere.', href: 'https://evil.example/learn.microsoft.com' },
        { text: 'Not over http.', href: 'http://learn.microsoft.com/x' },
      ],
    });
    const links = screen.getAllByRole('link');
    expect(links).toHaveLength(1);
    expect(links[0]).toHaveAttribute('target', '_blank');
    expect(links[0]).toHaveAttribute('rel', 'noopener noreferrer');
    expect(isLearnLink('https://learn.microsoft.com.evil.example/')).toBe(false);
    expect(isLearnLink('https://user@learn.microsoft.com/')).toBe(false);
  });
});
