/** The doctor's checks: one line each (and what to do, where something is wrong), or JSON. */
import { printJson, printLine } from '../render/output.js';
import type { DoctorOutcome } from '../../core/doctor/command.js';

const marks = { ok: 'ok     ', warn: 'warn   ', problem: 'PROBLEM', skipped: '-      ' } as const;

export function renderDoctor(outcome: DoctorOutcome, json: boolean): number {
  if (json) printJson(outcome);
  else {
    for (const check of outcome.checks) {
      printLine(`${marks[check.status]}  ${check.name}: ${check.detail}`);
      if (check.hint && check.status !== 'ok') printLine(`         → ${check.hint}`);
    }
    printLine(outcome.ok ? 'all well.' : 'some checks found problems (see → above).');
  }
  return outcome.ok ? 0 : 1;
}
