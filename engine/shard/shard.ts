import { userError } from '../errors/problem';

/** This process's part of a run split in `count` shards: shard `index` writes the chunks c with c mod count = index. */
export interface Shard {
  index: number;
  count: number;
}

/** `k/N` (0 ≤ k < N), as `--shard` takes it; a scheduler's completion index is k. */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!(count >= 1 && index < count)) {
    throw userError('SPEC_BAD_OPTION', `--shard "${text}" is not k/N with 0 ≤ k < N`, { hint: 'e.g. --shard 0/3, --shard 1/3 and --shard 2/3 for three machines' });
  }
  return { index, count };
}
