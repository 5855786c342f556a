import { openMysqlReader } from './mysql/mysqlReader';
import { openPostgresReader } from './postgres/postgresReader';
import type { DatabaseReader, ReaderOptions } from './sql/databaseReader';

/** Servers by URL scheme, as `--target` names them. */
const SERVERS: { matches: RegExp; open: (url: string, options: ReaderOptions) => Promise<DatabaseReader> }[] = [
  { matches: /^postgres(ql)?:\/\//i, open: openPostgresReader },
  { matches: /^mysql:\/\//i, open: openMysqlReader },
];

/** A read-only session on the server a URL names (in `options.schema`, or the URL's database); undefined when `where` names no server. */
export function openServerReader(where: string, options: ReaderOptions = {}): Promise<DatabaseReader> | undefined {
  return SERVERS.find((server) => server.matches.test(where))?.open(where, options);
}
