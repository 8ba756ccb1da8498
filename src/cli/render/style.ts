/** Colour only on a terminal, never with NO_COLOR or TERM=dumb. */

const codes = { red: 31, yellow: 33, green: 32, dim: 2, bold: 1, cyan: 36 } as const;

export function colorEnabled(stream: NodeJS.WriteStream = process.stderr): boolean {
  return stream.isTTY === true && !('NO_COLOR' in process.env) && process.env.TERM !== 'dumb';
}

export function paint(text: string, color: keyof typeof codes, stream: NodeJS.WriteStream = process.stderr): string {
  return colorEnabled(stream) ? `\u001b[${codes[color]}m${text}\u001b[0m` : text;
}
