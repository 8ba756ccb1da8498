/**
 * One operation on the OS keyring (macOS Keychain, Windows Credential Manager, the Secret Service),
 * run as a child process by keyring.ts so that a keyring that hangs (locked, no agent) can be cut
 * off after its time: `node keyring-child.js get|set|delete <service> <account>`, the secret on
 * stdin, a JSON answer on stdout. Never prints a secret but the one asked for.
 */
import { AsyncEntry } from '@napi-rs/keyring';

async function stdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function main(): Promise<void> {
  const [op, service, account] = process.argv.slice(2);
  if (!service || !account) throw new Error('usage: get|set|delete <service> <account>');
  const entry = new AsyncEntry(service, account);
  if (op === 'get') return void process.stdout.write(JSON.stringify({ ok: true, value: await entry.getPassword() }));
  if (op === 'set') {
    await entry.setPassword(await stdin());
    return void process.stdout.write(JSON.stringify({ ok: true, value: null }));
  }
  if (op === 'delete') return void process.stdout.write(JSON.stringify({ ok: true, value: String(await entry.deletePassword()) }));
  throw new Error(`unknown operation ${op}`);
}

main().catch((error: unknown) => {
  process.stdout.write(JSON.stringify({ ok: false, reason: error instanceof Error ? error.message : String(error) }));
});
