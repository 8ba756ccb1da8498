/** `runway upload <file>`: prints the URI (runway:// or https) to pass as --image / --video. */
import { uploadCommand } from '../../core/inputs/upload.js';
import { parseBase } from '../parse/session.js';
import { withSession } from '../session/with-session.js';
import { renderUpload } from '../views/task.js';
import type { HandlerContext } from '../handler.js';
import type { ProviderFlags } from '../options/flags.js';

export async function run({ args, options }: HandlerContext<ProviderFlags>): Promise<number> {
  const base = parseBase(options);
  return renderUpload(await withSession(base, ({ session }) => uploadCommand(session, args[0] as string)), base.mode);
}
