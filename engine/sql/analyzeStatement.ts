import type { Program } from 'sql-parser-cst';
import { CAST_TYPE_NAMES, CLOCK_WORDS, isAllowedFunction, SQLITE_DATE_FUNCTIONS } from './functionAllowlist';
import { suggestName } from '../spec/suggest';
import type { SqlDialect } from './sqlDialect';
import { SqlRefusal } from './sqlRefusal';
import type { SqlNode } from './sqlNode';

/** How a node is read: as a query, as an expression, or as a table in FROM. */
type Mode = 'query' | 'expr' | 'table';

interface Visit {
  node: SqlNode;
  mode: Mode;
  /** The common table expressions in scope, by the key their name is compared with. */
  ctes: ReadonlySet<string>;
}

const QUERY_TYPES = new Set(['select_stmt', 'compound_select_stmt']);

/** Clauses of a SELECT it may have; INTO, FOR UPDATE/SHARE, LOCK IN SHARE MODE and the rest are refused by name. */
const SELECT_CLAUSES = new Set(['with_clause', 'select_clause', 'from_clause', 'where_clause', 'group_by_clause', 'having_clause', 'window_clause', 'order_by_clause', 'limit_clause', 'offset_clause', 'fetch_clause', 'values_clause', 'paren_expr']);

/** Nodes with nothing to check below them. */
const LEAVES = new Set(['number_literal', 'boolean_literal', 'null_literal', 'blob_literal', 'numeric_literal', 'parameter', 'all_columns', 'keyword', 'interval_unit', 'interval_unit_range', 'sort_direction_asc', 'sort_direction_desc', 'limit_all', 'select_all', 'select_distinct', 'dual_table', 'join_using_specification', 'frame_bound_current_row', 'frame_unbounded', 'frame_exclusion']);

/** Nodes whose every child is an expression: window frames. */
const FRAME_NODES = new Set(['frame_clause', 'frame_between', 'frame_bound_preceding', 'frame_bound_following']);

/** Binary operators of arithmetic, comparison, text and logic; JSON, regular expression and custom operators are refused. */
const BINARY_OPERATORS = new Set([
  '+', '-', '*', '/', '%', '||', '=', '==', '<>', '!=', '<', '>', '<=', '>=', '<=>', '&', '|', '<<', '>>', '^', '', '\n',
  'AND', 'OR', 'XOR', 'DIV', 'MOD', 'IS', 'IS NOT', 'IS DISTINCT FROM', 'IS NOT DISTINCT FROM', 'IN', 'NOT IN',
  'LIKE', 'NOT LIKE', 'ILIKE', 'NOT ILIKE', 'GLOB', 'NOT GLOB', 'ESCAPE', 'COLLATE',
]);

const PREFIX_OPERATORS = new Set(['-', '+', '~', '!', 'NOT', 'EXISTS']);

/** Readable names for refused nodes: what the spec wrote, not the parser's node type. */
const REFUSED_NAMES: Record<string, string> = {
  into_table_clause: 'SELECT … INTO a table',
  into_variables_clause: 'SELECT … INTO variables',
  into_outfile_clause: 'INTO OUTFILE',
  into_dumpfile_clause: 'INTO DUMPFILE',
  for_clause: 'a locking clause (FOR UPDATE/SHARE)',
  lock_in_share_mode_clause: 'LOCK IN SHARE MODE',
  variable: 'a variable',
  table_clause: 'TABLE',
  mysql_modifier: 'a MariaDB SELECT modifier',
  named_arg: 'a named argument',
  row_constructor: 'ROW(…)',
  lateral_derived_table: 'a LATERAL function',
  limit_rows_examined: 'LIMIT ROWS EXAMINED',
};

/**
 * The rules of spec SQL, on a parsed statement: exactly one SELECT (WITH, VALUES, UNION and
 * recursive CTEs included) without INTO or locking clauses, reading only `readable` tables and
 * its own CTEs by bare name, calling only the dialect's allowed functions, with no variable,
 * table-valued function or clock. Returns the readable tables it reads; throws the refusal
 * that comes first in the text. Iterative, so a deep expression cannot overflow the stack.
 */
export function analyzeStatement(program: Program, text: string, dialect: SqlDialect, readable: Iterable<string>): string[] {
  return new StatementAnalysis(text, dialect, readable).run(program as unknown as SqlNode);
}

class StatementAnalysis {
  private readonly readable = new Map<string, string>();
  private readonly read = new Set<string>();
  private readonly refusals: SqlRefusal[] = [];
  private readonly work: Visit[] = [];
  /** WITH clauses already put in scope by the compound SELECT they lead. */
  private readonly scoped = new WeakSet<SqlNode>();

  constructor(
    private readonly text: string,
    private readonly dialect: SqlDialect,
    readable: Iterable<string>,
  ) {
    for (const name of readable) this.readable.set(this.tableKey(name), name);
  }

  run(program: SqlNode): string[] {
    const statements = (program.statements as SqlNode[]).filter((s) => s.type !== 'empty');
    const [first, second] = statements;
    if (!first) this.refuse(program, 'the SQL holds no statement');
    else if (!QUERY_TYPES.has(first.type)) this.refuse(first, `${this.statementName(first)} is not allowed: spec SQL may only SELECT`);
    else this.work.push({ node: first, mode: 'query', ctes: new Set() });
    if (second) this.refuse(second, `a second statement (${this.statementName(second)}) is not allowed: spec SQL is one statement`);
    for (let visit = this.work.pop(); visit; visit = this.work.pop()) this.visit(visit);
    if (this.refusals.length) throw this.refusals.reduce((first, r) => (r.offset < first.offset ? r : first));
    return [...this.read];
  }

  private visit({ node, mode, ctes }: Visit): void {
    const push = (child: unknown, childMode: Mode = mode, scope = ctes) => {
      if (child && typeof child === 'object') this.work.push({ node: child as SqlNode, mode: childMode, ctes: scope });
    };
    const pushAll = (list: unknown, childMode: Mode = mode) => {
      for (const item of ((list as SqlNode | undefined)?.items as SqlNode[] | undefined) ?? []) push(item, childMode);
    };
    if (mode === 'table' && this.visitTable(node, ctes, push)) return;
    switch (node.type) {
      case 'select_stmt':
        return this.visitSelect(node, ctes);
      case 'compound_select_stmt': {
        const leading = leadingWith(node);
        let scope = ctes;
        if (leading && !this.scoped.has(leading)) {
          scope = this.withScope(leading, ctes);
          this.scoped.add(leading);
        }
        push(node.left, 'query', scope);
        push(node.right, 'query', scope);
        return;
      }
      case 'paren_expr':
        return push(node.expr, isQuery(node.expr as SqlNode) ? 'query' : mode);
      case 'select_clause':
        for (const modifier of node.modifiers as SqlNode[]) {
          if (modifier.type === 'select_distinct_on') push(modifier.columns, 'expr');
          else if (!LEAVES.has(modifier.type)) this.refuseNode(modifier);
        }
        return pushAll(node.columns, 'expr');
      case 'from_clause':
        return push(node.expr, 'table');
      case 'where_clause':
      case 'having_clause':
        return push(node.expr, 'expr');
      case 'group_by_clause':
        return pushAll(node.columns, 'expr');
      case 'group_by_rollup':
      case 'group_by_cube':
      case 'group_by_grouping_sets':
        return push(node.columns, 'expr');
      case 'window_clause':
        for (const named of ((node.namedWindows as SqlNode).items as SqlNode[]) ?? []) push(named.window, 'expr');
        return;
      case 'window_definition':
        push(node.partitionBy, 'expr');
        push(node.orderBy, 'expr');
        return push(node.frame, 'expr');
      case 'partition_by_clause':
      case 'order_by_clause':
        return pushAll(node.specifications, 'expr');
      case 'sort_specification':
        push(node.expr, 'expr');
        if (node.direction && !LEAVES.has((node.direction as SqlNode).type)) this.refuseNode(node.direction as SqlNode);
        return;
      case 'limit_clause':
        push(node.count, 'expr');
        push(node.offset, 'expr');
        if (node.rowsExamined) this.refuseNode(node.rowsExamined as SqlNode);
        return;
      case 'offset_clause':
        return push(node.offset, 'expr');
      case 'fetch_clause':
        return push(node.count, 'expr');
      case 'values_clause':
        return pushAll(node.values, 'expr');
      case 'list_expr':
        return pushAll(node);
      case 'alias':
        return push(node.expr);
      case 'binary_expr': {
        const operator = operatorName(node.operator);
        if (operator === undefined || !BINARY_OPERATORS.has(operator)) this.refuse(node, `the operator ${operator ?? this.source(node.operator as SqlNode)} is not allowed`);
        push(node.left, 'expr');
        return push(node.right, 'expr');
      }
      case 'prefix_op_expr': {
        const operator = operatorName(node.operator);
        if (operator === undefined || !PREFIX_OPERATORS.has(operator)) this.refuse(node, `the operator ${operator ?? this.source(node.operator as SqlNode)} is not allowed`);
        return push(node.expr, 'expr');
      }
      case 'postfix_op_expr':
        return push(node.expr, 'expr');
      case 'between_expr':
        push(node.left, 'expr');
        push(node.begin, 'expr');
        return push(node.end, 'expr');
      case 'case_expr':
        push(node.expr, 'expr');
        for (const clause of node.clauses as SqlNode[]) {
          push(clause.condition, 'expr');
          push(clause.result, 'expr');
        }
        return;
      case 'quantifier_expr':
        return push(node.expr, 'expr');
      case 'func_call':
        return this.visitCall(node, push);
      case 'filter_arg':
        return push(node.where, 'expr');
      case 'over_arg':
        if ((node.window as SqlNode).type !== 'identifier') push(node.window, 'expr');
        return;
      case 'cast_expr': {
        const cast = (node.args as SqlNode).expr as SqlNode;
        if (cast.format) this.refuseNode(cast.format as SqlNode);
        this.checkType(cast.dataType as SqlNode);
        this.refuseClockWord(cast.expr as SqlNode);
        return push(cast.expr, 'expr');
      }
      case 'cast_operator_expr':
        this.checkType(node.right as SqlNode);
        this.refuseClockWord(node.left as SqlNode);
        return push(node.left, 'expr');
      case 'extract_expr': {
        const from = (node.args as SqlNode).expr as SqlNode;
        if ((from.unit as SqlNode).type !== 'interval_unit') this.refuseNode(from.unit as SqlNode);
        return push(from.expr, 'expr');
      }
      case 'interval_literal':
        push(node.precision, 'expr');
        return push(node.value, 'expr');
      case 'date_literal':
      case 'time_literal':
      case 'timestamp_literal':
      case 'datetime_literal':
        return this.refuseClockWord(node.string as SqlNode);
      case 'string_literal': {
        const text = String(node.text);
        // Backquoting left no double-quoted text: one here is a name the server would read unchecked.
        if (this.dialect === 'mariadb' && text.startsWith('"')) this.refuse(node, `the double-quoted ${text} is a name on MariaDB and cannot be read here`);
        // A server with standard_conforming_strings off would end this text elsewhere than the parser did.
        if (this.dialect === 'postgresql' && text.startsWith("'") && text.includes('\\')) this.refuse(node, 'a backslash in plain text is not allowed on PostgreSQL', "write E'…' text for backslash escapes");
        return;
      }
      case 'identifier':
        return;
      case 'member_expr': {
        const property = node.property as SqlNode;
        if (property.type !== 'identifier' && property.type !== 'all_columns') this.refuseNode(property);
        const object = node.object as SqlNode;
        if (object.type !== 'identifier' && object.type !== 'member_expr') push(object, 'expr');
        return;
      }
      default:
        if (LEAVES.has(node.type)) return;
        if (FRAME_NODES.has(node.type)) {
          for (const [field, value] of Object.entries(node)) if (field !== 'range' && field !== 'leading' && field !== 'trailing') push(value, 'expr');
          return;
        }
        if (node.type.endsWith('_stmt')) return this.refuse(node, `${this.statementName(node)} is not allowed: spec SQL may only SELECT`);
        return this.refuseNode(node);
    }
  }

  /** FROM items; false when the node is read as in any other place (a subquery, a parenthesised join). */
  private visitTable(node: SqlNode, ctes: ReadonlySet<string>, push: (child: unknown, mode?: Mode) => void): boolean {
    switch (node.type) {
      case 'identifier': {
        const key = this.nameKey(node);
        if (ctes.has(key)) return true;
        const table = this.readable.get(key);
        if (table === undefined) this.refuse(node, `table ${String(node.name)} is not one of the dataset's tables`, this.unknownTableHint(String(node.name)));
        else this.read.add(table);
        return true;
      }
      case 'member_expr':
        this.refuse(node, `table ${this.source(node)} is not one of the dataset's tables`, "spec SQL reads the dataset's own tables by their bare names, never another schema's or database's");
        return true;
      case 'alias':
        push(node.expr, 'table');
        return true;
      case 'join_expr':
        push(node.left, 'table');
        push(node.right, 'table');
        if (node.specification && (node.specification as SqlNode).type === 'join_on_specification') push((node.specification as SqlNode).expr, 'expr');
        return true;
      case 'paren_expr':
        push(node.expr, isQuery(node.expr as SqlNode) ? 'query' : 'table');
        return true;
      case 'lateral_derived_table':
        if (isQuery(node.expr as SqlNode)) push(node.expr, 'query');
        else this.refuseNode(node);
        return true;
      case 'func_call':
      case 'func_call_with_column_definitions':
      case 'with_ordinality_expr':
      case 'rows_from_expr':
      case 'unnest_expr':
        this.refuse(node, `the table-valued function ${this.source(node).split('(')[0].trim()} is not allowed`, "spec SQL reads the dataset's own tables; table-valued functions read other things");
        return true;
      default:
        return false;
    }
  }

  private visitSelect(node: SqlNode, outer: ReadonlySet<string>): void {
    let ctes = outer;
    (node.clauses as SqlNode[]).forEach((clause, i) => {
      if (!SELECT_CLAUSES.has(clause.type)) return this.refuseNode(clause);
      if (clause.type === 'with_clause') {
        if (i > 0) return this.refuseNode(clause);
        if (!this.scoped.has(clause)) ctes = this.withScope(clause, ctes);
        return;
      }
      this.work.push({ node: clause, mode: clause.type === 'paren_expr' ? 'query' : 'expr', ctes });
    });
  }

  /**
   * The names a WITH clause adds, its CTE bodies queued with what each may read: the CTEs
   * before it, and with RECURSIVE every CTE of the clause (as PostgreSQL and MariaDB resolve them).
   */
  private withScope(clause: SqlNode, outer: ReadonlySet<string>): ReadonlySet<string> {
    const recursive = clause.recursiveKw !== undefined;
    const tables = ((clause.tables as SqlNode).items as SqlNode[]) ?? [];
    const all = new Set([...outer, ...tables.map((cte) => this.nameKey(cte.table as SqlNode))]);
    let before: ReadonlySet<string> = outer;
    for (const cte of tables) {
      if (cte.search || cte.cycle) this.refuseNode((cte.search ?? cte.cycle) as SqlNode);
      const body = (cte.expr as SqlNode).expr as SqlNode;
      if (isQuery(body)) this.work.push({ node: body, mode: 'query', ctes: recursive ? all : before });
      else this.refuse(body, `${this.statementName(body)} is not allowed in WITH: spec SQL may only SELECT`);
      before = new Set([...before, this.nameKey(cte.table as SqlNode)]);
    }
    return all;
  }

  private visitCall(node: SqlNode, push: (child: unknown, mode?: Mode) => void): void {
    const name = node.name as SqlNode;
    if (name.type !== 'identifier') {
      this.refuse(name, `function ${this.source(name)} is not allowed`, 'call functions by their bare names');
    } else if (isQuoted(name)) {
      this.refuse(name, `the quoted function name ${String(name.text)} is not allowed`, 'call functions by their bare names, unquoted');
    } else if (!isAllowedFunction(String(name.name), this.dialect)) {
      this.refuse(name, `function ${String(name.name)} is not allowed`);
    }
    const args = (node.args as SqlNode | undefined)?.expr as SqlNode | undefined;
    if (args) {
      for (const unsupported of ['limit', 'having', 'nullHandlingKw'] as const) if (args[unsupported]) this.refuse(node, `${this.source(node).split('(')[0]}(…) with ${unsupported === 'nullHandlingKw' ? 'IGNORE/RESPECT NULLS' : unsupported.toUpperCase()} is not allowed`);
      const items = ((args.args as SqlNode).items as SqlNode[]) ?? [];
      const dates = name.type === 'identifier' && this.dialect === 'sqlite' && SQLITE_DATE_FUNCTIONS.has(String(name.name).toLowerCase());
      for (const item of items) {
        if (dates) this.refuseClockWord(item);
        push(item, isQuery(item) ? 'query' : 'expr');
      }
      push(args.orderBy, 'expr');
    }
    push(node.filter, 'expr');
    push(node.over, 'expr');
  }

  /** Only the types of the engine's columns, by keyword or by name. */
  private checkType(type: SqlNode): void {
    if (type.type === 'data_type_name' || type.type === 'time_data_type' || type.type === 'interval_data_type') return;
    if (type.type === 'modified_data_type') {
      this.checkType(type.dataType as SqlNode);
      for (const modifier of (((type.modifiers as SqlNode | undefined)?.expr as SqlNode | undefined)?.items as SqlNode[] | undefined) ?? []) {
        if (modifier.type !== 'number_literal') this.refuseNode(modifier);
      }
      return;
    }
    if (type.type === 'identifier' && !isQuoted(type) && CAST_TYPE_NAMES.has(String(type.name).toLowerCase())) return;
    this.refuse(type, `the type ${this.source(type)} is not allowed`, 'cast to the types of the engine: integer, real, numeric, text, date, timestamp, boolean');
  }

  /** `'now'` and its kin where a date reads them: the clock, not the dataset's today. */
  private refuseClockWord(node: SqlNode | undefined): void {
    if (node?.type !== 'string_literal') return;
    const word = String(node.value).trim().toLowerCase();
    if (CLOCK_WORDS.has(word)) this.refuse(node, `'${word}' reads the clock or the machine's time zone`, "the dataset's today is :as_of; dates are UTC");
  }

  private unknownTableHint(name: string): string {
    const tables = [...this.readable.values()];
    const sameButCase = tables.find((table) => table.toLowerCase() === name.toLowerCase());
    if (sameButCase) return `${this.dialect === 'postgresql' ? 'PostgreSQL reads unquoted names in lower case' : 'MariaDB compares table names as written'}: write "${sameButCase}"`;
    return `${suggestName(name, tables, 'table')}; spec SQL reads the tables the dataset writes (not write: false ones) and its own CTEs`;
  }

  /** How a table's name is compared: SQLite ignores case, PostgreSQL folds unquoted names to lower case, MariaDB compares them as written. */
  private tableKey(name: string): string {
    return this.dialect === 'sqlite' ? name.toLowerCase() : name;
  }

  /** The key of a name as written in the SQL, by the dialect's rules. */
  private nameKey(identifier: SqlNode): string {
    const name = String(identifier.name);
    if (this.dialect === 'sqlite') return name.toLowerCase();
    if (this.dialect === 'postgresql' && !isQuoted(identifier)) return name.toLowerCase();
    return name;
  }

  private refuseNode(node: SqlNode): void {
    this.refuse(node, `${REFUSED_NAMES[node.type] ?? node.type.replace(/_/g, ' ')} is not allowed`);
  }

  private refuse(node: SqlNode, message: string, hint?: string): void {
    this.refusals.push(new SqlRefusal(message, node.range?.[0] ?? 0, hint));
  }

  /** A statement by its first words as written: `DELETE`, `ATTACH`, `VACUUM INTO`, `COMMIT`. */
  private statementName(node: SqlNode): string {
    const words = this.source(node).match(/^[A-Za-z_]+(?:\s+(?:INTO|TABLE|DATABASE)\b)?/i);
    return words ? words[0].replace(/\s+/g, ' ').toUpperCase() : node.type.replace(/_stmt$/, '').replace(/_/g, ' ');
  }

  private source(node: SqlNode): string {
    return node.range ? this.text.slice(node.range[0], node.range[1]) : node.type;
  }
}

function isQuery(node: SqlNode | undefined): boolean {
  if (!node) return false;
  if (node.type === 'paren_expr') return isQuery(node.expr as SqlNode);
  return QUERY_TYPES.has(node.type);
}

function isQuoted(identifier: SqlNode): boolean {
  return /^["`[]/.test(String(identifier.text));
}

/** The WITH clause of the first SELECT of a compound (`WITH … SELECT … UNION SELECT …`): it scopes over the whole compound. */
function leadingWith(node: SqlNode): SqlNode | undefined {
  let left = node;
  while (left.type === 'compound_select_stmt') left = left.left as SqlNode;
  const first = left.type === 'select_stmt' ? (left.clauses as SqlNode[])[0] : undefined;
  return first?.type === 'with_clause' ? first : undefined;
}

/** An operator as text: a symbol, a keyword or keywords (`NOT IN`); undefined for PostgreSQL's OPERATOR(…). */
function operatorName(operator: unknown): string | undefined {
  if (typeof operator === 'string') return operator;
  if (Array.isArray(operator)) return operator.map((k: SqlNode) => String(k.name)).join(' ');
  const node = operator as SqlNode;
  return node.type === 'keyword' ? String(node.name) : undefined;
}
