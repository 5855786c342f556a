import { faker } from '@faker-js/faker';
import { parse } from 'yaml';
import { initSpec } from '../../../engine/init/initSpec';
import { validate } from '../../../engine/index';
import type { SourceRow } from '../../../engine/init/sourceDatabase';
import { runSpec, writeSpec } from '../../helpers/runSpec';
import { draws, times } from './draws';
import { memorySource, type MemoryTable } from './memorySource';

const DAY = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * A small shop: customers by segment, 1–5 orders each dated after signup with a plan that depends
 * on the customer's segment, numbered lines of products per order, an empty table, a column of a
 * type the spec language lacks, and a self-reference.
 */
function shop(): MemoryTable[] {
  const d = draws('shop');
  faker.seed(11);
  const start = Date.UTC(2023, 0, 1);
  const customers: SourceRow[] = times(1500, (i) => ({
    customer_id: i + 1,
    name: faker.person.fullName(),
    email: `${faker.internet.username()}.${i}@example.com`,
    segment: d.pick(['consumer', 'business', 'vip'], [70, 25, 5]),
    signup_date: day(start + Math.floor(d.uniform(0, 700)) * DAY),
    score: d.random() < 0.2 ? null : Math.round(d.normal(60, 10) * 10) / 10,
    referred_by: i > 0 && d.random() < 0.3 ? d.integer(1, i) : null,
    location: `POINT(${d.integer(0, 90)} ${d.integer(0, 90)})`,
  }));
  const products: SourceRow[] = times(50, (i) => ({ product_id: i + 1, name: faker.commerce.productName(), price: Math.round(d.lognormal(25, 0.6) * 100) / 100 }));
  const plans: Record<string, [string[], number[]]> = {
    consumer: [['basic', 'pro'], [80, 20]],
    business: [['basic', 'pro'], [20, 80]],
    vip: [['enterprise', 'pro'], [90, 10]],
  };
  const orders: SourceRow[] = [];
  const items: SourceRow[] = [];
  for (const c of customers) {
    const count = d.integer(1, 5);
    for (let k = 0; k < count; k++) {
      const orderId = orders.length + 1;
      const [values, weights] = plans[c.segment as string];
      const ordered = Date.parse(c.signup_date as string) + Math.round(d.exponential(30)) * DAY;
      orders.push({ order_id: orderId, customer_id: c.customer_id, order_date: day(ordered), shipped_on: day(ordered + d.integer(1, 5) * DAY), plan: d.pick(values, weights) });
      const lines = d.integer(1, 4);
      for (let line = 1; line <= lines; line++) {
        const product = products[d.integer(0, 49)];
        const quantity = d.integer(1, 3);
        items.push({ order_id: orderId, line_no: line, product_id: product.product_id, quantity, unit_price: product.price, total: Math.round(quantity * (product.price as number) * 100) / 100 });
      }
    }
  }
  return [
    {
      name: 'customers',
      columns: [
        { name: 'customer_id', type: 'integer', notNull: true },
        { name: 'name', type: { kind: 'varchar', length: 80, declared: 'VARCHAR(80)' }, notNull: true },
        { name: 'email', type: 'text', unique: true },
        { name: 'segment', type: 'text', notNull: true },
        { name: 'signup_date', type: 'date', notNull: true },
        { name: 'score', type: 'real' },
        { name: 'referred_by', type: 'integer' },
        { name: 'location', type: { kind: 'unsupported', declared: 'GEOMETRY' } },
      ],
      primaryKey: ['customer_id'],
      foreignKeys: [{ columns: ['referred_by'], table: 'customers', referencedColumns: ['customer_id'] }],
      indexes: [{ columns: ['segment'], unique: false }],
      rows: customers,
    },
    {
      name: 'order_items',
      columns: [
        { name: 'order_id', type: 'integer', notNull: true },
        { name: 'line_no', type: 'integer', notNull: true },
        { name: 'product_id', type: 'integer', notNull: true },
        { name: 'quantity', type: 'integer', notNull: true },
        { name: 'unit_price', type: { kind: 'decimal', precision: 10, scale: 2, declared: 'DECIMAL(10,2)' }, notNull: true },
        { name: 'total', type: { kind: 'decimal', precision: 12, scale: 2, declared: 'DECIMAL(12,2)' }, notNull: true },
      ],
      primaryKey: ['order_id', 'line_no'],
      foreignKeys: [
        { columns: ['order_id'], table: 'orders', referencedColumns: ['order_id'] },
        { columns: ['product_id'], table: 'products', referencedColumns: ['product_id'] },
      ],
      rows: items,
    },
    {
      name: 'orders',
      columns: [
        { name: 'order_id', type: 'integer', notNull: true },
        { name: 'customer_id', type: 'integer', notNull: true },
        { name: 'order_date', type: 'date', notNull: true },
        { name: 'shipped_on', type: 'date', notNull: true },
        { name: 'plan', type: { kind: 'varchar', length: 20, declared: 'VARCHAR(20)' } },
      ],
      primaryKey: ['order_id'],
      foreignKeys: [{ columns: ['customer_id'], table: 'customers', referencedColumns: ['customer_id'] }],
      rows: orders,
    },
    { name: 'products', columns: [{ name: 'product_id', type: 'integer', notNull: true }, { name: 'name', type: 'text' }, { name: 'price', type: { kind: 'decimal', precision: 10, scale: 2, declared: 'DECIMAL(10,2)' }, notNull: true }], primaryKey: ['product_id'], rows: products },
    { name: 'audit_log', columns: [{ name: 'entry_id', type: 'integer', notNull: true }, { name: 'note', type: 'text' }], primaryKey: ['entry_id'], rows: [] },
  ];
}

const TABLES = shop();
const OPTIONS = { sample: 5000, keepValues: [] };

describe('initSpec on an in-memory shop', () => {
  let yaml: string;
  let warnings: string[];
  let spec: any;
  beforeAll(async () => {
    ({ yaml, warnings } = await initSpec(memorySource(TABLES, 'shop.db'), OPTIONS));
    spec = parse(yaml);
  });

  test('writes a valid spec: tables after the tables they refer to, row counts as params', () => {
    expect(validate(writeSpec(yaml))).toEqual([]);
    expect(Object.keys(spec.tables)).toEqual(['customers', 'orders', 'products', 'order_items', 'audit_log']);
    expect(spec.params).toEqual({ customers: 1500, products: 50, audit_log: 0 });
    expect(spec.tables.customers.rows).toEqual({ count: '${customers}' });
    expect(spec.name).toBe('shop');
    expect(spec.as_of).toBe(TABLES[2].rows.map((o) => o.shipped_on as string).sort().pop());
  });

  test('keys, types and constraints carry over', () => {
    const customers = spec.tables.customers.columns;
    expect(customers.customer_id).toMatchObject({ type: 'integer', primary_key: true, sequence: { start: 1, step: 1 } });
    expect(customers.name).toMatchObject({ type: { varchar: 80 }, not_null: true });
    expect(customers.email).toMatchObject({ unique: true, faker: 'internet.email' });
    expect(spec.tables.products.columns.price.type).toEqual({ decimal: [10, 2] });
    expect(spec.tables.customers.indexes).toEqual([['segment']]);
    expect(spec.tables.order_items.primary_key).toEqual(['order_id', 'line_no']);
  });

  test('children that cluster under a parent are per_parent with the fan-out seen; other keys are refs', () => {
    expect(spec.tables.orders.rows).toEqual({ per_parent: { parent: 'customers', count: { integer: { min: 1, max: 5 } } } });
    expect(spec.tables.orders.columns.customer_id).toMatchObject({ from: 'parent.customer_id', references: 'customers.customer_id' });
    expect(spec.tables.order_items.rows).toEqual({ per_parent: { parent: 'orders', count: { integer: { min: 1, max: 4 } } } });
    expect(spec.tables.order_items.columns.line_no.from).toBe('child.number');
    expect(spec.tables.order_items.columns.product_id.ref).toBe('products.product_id');
  });

  test('a child date after its parent’s is a date_offset with the fitted offset', () => {
    const { date_offset } = spec.tables.orders.columns.order_date;
    expect(date_offset.from).toBe('parent.signup_date');
    expect(Object.keys(date_offset.offset)).toEqual(['exponential']);
    expect(date_offset.offset.exponential.mean).toBeGreaterThan(27);
    expect(date_offset.offset.exponential.mean).toBeLessThan(33);
    expect(yaml).toMatch(/# days after the customers row's signup_date: exponential, KS 0\.\d{3} on [\d,]+ values/);
  });

  test('a date after an earlier date of its own row is a date_offset from it', () => {
    const { date_offset } = spec.tables.orders.columns.shipped_on;
    expect(date_offset).toMatchObject({ from: 'order_date', offset: { integer: { min: 1, max: 5 } } });
  });

  test('a value copied from a related row, or computed from its own row, is derived, not drawn', () => {
    const items = spec.tables.order_items.columns;
    expect(items.unit_price).toMatchObject({ from: 'product_id.price' });
    expect(items.total).toMatchObject({ expr: 'quantity * unit_price' });
    expect(yaml).toMatch(/# copied from the row product_id refers to: price, as in [\d,]+ of [\d,]+ rows/);
  });

  test('a category that depends on the parent’s category gets by: cases', () => {
    const { plan } = spec.tables.orders.columns;
    expect(plan.by).toBe('parent.segment');
    expect(Object.keys(plan.cases)).toEqual(['business', 'consumer', 'vip']);
    const consumer = plan.cases.consumer.choice;
    expect(consumer.basic / (consumer.basic + consumer.pro)).toBeCloseTo(0.8, 1);
    expect(plan.cases.vip.choice.enterprise).toBeGreaterThan(plan.cases.vip.choice.pro);
    // A category independent of the others stays one choice.
    expect(spec.tables.customers.columns.segment.by).toBeUndefined();
  });

  test('null shares, fitted numbers and their comments', () => {
    const { score } = spec.tables.customers.columns;
    expect(score.null_probability).toBeGreaterThan(0.15);
    expect(score.null_probability).toBeLessThan(0.25);
    expect(Object.keys(score)).toContain('normal');
    // 50 prices: whichever skewed family fits best, rounded to the column's cents.
    const { type, not_null: required, ...price } = spec.tables.products.columns.price;
    expect(required).toBe(true);
    expect(type).toEqual({ decimal: [10, 2] });
    expect(Object.values(price)[0]).toMatchObject({ round: 2 });
    expect(yaml).toMatch(/# normal, KS 0\.\d{3} on [\d,]+ values; NULL in \d+\.\d% of [\d,]+ rows\n\s+score:/);
  });

  test('high-cardinality text is never copied', () => {
    for (const row of TABLES[0].rows) {
      expect(yaml).not.toContain(row.name as string);
      expect(yaml).not.toContain(row.email as string);
    }
    expect(spec.tables.customers.columns.name.faker).toBe('person.fullName');
    expect(spec.tables.products.columns.name.faker).toBe('commerce.productName');
  });

  test('what cannot be carried over is kept, with a TODO and a warning', () => {
    expect(spec.tables.customers.columns.location.type).toBe('text');
    expect(yaml).toMatch(/# TODO: GEOMETRY in the source, generated as text/);
    expect(warnings).toContainEqual(expect.stringContaining('customers.location has type GEOMETRY'));
    // A self-reference cannot be generated: the column is kept, without the key.
    expect(spec.tables.customers.columns.referred_by).not.toHaveProperty('ref');
    expect(warnings).toContainEqual(expect.stringContaining('customers.referred_by refers to customers'));
    expect(spec.tables.audit_log.rows).toEqual({ count: '${audit_log}' });
    expect(warnings).toContainEqual(expect.stringContaining('table audit_log is empty'));
  });

  test('a name the spec language does not take is written as it is, with a warning to rename it', async () => {
    const odd = await initSpec(memorySource([{ name: 'order lines', columns: [{ name: 'line-no', type: 'integer' }], rows: [{ 'line-no': 1 }] }]), OPTIONS);
    expect(odd.warnings).toEqual([expect.stringContaining('table "order lines" has a name'), expect.stringContaining('column "line-no" of order lines has a name')]);
    expect(parse(odd.yaml).tables['order lines'].columns['line-no'].type).toBe('integer');
  });

  test('checks hold the keys and constraints found', () => {
    expect(Object.keys(spec.checks)).toEqual(
      expect.arrayContaining(['orders_customer_id_exists', 'order_items_order_id_exists', 'order_items_product_id_exists', 'order_items_primary_key_unique', 'customers_email_unique', 'customers_not_null']),
    );
    expect(Object.keys(spec.checks)).not.toContain('customers_referred_by_exists');
  });

  test('the same source gives byte-identical text', async () => {
    const again = await initSpec(memorySource(shop(), 'shop.db'), OPTIONS);
    expect(again.yaml).toBe(yaml);
    expect(again.warnings).toEqual(warnings);
  });

  test('--keep-values copies the real values of the columns named', async () => {
    const kept = parse((await initSpec(memorySource(TABLES, 'shop.db'), { ...OPTIONS, keepValues: ['customers.name'] })).yaml);
    expect(Object.keys(kept.tables.customers.columns.name.choice)).toContain(TABLES[0].rows[0].name);
    expect(kept.tables.products.columns.name.faker).toBe('commerce.productName');
  });

  test('the spec runs, and its checks pass on what it wrote', async () => {
    const generated = await runSpec(yaml);
    try {
      const count = (table: string) => (generated.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
      expect(count('customers')).toBe(1500);
      expect(Math.abs(count('orders') / TABLES[2].rows.length - 1)).toBeLessThan(0.1);
      for (const [name, check] of Object.entries(spec.checks as Record<string, { sql: string }>)) {
        expect([name, generated.db.prepare(check.sql).all().length]).toEqual([name, 0]);
      }
    } finally {
      generated.close();
    }
  });
});
