import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { electronLaunchDecision, planLaunch } from '/@/scripts/electron-available.mjs';

const DISPLAY = { DISPLAY: ':0' };
const roots: string[] = [];

/** A project folder with node_modules/electron in the given state. */
function project(state: { installed?: boolean; pathTxt?: string; binary?: string | null } = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'comanage-start-'));
  roots.push(root);
  if (state.installed === false) return root;
  const electron = join(root, 'node_modules', 'electron');
  mkdirSync(join(electron, 'dist'), { recursive: true });
  writeFileSync(join(electron, 'package.json'), '{"name":"electron","version":"45.4.1"}');
  if (state.pathTxt !== undefined) writeFileSync(join(electron, 'path.txt'), state.pathTxt);
  if (state.binary) writeFileSync(join(electron, 'dist', state.binary), '#!/bin/sh\n');
  return root;
}

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('electronLaunchDecision', () => {
  it('should run the binary named by path.txt when it exists under dist and a display is set', () => {
    const root = project({ pathTxt: 'electron', binary: 'electron' });
    expect(electronLaunchDecision({ root, platform: 'linux', env: DISPLAY })).toEqual({
      canRun: true,
      binary: join(root, 'node_modules', 'electron', 'dist', 'electron'),
    });
  });

  it('should accept a Wayland display when X11 is absent', () => {
    const root = project({ pathTxt: 'electron', binary: 'electron' });
    expect(
      electronLaunchDecision({ root, platform: 'linux', env: { WAYLAND_DISPLAY: 'wayland-0' } }).canRun,
    ).toBe(true);
  });

  it('should not need a display when running on Windows', () => {
    const root = project({ pathTxt: 'electron.exe', binary: 'electron.exe' });
    expect(electronLaunchDecision({ root, platform: 'win32', env: {} }).canRun).toBe(true);
  });

  it('should refuse with a reason when the package is not installed at all', () => {
    const decision = electronLaunchDecision({
      root: project({ installed: false }),
      platform: 'linux',
      env: DISPLAY,
    });
    expect(decision).toEqual({ canRun: false, reason: expect.stringContaining('not installed') });
  });

  it('should refuse when path.txt is missing, as it is after an install without download', () => {
    const decision = electronLaunchDecision({ root: project(), platform: 'linux', env: DISPLAY });
    expect(decision).toEqual({
      canRun: false,
      reason: 'Electron binary not installed (cannot download here)',
    });
  });

  it('should refuse when path.txt is empty or only whitespace', () => {
    const root = project({ pathTxt: ' \n' });
    expect(electronLaunchDecision({ root, platform: 'linux', env: DISPLAY }).canRun).toBe(false);
  });

  it('should refuse when path.txt names a file that is not there', () => {
    const root = project({ pathTxt: 'electron' });
    expect(electronLaunchDecision({ root, platform: 'linux', env: DISPLAY })).toMatchObject({
      canRun: false,
      reason: expect.stringContaining('not installed'),
    });
  });

  it('should refuse when path.txt escapes dist with a relative or absolute path', () => {
    const root = project({ pathTxt: '../package.json' });
    expect(electronLaunchDecision({ root, platform: 'linux', env: DISPLAY })).toMatchObject({
      canRun: false,
      reason: expect.stringContaining('outside dist'),
    });
    const absolute = project({ pathTxt: '/bin/sh' });
    expect(electronLaunchDecision({ root: absolute, platform: 'linux', env: DISPLAY }).canRun).toBe(false);
  });

  it('should refuse when path.txt names the dist folder itself', () => {
    const root = project({ pathTxt: '.' });
    expect(electronLaunchDecision({ root, platform: 'linux', env: DISPLAY }).canRun).toBe(false);
  });

  it('should refuse with a display reason when Linux has neither DISPLAY nor WAYLAND_DISPLAY', () => {
    const root = project({ pathTxt: 'electron', binary: 'electron' });
    expect(electronLaunchDecision({ root, platform: 'linux', env: { DISPLAY: '' } })).toEqual({
      canRun: false,
      reason: expect.stringContaining('DISPLAY'),
    });
  });

  it("should honour Electron's ELECTRON_OVERRIDE_DIST_PATH when it points at a binary", () => {
    const root = project();
    const dist = mkdtempSync(join(tmpdir(), 'comanage-dist-'));
    roots.push(dist);
    writeFileSync(join(dist, 'electron'), '');
    const env = { ...DISPLAY, ELECTRON_OVERRIDE_DIST_PATH: dist };
    expect(electronLaunchDecision({ root, platform: 'linux', env })).toEqual({
      canRun: true,
      binary: join(dist, 'electron'),
    });
    rmSync(join(dist, 'electron'));
    expect(electronLaunchDecision({ root, platform: 'linux', env }).canRun).toBe(false);
  });
});

describe('planLaunch', () => {
  it('should start Electron on the project with the extra arguments when it can run', () => {
    const root = project({ pathTxt: 'electron', binary: 'electron' });
    const plan = planLaunch({ root, args: ['--port', '8080'], platform: 'linux', env: DISPLAY });
    expect(plan).toEqual({
      command: join(root, 'node_modules', 'electron', 'dist', 'electron'),
      args: ['.', '--port', '8080'],
      notice: null,
    });
  });

  it('should fall back to the web host with one explanatory line when Electron cannot run', () => {
    const root = project();
    const plan = planLaunch({
      root,
      args: ['--port', '8080'],
      execPath: '/usr/bin/node',
      platform: 'linux',
      env: DISPLAY,
    });
    expect(plan.command).toBe('/usr/bin/node');
    expect(plan.args).toEqual([join(root, 'out', 'main', 'cli.js'), 'serve', '--port', '8080']);
    expect(plan.notice).toBe(
      'Electron binary not installed (cannot download here) — starting the web host instead.',
    );
    expect(plan.notice).not.toContain('\n');
  });
});
