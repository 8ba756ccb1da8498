/** `runway upload <file>`: prints the URI (runway:// or https) to pass as --image / --video. */
import { UsageError } from '../../core/errors.js';
import { inspectLocalFile } from '../../core/inputs/media.js';
import { uploadFile } from '../../core/inputs/upload.js';
import { withSession } from '../session/with-session.js';
import { printJson, printLine } from '../render/output.js';
import type { HandlerContext } from '../handler.js';

export async function run({ args, options }: HandlerContext): Promise<number> {
  const path = args[0] as string;
  return withSession(options, async ({ session, mode, reporter }) => {
    const { adapter, preset } = session.provider;
    if (!adapter.upload || !preset.features.upload) {
      throw new UsageError(`${preset.name} has no upload endpoint.`, {
        hint: 'Providers with uploads: runwayml, openai-hk-legacy, openai-core (see `runway providers`).',
      });
    }
    const file = await inspectLocalFile(path, 'any', 'upload', adapter.upload.maxBytes, adapter.upload.minBytes);
    const uri = await uploadFile(session, file);
    reporter.stop();
    if (mode.json) printJson({ file: path, bytes: file.bytes, mime: file.mime, provider: session.name, uri });
    else printLine(uri);
    return 0;
  });
}
