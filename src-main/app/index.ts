// The Electron shell. Nothing imports this module: main.ts and preload.ts are build entries.
// The exports exist for the shell's own tests and for reviewers looking for the policy.
export { registerIpcBridge, senderRefusal } from './ipc-bridge';
export { EVENT_CHANNEL, INVOKE_CHANNEL } from './ipc-channels';
export { type ElectronPorts, MainApp, type MainAppOptions } from './main-app';
export { buildMenuTemplate } from './menu';
export {
  CONTENT_SECURITY_POLICY,
  EXTERNAL_ORIGINS,
  hardenSession,
  installWebContentsRestrictions,
  isAllowedExternalUrl,
  isOwnRendererUrl,
  restrictWebContents,
} from './security-restrictions';
export { SHELL_TEXT, tutorialUrl } from './shell-text';
export {
  type UtilityProcessChild,
  utilityProcessLauncher,
  type UtilityProcessLauncherOptions,
  type UtilityProcessPort,
} from './utility-process';
export { createMainWindow } from './window';
