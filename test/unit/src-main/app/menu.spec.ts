import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';

import { buildMenuTemplate, type MenuSettings } from '/@/src-main/app/menu';
import { isAllowedExternalUrl } from '/@/src-main/app/security-restrictions';
import { SHELL_TEXT, tutorialUrl } from '/@/src-main/app/shell-text';
import { LOCALES } from '/@/src-main/shared';

const BASE: MenuSettings = { locale: 'en', isDev: false, platform: 'win32', openLink: () => undefined };

function submenu(item: MenuItemConstructorOptions | undefined): MenuItemConstructorOptions[] {
  return (item?.submenu ?? []) as MenuItemConstructorOptions[];
}

describe('buildMenuTemplate', () => {
  it('should label File, View and Help in French when the assistant runs in French', () => {
    const [file, view, help] = buildMenuTemplate({ ...BASE, locale: 'fr' });
    expect([file?.label, view?.label, help?.label]).toEqual(['&Fichier', '&Affichage', 'Aid&e']);
    expect(submenu(file)[0]).toMatchObject({ role: 'quit', label: 'Quitter' });
    expect(submenu(view).map((item) => item.label ?? item.type)).toEqual([
      'Zoom avant',
      'Zoom arrière',
      'Taille réelle',
      'separator',
      'Plein écran',
    ]);
    expect(submenu(help)[0]?.label).toBe('Tutoriel de cogestion (Microsoft Learn)');
  });

  it('should label the menu in Dutch when the assistant runs in Dutch', () => {
    const [file, view] = buildMenuTemplate({ ...BASE, locale: 'nl' });
    expect(file?.label).toBe('&Bestand');
    expect(submenu(file)[0]?.label).toBe('Afsluiten');
    expect(submenu(view)[0]?.label).toBe('Inzoomen');
  });

  it('should have a label for every entry in every language when the table is read', () => {
    for (const locale of LOCALES) {
      for (const [key, value] of Object.entries(SHELL_TEXT[locale])) {
        expect(value.trim(), `${locale}.${key}`).not.toBe('');
      }
      expect(Object.keys(SHELL_TEXT[locale]).sort()).toEqual(Object.keys(SHELL_TEXT.en).sort());
    }
  });

  it('should offer reload only when running unpackaged', () => {
    const roles = (isDev: boolean) =>
      submenu(buildMenuTemplate({ ...BASE, isDev })[1]).map((item) => item.role);
    expect(roles(false)).not.toContain('reload');
    expect(roles(false)).not.toContain('forceReload');
    expect(roles(true)[0]).toBe('reload');
  });

  it('should never offer developer tools when packaged', () => {
    const all = JSON.stringify(buildMenuTemplate(BASE));
    expect(all).not.toMatch(/toggleDevTools|toggledevtools/i);
  });

  it('should open the localized tutorial externally when its Help entry is clicked', () => {
    const openLink = vi.fn();
    const help = buildMenuTemplate({ ...BASE, locale: 'nl', openLink })[2];
    const click = submenu(help)[0]?.click as () => void;
    click();
    expect(openLink).toHaveBeenCalledWith(tutorialUrl('nl'));
    expect(tutorialUrl('nl')).toContain('/nl-nl/');
  });

  it('should point at an allow-listed page when the tutorial URL is built for any language', () => {
    for (const locale of LOCALES) expect(isAllowedExternalUrl(tutorialUrl(locale))).toBe(true);
  });

  it('should start with the application menu when running on macOS', () => {
    expect(buildMenuTemplate({ ...BASE, platform: 'darwin' })[0]).toEqual({ role: 'appMenu' });
    expect(buildMenuTemplate(BASE)[0]?.role).not.toBe('appMenu');
  });
});
