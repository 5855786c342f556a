import { PluginOptionError } from '../../../engine/contract';

/** Runs `compile`, re-throwing its option errors as faults of the option at `at` (so the engine points at that line). */
export function atOption<T>(at: (string | number)[], compile: () => T): T {
  try {
    return compile();
  } catch (err) {
    if (err instanceof PluginOptionError) throw err.under([...at]);
    throw err;
  }
}
