import type { ForkOptions } from 'electron';

import type { LaunchedProcess, NodeProcessLauncher, ProcessEnd } from '../rehearsal';

/** What the launcher needs of an Electron `UtilityProcess` (the real one, or a fake in tests). */
export interface UtilityProcessChild {
  readonly pid: number | undefined;
  readonly stderr: NodeJS.ReadableStream | null;
  kill(): boolean;
  once(event: 'exit', listener: (code: number) => void): unknown;
}

/** Electron's `utilityProcess` module, passed in so that tests can hand over a fake. */
export interface UtilityProcessPort {
  fork(modulePath: string, args?: string[], options?: ForkOptions): UtilityProcessChild;
}

export interface UtilityProcessLauncherOptions {
  /** Shown as the process name in `app.getAppMetrics()` and `child-process-gone`. */
  readonly serviceName: string;
  /** Kills a process outright by pid (default: `process.kill(pid, 'SIGKILL')`). */
  readonly killPid?: (pid: number) => void;
}

/**
 * Runs Node modules (Azurite) as Electron utility processes. In the packaged app
 * `process.execPath` is the app itself and the `runAsNode` fuse is off, so a plain
 * `spawn(process.execPath, …)` cannot run Node; a utility process can, and Electron ends it
 * with the app, which the IPC trick of the default launcher does for plain Node children.
 * Must be called after the app is ready (`utilityProcess.fork` refuses earlier).
 */
export function utilityProcessLauncher(
  utilityProcess: UtilityProcessPort,
  options: UtilityProcessLauncherOptions,
): NodeProcessLauncher {
  const killPid = options.killPid ?? ((pid: number) => process.kill(pid, 'SIGKILL'));
  return (modulePath, args, { cwd }): LaunchedProcess => {
    // The utility process sees `process.argv` as [execPath, modulePath, ...args], as Node does.
    const child = utilityProcess.fork(modulePath, [...args], {
      cwd,
      // stdin can only be 'ignore'; stderr is piped for the start-up problem text.
      stdio: ['ignore', 'ignore', 'pipe'],
      serviceName: options.serviceName,
    });
    let exited = false;
    const ended = new Promise<ProcessEnd>((resolvePromise) => {
      // Electron emits 'exit' after every end, a fatal 'error' included.
      child.once('exit', (code) => {
        exited = true;
        resolvePromise({ code });
      });
    });
    return {
      get pid() {
        return child.pid;
      },
      stderr: child.stderr,
      ended,
      kill: (force = false) => {
        if (exited) return;
        const pid = child.pid;
        if (force && pid !== undefined) {
          try {
            killPid(pid);
          } catch {
            // Gone between the check and the kill: nothing left to stop.
          }
          return;
        }
        child.kill();
      },
    };
  };
}
