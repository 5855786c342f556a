import { spawnSync } from 'node:child_process';

/** A database server the target tests need, and the variable that points them at it. */
export interface Server {
  name: string;
  envVar: string;
  url: string;
}

export const POSTGRES: Server = { name: 'PostgreSQL', envVar: 'HOPIFY_PG_URL', url: process.env.HOPIFY_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test' };
export const MYSQL: Server = { name: 'MariaDB/MySQL', envVar: 'HOPIFY_MYSQL_URL', url: process.env.HOPIFY_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test' };

const reachable = new Map<string, boolean>();

/** Whether the server's port accepts a TCP connection; asked once per URL (synchronously, so suites can skip). */
function isReachable(url: string): boolean {
  let answer = reachable.get(url);
  if (answer === undefined) {
    const { hostname, port } = new URL(url);
    const probe = `require('net').connect({ host: ${JSON.stringify(hostname)}, port: ${Number(port)}, timeout: 2000 })
      .on('connect', () => process.exit(0)).on('error', () => process.exit(1)).on('timeout', () => process.exit(1));`;
    answer = spawnSync(process.execPath, ['-e', probe], { timeout: 5000 }).status === 0;
    reachable.set(url, answer);
  }
  return answer;
}

/**
 * A `describe` over a real server. When the server does not answer, the suite
 * is skipped with one line saying how to enable it, except in CI (CI=true),
 * where it fails: a green CI must mean the server tests ran.
 */
export function describeWithServer(server: Server, title: string, body: (url: string) => void): void {
  if (isReachable(server.url)) {
    describe(title, () => body(server.url));
    return;
  }
  const where = server.url.replace(/:[^:@/]*@/, '@');
  if (process.env.CI === 'true') {
    describe(title, () => {
      it(`reaches ${server.name}`, () => {
        throw new Error(`${server.name} is unreachable at ${where} (CI=true): start it or set ${server.envVar}`);
      });
    });
    return;
  }
  process.stderr.write(`skipping "${title}": no ${server.name} at ${where}; start one or set ${server.envVar} to run these tests\n`);
  describe.skip(title, () => body(server.url));
}
