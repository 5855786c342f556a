import { PluginOptionError, type ColumnType, type OptionsSchema } from '../../../engine/contract';

export interface ClampOptions {
  min?: number;
  max?: number;
}

export interface RoundOption {
  round?: number;
}

export const CLAMP_OPTIONS: Record<string, OptionsSchema> = {
  min: { type: 'number', description: 'Lowest value: smaller draws are raised to it (clamped).', examples: [0] },
  max: { type: 'number', description: 'Highest value: larger draws are lowered to it (clamped).', examples: [1000] },
};

export const ROUND_OPTION: Record<string, OptionsSchema> = {
  round: {
    type: 'integer',
    minimum: 0,
    maximum: 12,
    description: 'Decimals to keep after clamping; 0 gives whole numbers. Integer columns round to 0 when this is not set.',
    examples: [0, 2],
  },
};

/**
 * Wraps a draw with the optional clamps and rounding, specialised at compile time
 * so a plain draw stays a plain draw. Throws when min > max.
 */
export function shapeDraws(draw: () => number, options: ClampOptions & RoundOption, columnType: ColumnType): () => number {
  const lo = options.min ?? -Infinity;
  const hi = options.max ?? Infinity;
  if (lo > hi) throw new PluginOptionError(`min (${lo}) is greater than max (${hi})`, 'swap min and max', ['min']);
  const clamped = lo === -Infinity && hi === Infinity ? draw : () => Math.min(hi, Math.max(lo, draw()));
  const decimals = options.round ?? (columnType === 'integer' ? 0 : undefined);
  if (decimals === undefined) return clamped;
  // `+ 0` turns Math.round's -0 into 0, which SQLite would otherwise store as -0.0.
  if (decimals === 0) return () => Math.round(clamped()) + 0;
  const factor = 10 ** decimals;
  return () => Math.round(clamped() * factor) / factor + 0;
}
