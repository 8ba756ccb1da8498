/**
 * Every socket read of a download allocates a fresh buffer that is garbage a moment later.
 * V8 collects such external memory only after tens of MB have piled up, so a long download
 * would hold ~30 MB of dead buffers. A young-generation collection every few MB frees them
 * while they are still young (a fraction of a millisecond each), keeping memory flat.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Collect = (options: { type: 'minor' | 'major' }) => void;
let collect: Collect | null | undefined;

export function collectYoungGarbage(): void {
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as Collect;
    } catch {
      collect = null;
    }
  }
  collect?.({ type: 'minor' });
}
