/** A node of the SQL parser's syntax tree, read field by field. */
export interface SqlNode {
  type: string;
  range?: [number, number];
  [field: string]: unknown;
}
