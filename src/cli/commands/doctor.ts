/** `runway doctor [--offline] [--out dir] [--json]`: what works here, and what to do about what does not. Exit 0 when all is well, 1 otherwise. */
import { doctorCommand } from '../../core/doctor/command.js';
import { renderDoctor } from '../views/doctor.js';
import type { HandlerContext } from '../handler.js';

export async function run({ options }: HandlerContext<{ offline?: boolean; out?: string; json?: boolean }>): Promise<number> {
  return renderDoctor(await doctorCommand({ offline: options.offline === true, out: options.out }), options.json === true);
}
