/**
 * Finding the job of one task without folding the whole journal: the file is read backwards
 * from its end until the task's record turns up, then only that job's records are gathered
 * (back to its intent, on to the end). A task created recently costs a read of the journal's
 * tail, whatever its size; chunks without the sought bytes are skipped without splitting them
 * into lines.
 */
import { fstatSync, readSync } from 'node:fs';
import { foldJournal, type JobRecord, type JournalEntry } from './fold.js';

const chunkBytes = 1 << 20;

interface Found {
  entry: JournalEntry;
  /** Offset of the line's first byte. */
  at: number;
}

function parse(line: string): JournalEntry | undefined {
  try {
    const value = JSON.parse(line) as JournalEntry;
    return value && typeof value === 'object' && typeof value.job === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Lines holding `needle` between `from` and `to`, last first, until `visit` says stop. */
function scanBackward(fd: number, from: number, to: number, needle: Buffer, visit: (found: Found) => boolean): void {
  let end = to;
  let carry = Buffer.alloc(0);
  while (end > from) {
    const start = Math.max(from, end - chunkBytes);
    const read = Buffer.allocUnsafe(end - start);
    readSync(fd, read, 0, read.length, start);
    const data = carry.length > 0 ? Buffer.concat([read, carry]) : read;
    // The first line may begin in the chunk before: keep it for the next round.
    const cut = start === from ? 0 : data.indexOf(0x0a) + 1;
    if (start > from && cut === 0) {
      carry = data;
      end = start;
      continue;
    }
    carry = Buffer.from(data.subarray(0, cut));
    const body = data.subarray(cut);
    if (body.indexOf(needle) >= 0) {
      for (let lineEnd = body.length; lineEnd > 0;) {
        const lineStart = body.lastIndexOf(0x0a, lineEnd - 1) + 1;
        const line = body.subarray(lineStart, lineEnd);
        if (line.indexOf(needle) >= 0) {
          const entry = parse(line.toString('utf8'));
          if (entry && visit({ entry, at: start + cut + lineStart })) return;
        }
        lineEnd = lineStart - 1;
      }
    }
    end = start;
  }
}

/** The newest job whose task is `taskId`, from the journal open on `fd`. */
export function jobOfTask(fd: number, taskId: string): JobRecord | undefined {
  const size = fstatSync(fd).size;
  let created: Found | undefined;
  scanBackward(fd, 0, size, Buffer.from(`"taskId":"${taskId}"`), (found) => {
    const { entry } = found;
    if ((entry.type === 'created' || entry.type === 'intent') && entry.taskId === taskId) created = found;
    return created !== undefined;
  });
  if (!created) return undefined;
  const job = created.entry.job;
  const needle = Buffer.from(`"job":"${job}"`);
  const before: JournalEntry[] = [];
  if (created.entry.type !== 'intent') {
    scanBackward(fd, 0, created.at, needle, ({ entry }) => {
      if (entry.job === job) before.unshift(entry);
      return entry.job === job && entry.type === 'intent';
    });
  }
  const after: JournalEntry[] = [created.entry];
  scanBackward(fd, created.at + 1, size, needle, ({ entry }) => {
    if (entry.job === job && entry !== created?.entry) after.splice(1, 0, entry);
    return false;
  });
  return foldJournal([...before, ...after]).find((record) => record.job === job);
}
