/**
 * vitest global setup: the whole run (its workers and every binary they start) gets a HOME and
 * XDG folders of its own, so nothing a test does can touch the real home directory, even by
 * mistake. Removed at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const home = mkdtempSync(join(tmpdir(), 'runway-test-home-'));
  process.env.HOME = home;
  process.env.XDG_CONFIG_HOME = join(home, '.config');
  process.env.XDG_STATE_HOME = join(home, '.local', 'state');
  return () => rmSync(home, { recursive: true, force: true });
}
