/**
 * The one way to the terminal. Every line meant for a person is composed here from pieces:
 * plain strings are text from anywhere (server failure messages, prompts, file names) and are
 * made inert first (keys redacted, control characters replaced), and only then are the styled
 * pieces coloured: so the only escape sequences that reach the terminal are the ones made here,
 * and only when the stream is a colour terminal and NO_COLOR is unset.
 */
import { redact } from '../../core/redact.js';

const sgr = { red: [31, 39], yellow: [33, 39], green: [32, 39], cyan: [36, 39], dim: [2, 22], bold: [1, 22] } as const;
export type Style = keyof typeof sgr;

export interface Styled {
  text: string;
  style: Style;
}

/** Text, possibly from a server or a user, styled once it has been made inert. */
export type Piece = string | Styled;

export function styled(text: string, style: Style): Styled {
  return { text, style };
}

const oneLine = /[\u0000-\u001f\u007f-\u009f]/g;
const keepNewlines = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;

/** Keys redacted and control characters (ESC, BEL, C1…) made harmless spaces. */
export function inert(text: string, options: { multiline?: boolean } = {}): string {
  return redact(text).replace(options.multiline ? keepNewlines : oneLine, ' ');
}

export function colorEnabled(stream: NodeJS.WriteStream = process.stderr): boolean {
  return stream.isTTY === true && !('NO_COLOR' in process.env) && process.env.TERM !== 'dumb';
}

export function compose(pieces: readonly Piece[], options: { multiline?: boolean; stream?: NodeJS.WriteStream } = {}): string {
  const color = colorEnabled(options.stream);
  return pieces
    .map((piece) => {
      if (typeof piece === 'string') return inert(piece, options);
      const text = inert(piece.text, options);
      const [on, off] = sgr[piece.style];
      return color ? `\u001b[${on}m${text}\u001b[${off}m` : text;
    })
    .join('');
}

/** One line on stderr (progress, warnings, errors). */
export function say(...pieces: Piece[]): void {
  process.stderr.write(`${compose(pieces, { multiline: true })}\n`);
}

/** One result on stdout (paths, the fields of `status`, tables, a dry run's request): newlines kept. */
export function show(...pieces: Piece[]): void {
  process.stdout.write(`${compose(pieces, { multiline: true, stream: process.stdout })}\n`);
}
