import type { Knex } from 'knex';

export type { Knex };

/**
 * Knex made when a SQL target opens, not when the engine loads: requiring it (with lodash)
 * took about a tenth of a second of every command's start-up, `--help` and `validate` included.
 */
export function knexFactory(config: Knex.Config): Knex {
  const knex = require('knex') as typeof import('knex');
  return knex.knex(config);
}
