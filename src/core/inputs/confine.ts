/**
 * Local inputs confined to roots, for front ends driven by someone other than the user (an agent
 * over MCP): a path is taken relative to the first root, and must be — after every symbolic link
 * is followed — a regular file inside one of the roots. Anything else is refused before a byte of
 * it is read, naming the rule. URLs, data URIs, runway:// uploads and task:<id> are not files and
 * pass as they are.
 */
import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { UsageError } from '../errors.js';
import type { MediaRef } from '../../providers/media-ref.js';

export class Roots {
  /** Each root as given and as it really is (links followed). */
  private readonly real: string[];

  constructor(readonly given: readonly string[]) {
    if (given.length === 0) throw new Error('internal: no roots');
    this.real = given.map((root) => {
      try {
        return realpathSync(resolve(root));
      } catch {
        return resolve(root);
      }
    });
  }

  private inside(path: string): boolean {
    return this.real.some((root) => {
      const rel = relative(root, path);
      return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
    });
  }

  private refuse(flag: string, text: string, why: string): never {
    throw new UsageError(
      `${flag} ${text}: ${why}. Local inputs must be regular media files under ${this.given.join(', ')}; nothing was read or sent.`,
    );
  }

  /** A local file as a path under the roots (absolute, links followed), or the refusal. */
  file(flag: string, text: string): string {
    const path = resolve(this.given[0] as string, text);
    if (!this.inside(path)) this.refuse(flag, text, 'it is outside the allowed roots');
    let real: string;
    try {
      real = realpathSync(path);
    } catch {
      this.refuse(flag, text, 'no such file');
    }
    if (!this.inside(real)) this.refuse(flag, text, 'it leads (through a symbolic link) outside the allowed roots');
    const info = statSync(real);
    if (!info.isFile())
      this.refuse(flag, text, info.isDirectory() ? 'it is a directory' : 'it is not a regular file (a device, fifo or socket)');
    return real;
  }

  /** A media input with its local path confined; anything that is not a local file as it is. */
  media(flag: string, ref: MediaRef): MediaRef {
    return ref.kind === 'file' ? { kind: 'file', path: this.file(flag, ref.path) } : ref;
  }
}
