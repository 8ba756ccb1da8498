/**
 * Ctrl-C and SIGTERM abort the running operation through an AbortSignal, so the core can
 * record what it knows and print the resume command. A second Ctrl-C exits at once.
 */
import { setMaxListeners } from 'node:events';
import { InterruptedError } from '../../core/errors.js';

export interface Interrupt {
  signal: AbortSignal;
  dispose(): void;
}

export function onInterrupt(): Interrupt {
  const controller = new AbortController();
  // Every concurrent job (batch) waits on this one signal.
  setMaxListeners(0, controller.signal);
  const handler = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort(new InterruptedError(`Interrupted (${signal}).`));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
