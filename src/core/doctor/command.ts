/** `runway doctor`: every check, the network ones unless --offline; all well when none is a problem. */
import { ConfigStore } from '../session/config.js';
import { stateDirs } from '../paths.js';
import { JobLocks } from '../journal/job-lock.js';
import { openJournal } from '../journal/journal.js';
import { diskCheck, ffmpegCheck, journalCheck, keyChecks, nodeCheck, providersToReach, proxyCheck, type Check } from './checks.js';
import { reachCheck } from './reach.js';

export interface DoctorOutcome {
  checks: Check[];
  ok: boolean;
}

export async function doctorCommand(ask: { offline: boolean; out?: string | undefined }): Promise<DoctorOutcome> {
  const config = new ConfigStore(stateDirs().config);
  const checks: Check[] = [nodeCheck(), ffmpegCheck(), ...keyChecks(config)];
  if (ask.offline) checks.push({ name: 'reach', status: 'skipped', detail: '--offline: no provider was asked' });
  else for (const provider of providersToReach(config)) checks.push(await reachCheck(config, provider));
  checks.push(journalCheck(openJournal(), new JobLocks(stateDirs().state)), await diskCheck(config, ask.out), proxyCheck());
  return { checks, ok: !checks.some((c) => c.status === 'problem') };
}
