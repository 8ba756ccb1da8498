/** The command that makes a journaled job again: its model, prompt, seed, settings and inputs, quoted for a POSIX shell. */
import type { JobIntent } from '../journal/fold.js';

const quote = (text: string) => (/^[A-Za-z0-9_./:=@%+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);

const inputFlags: Record<string, string> = {
  image: '--image',
  lastFrame: '--last-frame',
  video: '--video',
  character: '--character',
};

const flagOf = (name: string) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

export function reproduceCommand(intent: JobIntent): string {
  const words = ['runway'];
  if (intent.endpoint !== undefined) {
    words.push('run', intent.endpoint);
    for (const [name, value] of Object.entries(intent.fields ?? {}))
      words.push('--param', `${name}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
    return words.map(quote).join(' ');
  }
  words.push('generate', '--model', intent.model);
  if (intent.prompt !== undefined) words.push('--prompt', intent.prompt);
  for (const [role, named] of Object.entries(intent.inputs)) {
    const flag =
      inputFlags[role] ??
      (role.startsWith('references.') ? '--reference' : role.startsWith('referenceVideos.') ? '--reference-video' : undefined);
    if (flag) words.push(flag, named);
  }
  if (intent.ratio !== undefined) words.push('--ratio', intent.ratio);
  if (intent.duration !== undefined) words.push('--duration', String(intent.duration));
  if (intent.seed !== undefined) words.push('--seed', String(intent.seed));
  for (const [name, value] of Object.entries(intent.extras ?? {})) {
    if (name === 'param' && value && typeof value === 'object')
      for (const [field, v] of Object.entries(value)) words.push('--param', `${field}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
    else if (value === true) words.push(flagOf(name));
    else if (value === false) words.push(name === 'explore' ? '--fast' : `--no-${flagOf(name).slice(2)}`);
    else if (value !== undefined) words.push(flagOf(name), typeof value === 'string' ? value : JSON.stringify(value));
  }
  return words.map(quote).join(' ');
}
