/** A user-facing fault in a spec or its inputs: a value with a code, a position and a hint. */
export interface Problem {
  code: ProblemCode;
  message: string;
  /** Spec path of the faulty node, e.g. `tables.orders.columns.customer_id.ref`. */
  path: string;
  file?: string;
  line?: number;
  col?: number;
  hint?: string;
}

/** Every user-error code; `docs/errors.md` documents each with an example. */
export type ProblemCode =
  | 'YAML_SYNTAX'
  | 'SPEC_FILE_NOT_FOUND'
  | 'SPEC_SCHEMA'
  | 'SPEC_UNKNOWN_KEY'
  | 'SPEC_NO_GENERATOR'
  | 'SPEC_MANY_GENERATORS'
  | 'SPEC_UNKNOWN_TABLE'
  | 'SPEC_UNKNOWN_COLUMN'
  | 'SPEC_UNKNOWN_PARAM'
  | 'SPEC_UNKNOWN_DATA'
  | 'SPEC_UNKNOWN_NAME'
  | 'SPEC_BAD_OPTION'
  | 'SPEC_BAD_EXPRESSION'
  | 'SPEC_BAD_DATE'
  | 'SPEC_TYPE_MISMATCH'
  | 'SPEC_CYCLE'
  | 'SPEC_BAD_OVERRIDE'
  | 'SPEC_UNSAFE_PATH'
  | 'SPEC_UNSAFE_SQL'
  | 'SPEC_BAD_NAME'
  | 'SPEC_TOO_COSTLY'
  | 'DATA_FILE_NOT_FOUND'
  | 'DATA_FILE_INVALID'
  | 'RUN_INFEASIBLE_UNIQUE'
  | 'RUN_TOO_MANY_ROWS'
  | 'RUN_CONSTRAINT'
  | 'RUN_BAD_VALUE'
  | 'RUN_INTERRUPTED'
  | 'RUN_QUERY_TIMEOUT'
  | 'TARGET_UNREACHABLE'
  | 'TARGET_WRITE_FAILED'
  | 'TARGET_NOT_OURS'
  | 'SOURCE_UNREACHABLE'
  | 'SOURCE_NO_TABLE';

/** Thrown to stop at a user error; carries every problem found so far. */
export class UserError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => `${p.code}: ${p.message}`).join('\n'));
  }
}

export function userError(code: ProblemCode, message: string, extra: Partial<Problem> = {}): UserError {
  return new UserError([{ code, message, path: '', ...extra }]);
}
