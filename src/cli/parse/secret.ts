/** A key read from stdin, or from the terminal without echoing it. */
import { InterruptedError } from '../../core/errors.js';
import { compose, say } from '../render/terminal.js';
import { readStdin } from './stdin.js';

function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(compose([question]));
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  let value = '';
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      say('');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (text: string) => {
      for (const ch of text) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003' || ch === '\u0004') return done(new InterruptedError('Cancelled; nothing was stored.'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

export function readSecret(question: string): Promise<string> {
  return process.stdin.isTTY ? promptHidden(question) : readStdin();
}
