import { InternalError } from '../../core/errors.js';
import type { HandlerContext } from '../program.js';

export async function run(_context: HandlerContext): Promise<number> {
  throw new InternalError('not implemented yet');
}
