/**
 * Which share of the inputs this process handles when it runs as one task
 * of an array job (Slurm job arrays, Kubernetes Indexed Jobs, or flags).
 */
export interface TaskShare {
  index: number;
  count: number;
  /** Where the numbers came from, for messages and the manifest. */
  from: 'single' | 'flags' | 'slurm' | 'kubernetes';
}

export interface TaskFlags {
  taskIndex?: number;
  taskCount?: number;
}

function wholeNumber(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

/**
 * Flags win over the environment. Slurm: `SLURM_ARRAY_TASK_ID` minus
 * `SLURM_ARRAY_TASK_MIN` (arrays need not start at 0) of
 * `SLURM_ARRAY_TASK_COUNT`. Kubernetes Indexed Jobs: `JOB_COMPLETION_INDEX`,
 * with the count from `--task-count` (the pod is not told the completions).
 * Returns an error message for inconsistent numbers.
 */
export function resolveTaskShare(flags: TaskFlags, env: NodeJS.ProcessEnv): TaskShare | { error: string } {
  let share: TaskShare = { index: 0, count: 1, from: 'single' };
  const slurmId = wholeNumber(env['SLURM_ARRAY_TASK_ID']);
  const slurmCount = wholeNumber(env['SLURM_ARRAY_TASK_COUNT']);
  const k8sIndex = wholeNumber(env['JOB_COMPLETION_INDEX']);
  if (slurmId !== undefined && slurmCount !== undefined) {
    const min = wholeNumber(env['SLURM_ARRAY_TASK_MIN']) ?? 0;
    share = { index: slurmId - min, count: slurmCount, from: 'slurm' };
  } else if (k8sIndex !== undefined) {
    if (flags.taskCount === undefined) {
      return { error: 'JOB_COMPLETION_INDEX is set (Kubernetes Indexed Job): pass --task-count N, the number of completions' };
    }
    share = { index: k8sIndex, count: flags.taskCount, from: 'kubernetes' };
  }
  if (flags.taskIndex !== undefined || flags.taskCount !== undefined) {
    share = {
      index: flags.taskIndex ?? (share.from === 'single' ? 0 : share.index),
      count: flags.taskCount ?? share.count,
      from: share.from === 'kubernetes' && flags.taskIndex === undefined ? 'kubernetes' : 'flags',
    };
  }
  if (share.count < 1) return { error: `task count must be at least 1 (got ${share.count})` };
  if (share.index < 0 || share.index >= share.count) {
    return { error: `task index ${share.index} is outside 0..${share.count - 1}` };
  }
  return share;
}

/** The inputs of one task: the sorted inputs i, i+N, i+2N, … — the same on every machine. */
export function taskInputs<T>(sortedInputs: readonly T[], share: TaskShare): T[] {
  if (share.count === 1) return [...sortedInputs];
  return sortedInputs.filter((_, position) => position % share.count === share.index);
}

/** File names of a task's outputs, so all tasks can share one folder. */
export function taskFileNames(share: TaskShare): { shardPrefix: string; manifest: string; journal: string } {
  if (share.count === 1) return { shardPrefix: 'part', manifest: 'manifest.json', journal: '.journal.jsonl' };
  const task = String(share.index).padStart(5, '0');
  return { shardPrefix: `part-t${task}`, manifest: `manifest-t${task}.json`, journal: `.journal-t${task}.jsonl` };
}
