export {
  type MessageKey,
  type MessageParams,
  Translator,
  UI_CATALOGUES,
  UI_LOCALES,
} from './translator.svelte';
