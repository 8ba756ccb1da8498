/** `--open`: the page in the desktop's browser (xdg-open, open, start), without waiting for it; never an error. */
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';

export function openInBrowser(page: string): boolean {
  const url = pathToFileURL(page).href;
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}
