/**
 * Text bound for a terminal: keys redacted, and control characters made inert. Server text (a
 * gateway's failure message, an error body) and prompts can carry ESC sequences that would
 * recolour, move the cursor or retitle the user's terminal.
 */
import { redact } from '../../core/redact.js';

const oneLine = /[\u0000-\u001f\u007f-\u009f]/g;
const keepNewlines = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;

export function terminalText(text: string, options: { multiline?: boolean } = {}): string {
  return redact(text).replace(options.multiline ? keepNewlines : oneLine, ' ');
}
