import type { Locale } from '../shared';

/**
 * The few strings the shell itself shows. Electron draws the application menu natively, so the
 * renderer's catalogues cannot reach it; this table is small enough to live beside the menu.
 */
export interface ShellText {
  readonly file: string;
  readonly quit: string;
  readonly view: string;
  readonly reload: string;
  readonly zoomIn: string;
  readonly zoomOut: string;
  readonly resetZoom: string;
  readonly toggleFullScreen: string;
  readonly help: string;
  readonly tutorial: string;
  /** The error text returned to a frame that is not our renderer (it should never be seen). */
  readonly forbiddenSender: string;
}

export const SHELL_TEXT: Readonly<Record<Locale, ShellText>> = {
  en: {
    file: '&File',
    quit: 'Quit',
    view: '&View',
    reload: 'Reload',
    zoomIn: 'Zoom In',
    zoomOut: 'Zoom Out',
    resetZoom: 'Actual Size',
    toggleFullScreen: 'Toggle Full Screen',
    help: '&Help',
    tutorial: 'Co-management tutorial (Microsoft Learn)',
    forbiddenSender:
      'This page is not allowed to use the assistant. Close it and continue in the main window.',
  },
  fr: {
    file: '&Fichier',
    quit: 'Quitter',
    view: '&Affichage',
    reload: 'Actualiser',
    zoomIn: 'Zoom avant',
    zoomOut: 'Zoom arrière',
    resetZoom: 'Taille réelle',
    toggleFullScreen: 'Plein écran',
    help: 'Aid&e',
    tutorial: 'Tutoriel de cogestion (Microsoft Learn)',
    forbiddenSender:
      "Cette page n'est pas autorisée à utiliser l'assistant. Fermez-la et continuez dans la fenêtre principale.",
  },
  nl: {
    file: '&Bestand',
    quit: 'Afsluiten',
    view: 'B&eeld',
    reload: 'Opnieuw laden',
    zoomIn: 'Inzoomen',
    zoomOut: 'Uitzoomen',
    resetZoom: 'Werkelijke grootte',
    toggleFullScreen: 'Volledig scherm',
    help: '&Help',
    tutorial: 'Zelfstudie co-beheer (Microsoft Learn)',
    forbiddenSender:
      'Deze pagina mag de assistent niet gebruiken. Sluit ze en ga verder in het hoofdvenster.',
  },
};

const TUTORIAL_PATH = '/intune/configmgr/comanage/tutorial-co-manage-new-devices';
const LEARN_LOCALE: Readonly<Record<Locale, string>> = { en: 'en-us', fr: 'fr-fr', nl: 'nl-nl' };

/** The Microsoft Learn co-management tutorial for new internet-based devices, in the admin's language. */
export function tutorialUrl(locale: Locale): string {
  return `https://learn.microsoft.com/${LEARN_LOCALE[locale]}${TUTORIAL_PATH}`;
}
