/** What `run` needs when it runs, gathered so that the command loads it in one import (the CLI's start-up loads none of it). */
export { compileSpec } from '../../compile/compileSpec';
export { loadSpec } from '../../spec/load';
export { confinedSpecOutput } from '../../spec/specOutput';
export { runCompiled } from '../../run/runCompiled';
export { runInWorkers } from '../../run/runInWorkers';
export { resolveTarget } from '../../targets/resolveTarget';
export { parseShard } from '../../shard/shard';
export { planShares } from '../../shard/shardPlan';
export { createProgress } from '../progress';
export { progressPlan } from '../progressPlan';
export { formatSummary } from '../summary';
