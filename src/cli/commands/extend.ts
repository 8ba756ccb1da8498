/** `runway extend <task-id | video-file>`: continue a clip (natively, or from its last frame), n times, and join the film. */
import { extendCommand } from '../../core/extend/command.js';
import { parseExtend, type ExtendFlags } from '../parse/extend.js';
import { withSession } from '../session/with-session.js';
import { renderExtend } from '../views/extend.js';
import type { HandlerContext } from '../handler.js';

export async function run(context: HandlerContext<ExtendFlags>): Promise<number> {
  const { base, ask } = await parseExtend(context);
  return renderExtend(await withSession(base, ({ session }) => extendCommand(session, ask)), base.mode);
}
