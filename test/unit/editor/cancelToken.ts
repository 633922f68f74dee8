import type { CancelToken } from '../../../src/notebook/kernel';

/** A token the test cancels by hand, like vscode.CancellationTokenSource. */
export function tokenSource() {
  const listeners: (() => void)[] = [];
  const token: CancelToken & { isCancellationRequested: boolean } = {
    isCancellationRequested: false,
    onCancellationRequested(l) {
      listeners.push(l);
      return { dispose: () => listeners.splice(listeners.indexOf(l), 1) };
    },
  };
  return { token, cancel: () => { token.isCancellationRequested = true; [...listeners].forEach((l) => l()); } };
}
