/** `runway auth set|status|remove`: keys in the config store (0600), never echoed or printed whole. */
import { ConfigStore } from '../../core/session/config.js';
import { AuthError, InterruptedError, UsageError } from '../../core/errors.js';
import { findKey, providerEnvVars, unsendableKeyReason } from '../../core/session/keys.js';
import { stateDirs } from '../../core/paths.js';
import { allProviders, findProvider } from '../../core/session/providers.js';
import { maskKey, registerSecret } from '../../core/redact.js';
import { printJson, printLine } from '../render/output.js';
import { formatTable } from '../render/table.js';
import type { HandlerContext } from '../handler.js';
import { compose, say } from '../render/terminal.js';
import { readStdin } from '../parse/stdin.js';

/** Reads a line from the terminal without echoing it. */
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

function looksWrong(provider: string, key: string): string | undefined {
  if (provider === 'runwayml' && !/^key_[0-9a-f]{128}$/i.test(key)) return 'Runway API keys look like key_ followed by 128 hex characters';
  return undefined;
}

export async function run({ args, options, preset }: HandlerContext): Promise<number> {
  const config = new ConfigStore(stateDirs().config);
  const user = config.userProviders();
  const action = preset.action as 'set' | 'status' | 'remove';

  if (action === 'set') {
    const provider = findProvider(args[0] as string, user);
    if (provider.inProcess) throw new UsageError('The simulator needs no key.');
    const raw = process.stdin.isTTY ? await promptHidden(`API key for ${provider.name} (input hidden): `) : await readStdin();
    const key = raw.trim();
    if (!key) throw new UsageError('No key given; nothing was stored.');
    if (/\s/.test(key)) throw new UsageError('The key contains whitespace; nothing was stored. Paste exactly one key.');
    registerSecret(key);
    const unsendable = unsendableKeyReason(key);
    if (unsendable)
      throw new AuthError(`Not stored: ${unsendable}.`, {
        hint: "Copy the key again from the provider's dashboard; it is plain letters, digits and punctuation.",
      });
    const doubt = looksWrong(provider.name, key);
    if (doubt) say(`runway: warning: ${doubt}; stored anyway.`);
    await config.storeKey(provider.name, key);
    say(`runway: stored the key for ${provider.name} (${maskKey(key)}) in ${config.path}`);
    return 0;
  }

  if (action === 'remove') {
    const provider = findProvider(args[0] as string, user);
    const removed = await config.removeKey(provider.name);
    say(removed ? `runway: removed the stored key for ${provider.name}` : `runway: no stored key for ${provider.name}`);
    return 0;
  }

  const rows = allProviders(user)
    .filter((p) => !p.inProcess)
    .map((p) => {
      const found = findKey(p, { env: process.env, stored: config.storedKey(p.name) });
      return {
        provider: p.name,
        source: found?.source ?? null,
        key: found ? maskKey(found.key) : null,
        envVars: [...providerEnvVars(p), 'RUNWAY_API_KEY'],
      };
    });
  if (options.json) {
    printJson(rows);
    return 0;
  }
  const table = formatTable(
    ['PROVIDER', 'SOURCE', 'KEY'],
    rows.map((row) => [row.provider, row.source ?? 'none', row.key ?? '-']),
  );
  for (const line of table) printLine(line);
  return 0;
}
