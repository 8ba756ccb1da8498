/** A job whose task exists, as waiting for it and saving its outputs need it. */
import type { JobIntent, PlannedOutput, SavedFile } from '../journal/fold.js';

export interface JobRef {
  job: string;
  taskId: string;
  intent: JobIntent;
  createdAt: Date;
  /** Output plan from an earlier run, so a resumed download continues the same .part file. */
  outputs?: (PlannedOutput & { saved?: SavedFile | undefined })[];
  /** Just created: the provider may not know the id yet, and there is no point polling at once. */
  fresh?: boolean;
  /** The user named a new place (`watch --out`): unsaved outputs follow the intent, not the old plan. */
  replan?: boolean;
}
