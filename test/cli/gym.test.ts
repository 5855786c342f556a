import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'yaml';
import { cli, ROOT } from '../helpers/cli';

const GYM = 'specs/examples/gym.yaml';

describe('specs/examples/gym.yaml through the CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hopify-gym-'));
  const out = join(dir, 'gym.db');
  let db: Database.Database;
  let stdout = '';

  beforeAll(() => {
    // The CLI runs the build (npm test builds it first, in pretest).
    if (!existsSync(join(ROOT, 'dist', 'plugins', 'drivers', 'lifecycle.js'))) throw new Error('dist is missing the drivers: run `npm run build` (npm test does it in pretest)');
    const result = cli(['run', GYM, '--out', out]);
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.status).toBe(0);
    stdout = result.stdout;
    db = new Database(out, { readonly: true });
  });

  afterAll(() => {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const count = (sql: string): number => Object.values(db.prepare(sql).get() as Record<string, number>)[0];

  it('writes every table but the internal plan, with resolving foreign keys', () => {
    expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual([
      'cancellations',
      'class_schedule',
      'classes',
      'exit_surveys',
      'locations',
      'members',
      'memberships',
      'payment_promos',
      'payments',
      'promo_codes',
      'visits',
      'web_traffic',
    ]);
    expect(stdout).toMatch(/member_plan\s+36 rows.*\(internal\)/);
  });

  it('has the expected counts', () => {
    expect(count('SELECT COUNT(*) FROM locations')).toBe(4);
    expect(count('SELECT COUNT(*) FROM classes')).toBe(8);
    expect(count('SELECT COUNT(*) FROM promo_codes')).toBe(40);
    expect(count('SELECT COUNT(*) FROM web_traffic')).toBe(24 * 3);
    expect(count('SELECT COUNT(DISTINCT month) FROM web_traffic')).toBe(24);
    // 36 months of about 110 joins, grown 12% a year, with seasons and campaigns.
    const members = count('SELECT COUNT(*) FROM members');
    expect(members).toBeGreaterThan(3500);
    expect(members).toBeLessThan(7000);
    expect(count('SELECT COUNT(DISTINCT substr(joined_at, 1, 7)) FROM members')).toBe(36);
    expect(db.prepare('SELECT MAX(joined_at) FROM members').pluck().get()).toMatch(/^2025-05-/);
    expect(count('SELECT COUNT(*) FROM memberships')).toBeGreaterThan(members);
    expect(count('SELECT COUNT(DISTINCT member_id) FROM memberships')).toBe(members);
    expect(count('SELECT COUNT(*) FROM class_schedule')).toBeGreaterThan(10);
    expect(count('SELECT COUNT(*) FROM class_schedule')).toBeLessThan(32);
    expect(count('SELECT COUNT(*) FROM visits')).toBeGreaterThan(10 * members);
    expect(count('SELECT COUNT(*) FROM payments')).toBeGreaterThan(3 * members);
    expect(count('SELECT COUNT(*) FROM payment_promos')).toBeGreaterThan(0);
    expect(count('SELECT COUNT(*) FROM cancellations')).toBe(count("SELECT COUNT(*) FROM memberships WHERE ended_by = 'cancel'"));
    expect(count('SELECT COUNT(*) FROM exit_surveys')).toBeGreaterThan(0);
  });

  it('holds every consistency check the spec states', () => {
    const spec = parse(readFileSync(join(ROOT, GYM), 'utf8')) as { checks: Record<string, string | { sql: string }> };
    const failing = Object.entries(spec.checks)
      .map(([name, check]) => [name, db.prepare(typeof check === 'string' ? check : check.sql).all().length] as const)
      .filter(([, violations]) => violations > 0);
    expect(failing).toEqual([]);
    expect(Object.keys(spec.checks).length).toBeGreaterThanOrEqual(10);
  });

  it('shows the plan in the data: more joins in January than in July, campaign months labelled', () => {
    const joins = (month: string) => count(`SELECT COUNT(*) FROM members WHERE substr(joined_at, 6, 2) = '${month}'`);
    expect(joins('01')).toBeGreaterThan(1.5 * joins('07'));
    expect(count("SELECT COUNT(*) FROM members WHERE acquisition_source LIKE '%Referral Campaign%'")).toBeGreaterThan(0);
    expect(count("SELECT COUNT(*) FROM members WHERE acquisition_source = 'New Year Resolutions' AND substr(joined_at, 6, 2) NOT IN ('01', '02')")).toBe(0);
  });
});
