import type { CompiledSpec, CompiledTable } from '../compile/compileSpec';
import { UserError, type Problem } from '../errors/problem';
import type { PositionIndex } from '../spec/positions';
import type { Shard } from './shard';

/** How one shard treats one table. */
export interface TableShare {
  /** Why every chunk is generated here (later tables read the table, or its values depend on earlier chunks). */
  wholeBecause?: string;
  /** Does this shard generate chunk `chunk`? The chunks it does not are only counted, for row numbers. */
  computes(chunk: number): boolean;
  /** Does this shard write chunk `chunk`? */
  writes(chunk: number): boolean;
}

/** One process writing everything: the share of a run without `--shard`. */
export const UNSHARDED: TableShare = { computes: () => true, writes: () => true };

/**
 * Each table's share for `shard`. Chunk c of a table belongs to shard c mod N; a chunk's
 * rows come from its own streams, so they are the same whichever process makes them.
 * A table later tables read (parent, reference to kept columns, context query, link) is
 * generated whole by every shard, which keeps every read exact; tables nobody reads generate only their
 * chunks (the others are counted, not generated, for row numbers). A table marked
 * `shard: whole` is written by shard 0 alone. Throws where the spec
 * asks for `shard: split` on a table that must be generated whole (at its line, given `positions`).
 */
export function planShares(compiled: CompiledSpec, shard: Shard, positions?: PositionIndex): Map<string, TableShare> {
  const readers = readersOf(compiled);
  const problems: Problem[] = [];
  const shares = new Map<string, TableShare>();
  for (const table of compiled.tables.values()) {
    const wholeBecause = reasonToGenerateWhole(table, readers.get(table.name) ?? []);
    if (table.spec.shard === 'split' && wholeBecause) {
      problems.push({
        code: 'SPEC_BAD_OPTION',
        message: `table "${table.name}" cannot be split across shards: ${wholeBecause}, so every shard must generate all of it`,
        path: `tables.${table.name}.shard`,
        ...positions?.find(['tables', table.name, 'shard']),
        hint: 'remove shard: split; the table is then generated whole by every shard and each shard writes its own chunks',
      });
    }
    const ownChunk = (chunk: number) => chunk % shard.count === shard.index;
    const writes = table.spec.shard === 'whole' ? () => shard.index === 0 : ownChunk;
    const computes = wholeBecause === undefined ? writes : () => true;
    shares.set(table.name, { wholeBecause, computes, writes });
  }
  if (problems.length) throw new UserError(problems);
  return shares;
}

function reasonToGenerateWhole(table: CompiledTable, readers: string[]): string | undefined {
  if (readers.length) return `${readers.join(', ')} ${readers.length === 1 ? 'reads' : 'read'} it`;
  if (table.store.keptColumns.length) return `later tables read its columns ${table.store.keptColumns.join(', ')}`;
  const unique = Object.entries(table.spec.columns).find(([, column]) => column.unique === true);
  if (unique) return `its unique column "${unique[0]}" redraws values seen in earlier chunks`;
  if (table.noOverlap.length) return `its no_overlap rule redraws rows that overlap rows of earlier chunks`;
  return undefined;
}

/**
 * The tables whose generation reads each table's rows: as parent, plan, pair side,
 * context query or reference. A declared foreign key (`references:`) reads nothing. A
 * reference reads rows only through the columns it keeps (TableHandle.column); into a
 * table that keeps none (a `ref:` to a sequence key computes keys from the row index,
 * TableHandle.valueByIndex) it reads only the row count, which every shard counts.
 */
function readersOf(compiled: CompiledSpec): Map<string, string[]> {
  const readers = new Map<string, string[]>();
  for (const reader of compiled.tables.values()) {
    for (const [read, kind] of reader.edges) {
      const readTable = compiled.tables.get(read);
      if (!readTable) continue;
      if (kind === 'reference' && (declaresForeignKey(reader, read) || readTable.store.keptColumns.length === 0)) continue;
      readers.set(read, [...(readers.get(read) ?? []), `${kind === 'context' ? 'the context query of ' : ''}${reader.name}`]);
    }
  }
  return readers;
}

function declaresForeignKey(table: CompiledTable, referenced: string): boolean {
  return Object.values(table.spec.columns).some((column) => column.references?.split('.')[0] === referenced) || (table.spec.foreign_keys ?? []).some((key) => key.references.table === referenced);
}
