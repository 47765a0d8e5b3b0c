import type { MenuItemConstructorOptions } from 'electron';

import type { Locale } from '../shared';
import { SHELL_TEXT, tutorialUrl } from './shell-text';

export interface MenuSettings {
  readonly locale: Locale;
  /** Reload is a developer convenience: in a packaged build it would drop unsaved form input. */
  readonly isDev: boolean;
  readonly platform: NodeJS.Platform;
  /** Opens a URL in the system browser (callers pass the allow-listed opener). */
  readonly openLink: (url: string) => void;
}

/** File · View · Help, labelled in the assistant's language; actions use Electron's roles. */
export function buildMenuTemplate(settings: MenuSettings): MenuItemConstructorOptions[] {
  const text = SHELL_TEXT[settings.locale];
  const view: MenuItemConstructorOptions[] = [
    ...(settings.isDev
      ? [{ role: 'reload', label: text.reload } as const, { type: 'separator' } as const]
      : []),
    { role: 'zoomIn', label: text.zoomIn },
    { role: 'zoomOut', label: text.zoomOut },
    { role: 'resetZoom', label: text.resetZoom },
    { type: 'separator' },
    { role: 'togglefullscreen', label: text.toggleFullScreen },
  ];
  return [
    // macOS puts Quit in the application menu; the File menu then only exists elsewhere.
    ...(settings.platform === 'darwin' ? [{ role: 'appMenu' } as const] : []),
    { label: text.file, submenu: [{ role: 'quit', label: text.quit }] },
    { label: text.view, submenu: view },
    {
      label: text.help,
      role: 'help',
      submenu: [{ label: text.tutorial, click: () => settings.openLink(tutorialUrl(settings.locale)) }],
    },
  ];
}
