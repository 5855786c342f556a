import { addUnits, defineDriver, didYouMean, GENERATOR_SPEC, PluginOptionError, type DriverContext, type EmitRow, type OptionsSchema, type Row, type RowFn, RowError, DAY_MS } from '../../engine/contract';
import { atOption } from '../generators/shared/optionPath';
import { pickWeighted } from '../generators/shared/weightedPick';

type DwellUnit = 'days' | 'weeks' | 'months';
type Scalar = string | number | boolean | null;

interface TransitionOptions {
  to?: string;
  change?: string;
  probability: number | Record<string, unknown>;
  set?: Record<string, unknown>;
}

interface StateOptions {
  dwell?: number | Record<string, unknown>;
  emit?: boolean;
  transitions?: TransitionOptions[];
}

interface LifecycleOptions {
  parent: string;
  start: string;
  unit?: DwellUnit;
  initial: { state: string | Record<string, number | Record<string, unknown>>; change?: string; set?: Record<string, unknown> };
  states: Record<string, StateOptions>;
}

/** Fields of every period, besides the attributes. */
const FIELDS = ['start', 'end', 'state', 'change', 'ended_by', 'ordinal', 'is_last', 'tenure_days', 'tenure_months', 'state_days'];
const MEAN_MONTH_DAYS = 30.436875;
/** Renewal checks one entity may make before the dwell times are judged too short to ever reach as_of. */
const MAX_CHECKS = 100_000;

const NUMBER_OR_GENERATOR = (description: string, examples: unknown[]): OptionsSchema => ({ anyOf: [{ type: 'number', minimum: 0 }, GENERATOR_SPEC], description, examples });

const SET: OptionsSchema = {
  type: 'object',
  description:
    'Attribute values: a literal, or a generator (by:/cases: on `lifecycle.<attribute>` or `parent.<column>`). Generators see the state and attributes before the change.',
  additionalProperties: { anyOf: [{ type: ['string', 'number', 'boolean', 'null'] }, GENERATOR_SPEC] },
  examples: [{ plan: 'Premium' }, { plan: { from: 'parent.plan' } }],
};

export default defineDriver<LifecycleOptions>({
  name: 'lifecycle',
  summary:
    'A state machine per parent row (subscriptions, memberships): one row per state period, with start, end (NULL while current), state, attributes and the change that began it; never past as_of, never overlapping.',
  options: {
    description:
      'A state machine per parent row, one row per state period. Rows read `lifecycle.start`, `lifecycle.end` (NULL while current), `lifecycle.state`, `lifecycle.change` (what began the period), `lifecycle.ended_by` (what ended it), `lifecycle.ordinal`, `lifecycle.is_last` (1/0), `lifecycle.tenure_days`, `lifecycle.tenure_months`, `lifecycle.state_days` (length up to its end or as_of), every attribute as `lifecycle.<name>`, and `parent.<column>`. Nested generators read the same names, as they stand at the moment decided.',
    type: 'object',
    required: ['parent', 'start', 'initial', 'states'],
    additionalProperties: false,
    properties: {
      parent: { type: 'string', description: 'The entity table: one state machine per row; rows read it as `parent.<column>`.', examples: ['members'] },
      start: {
        type: 'string',
        pattern: '^parent\\.',
        description: 'The parent column holding the date the first period starts (a parent starting after as_of, or without a date, gets no rows).',
        examples: ['parent.signup_date'],
      },
      unit: { enum: ['days', 'weeks', 'months'], default: 'days', description: 'Unit of dwell times; months follow the calendar.', examples: ['months'] },
      initial: {
        type: 'object',
        required: ['state'],
        additionalProperties: false,
        description: 'How an entity starts: its first state, the change that begins it, its first attributes.',
        examples: [{ state: 'active', change: 'signup', set: { plan: { from: 'parent.plan' } } }],
        properties: {
          state: {
            anyOf: [{ type: 'string' }, { type: 'object', additionalProperties: { anyOf: [{ type: 'number', minimum: 0 }, GENERATOR_SPEC] } }],
            description: 'The first state, or weights of first states (numbers or generators, e.g. by parent segment).',
            examples: ['active', { active: 9, trial: 1 }],
          },
          change: { type: 'string', default: 'start', description: '`lifecycle.change` of the first period.', examples: ['signup'] },
          set: SET,
        },
      },
      states: {
        type: 'object',
        minProperties: 1,
        description:
          'The states by name. In a state with a dwell time, a check falls each time a dwell elapses: one transition happens with its probability, or none (the period goes on). A state without dwell is final.',
        additionalProperties: {
          type: 'object',
          additionalProperties: false,
          properties: {
            dwell: NUMBER_OR_GENERATOR('Time until the next check, in `unit`s (> 0), drawn each time; it may read `lifecycle.*` and `parent.*`.', [
              1,
              { lognormal: { median: 6, sigma: 0.6 } },
            ]),
            emit: { type: 'boolean', default: true, description: 'false: periods in this state make no row (e.g. the gap while cancelled).', examples: [false] },
            transitions: {
              type: 'array',
              description: 'What may happen at a check. Probabilities summing above 1 are scaled down to 1; the rest is the chance that nothing happens.',
              examples: [[{ change: 'upgrade', probability: 0.02, set: { plan: 'Premium' } }, { to: 'cancelled', change: 'cancel', probability: 0.04 }]],
              items: {
                type: 'object',
                required: ['probability'],
                additionalProperties: false,
                properties: {
                  to: { type: 'string', description: 'The next state (this state when omitted: an attribute change).', examples: ['cancelled'] },
                  change: { type: 'string', description: '`lifecycle.change` of the new period and `lifecycle.ended_by` of the old one (default: the target state).', examples: ['upgrade'] },
                  probability: NUMBER_OR_GENERATOR('Chance per check; a generator may read `lifecycle.tenure_months`, attributes and `parent.*`.', [
                    0.03,
                    { by: 'parent.segment', cases: { SMB: { constant: 0.05 } }, constant: 0.02 },
                    { expr: 'if lifecycle.tenure_months < 3 then 0.08 else 0.03' },
                  ]),
                  set: SET,
                },
              },
            },
          },
        },
        examples: [
          {
            active: { dwell: 1, transitions: [{ to: 'cancelled', change: 'cancel', probability: 0.04 }] },
            cancelled: { emit: false, dwell: { uniform: { min: 1, max: 12 } }, transitions: [{ to: 'active', change: 'reactivation', probability: 0.3 }] },
          },
        ],
      },
    },
  },
  example: {
    lifecycle: {
      parent: 'customers',
      start: 'parent.signup_date',
      unit: 'months',
      initial: { state: 'active', change: 'signup', set: { plan: { from: 'parent.plan' } } },
      states: {
        active: {
          dwell: 1,
          transitions: [
            { change: 'upgrade', probability: { by: 'lifecycle.plan', cases: { Premium: { constant: 0 } }, constant: 0.02 }, set: { plan: 'Premium' } },
            { to: 'cancelled', change: 'cancel', probability: { by: 'parent.segment', cases: { SMB: { constant: 0.05 } }, constant: 0.02 } },
          ],
        },
        cancelled: { emit: false, dwell: { uniform: { min: 1, max: 12 } }, transitions: [{ to: 'active', change: 'reactivation', probability: 0.3 }] },
      },
    },
  },
  fields: {
    'lifecycle.start': "the period's start",
    'lifecycle.end': "the period's end: the next period's start, null while current",
    'lifecycle.state': "the period's state",
    'lifecycle.change': 'the change that began the period',
    'lifecycle.ended_by': 'the change that ended it, null while current',
    'lifecycle.ordinal': "the period's place among the entity's written periods: 1, 2, …",
    'lifecycle.is_last': "1 on the entity's last written period, else 0",
    'lifecycle.tenure_days': "days from the entity's start to the period's start (to the moment of the decision, for the generators deciding a change)",
    'lifecycle.tenure_months': 'the same in months of 30.44 days',
    'lifecycle.state_days': 'days the period lasts, to as_of while current (the days in the state so far, for the generators deciding a change)',
    'lifecycle.<attribute>': "each attribute's value during the period",
  },
  version: 1,
  compile(options, ctx) {
    const attributes = attributeNames(options);
    // Declared first, so the columns reading lifecycle.* still compile when an option below is wrong.
    const ns = ctx.provide('lifecycle', [...FIELDS, ...attributes]);
    const parent = atOption(['parent'], () => ctx.table(options.parent, 'parent'));
    if (parent.name === ctx.tableName) throw new PluginOptionError('a table cannot be its own parent', undefined, ['parent']);
    const parentRow = ctx.parent(parent);
    const startOf = atOption(['start'], () => ctx.read(options.start));
    const machine = atOption([], () => compileMachine(options, attributes, ctx));
    const states = machine.states;
    const attributeCount = attributes.length;
    const stream = ctx.stream('transitions');
    const advance = advancer(options.unit ?? 'days');
    const asOf = ctx.asOf;

    // One entity's periods, reused from entity to entity; attributes flat, attributeCount per period.
    const starts: number[] = [];
    const periodStates: number[] = [];
    const changes: string[] = [];
    const endedBy: (string | null)[] = [];
    const attributeValues: unknown[] = [];
    const current: unknown[] = new Array(attributeCount).fill(null);
    const proposed: unknown[] = new Array(attributeCount).fill(null);
    const probabilities = new Float64Array(Math.max(1, ...states.map((s) => s.transitions.length)));

    /** Shows the machine as it stands at `clock` to the generators deciding what happens next. */
    const showDecision = (clock: number, entityStart: number) => {
      const k = starts.length - 1;
      const periodStart = starts[k];
      ns.state = states[periodStates[k]].name;
      ns.change = changes[k];
      ns.start = periodStart;
      ns.end = null;
      ns.ended_by = null;
      ns.is_last = null;
      ns.ordinal = k + 1;
      ns.tenure_days = (clock - entityStart) / DAY_MS;
      ns.tenure_months = (clock - entityStart) / DAY_MS / MEAN_MONTH_DAYS;
      ns.state_days = (clock - periodStart) / DAY_MS;
      for (let a = 0; a < attributeCount; a++) ns[attributes[a]] = current[a];
    };

    const openPeriod = (start: number, state: number, change: string) => {
      starts.push(start);
      periodStates.push(state);
      changes.push(change);
      endedBy.push(null);
    };
    const recordAttributes = () => {
      for (let a = 0; a < attributeCount; a++) attributeValues.push(current[a]);
    };

    /** Applies `setters` (all evaluated first, on the old values). */
    const applySet = (setters: (RowFn | undefined)[], row: Row) => {
      for (let a = 0; a < attributeCount; a++) proposed[a] = setters[a] ? setters[a]!(row) : current[a];
      for (let a = 0; a < attributeCount; a++) current[a] = proposed[a];
    };

    /** Runs one entity's machine from its start to as_of; leaves its periods in the arrays. */
    const simulate = (p: number, row: Row, entityStart: number) => {
      starts.length = periodStates.length = changes.length = endedBy.length = attributeValues.length = 0;
      current.fill(null);
      let state = machine.pickInitial(row, stream);
      // The initial attributes see the first state, with no attributes yet.
      openPeriod(entityStart, state, machine.initialChange);
      showDecision(entityStart, entityStart);
      applySet(machine.initialSet, row);
      recordAttributes();
      let clock = entityStart;
      for (let checks = 0; states[state].dwell; checks++) {
        if (checks === MAX_CHECKS) {
          throw new RowError(`lifecycle of ${parent.name} row ${p + 1}: ${MAX_CHECKS} checks without reaching as_of; the dwell times of state "${states[state].name}" are too short`);
        }
        showDecision(clock, entityStart);
        const dwell = Number(states[state].dwell!(row));
        if (!(dwell > 0)) throw new RowError(`lifecycle of ${parent.name} row ${p + 1}: dwell time of state "${states[state].name}" is ${dwell}; dwell times must be > 0`);
        const next = Math.max(clock + 1000, Math.round(advance(clock, dwell) / 1000) * 1000);
        if (next > asOf) break;
        clock = next;
        showDecision(clock, entityStart);
        const transition = pickTransition(states[state].transitions, row);
        if (!transition) continue;
        endedBy[endedBy.length - 1] = transition.change;
        applySet(transition.set, row);
        state = transition.to ?? state;
        openPeriod(clock, state, transition.change);
        recordAttributes();
      }
    };

    const pickTransition = (transitions: CompiledTransition[], row: Row): CompiledTransition | undefined => {
      let total = 0;
      for (let i = 0; i < transitions.length; i++) {
        const p = Number(transitions[i].probability(row));
        probabilities[i] = p > 0 ? Math.min(1, p) : 0;
        total += probabilities[i];
      }
      let u = stream.next() * Math.max(1, total);
      for (let i = 0; i < transitions.length; i++) {
        u -= probabilities[i];
        if (u < 0) return transitions[i];
      }
      return undefined;
    };

    /** Emits an entity's periods; true when the runner asked to pause. */
    const emitPeriods = (p: number, entityStart: number, emit: EmitRow): boolean => {
      let pause = false;
      let last = -1;
      for (let k = 0; k < starts.length; k++) if (states[periodStates[k]].emit) last = k;
      let ordinal = 0;
      for (let k = 0; k <= last; k++) {
        if (!states[periodStates[k]].emit) continue;
        const end = k + 1 < starts.length ? starts[k + 1] : null;
        ns.start = starts[k];
        ns.end = end;
        ns.state = states[periodStates[k]].name;
        ns.change = changes[k];
        ns.ended_by = endedBy[k];
        ns.ordinal = ++ordinal;
        ns.is_last = k === last ? 1 : 0;
        ns.tenure_days = (starts[k] - entityStart) / DAY_MS;
        ns.tenure_months = (starts[k] - entityStart) / DAY_MS / MEAN_MONTH_DAYS;
        ns.state_days = ((end ?? asOf) - starts[k]) / DAY_MS;
        for (let a = 0; a < attributeCount; a++) ns[attributes[a]] = attributeValues[k * attributeCount + a];
        if (emit(p)) pause = true;
      }
      return pause;
    };

    return {
      chunkCount: () => Math.ceil(parent.size() / ctx.chunkSize),
      // A generator: a chunk of entities may have MAX_CHECKS periods each; the runner writes them between entities.
      *emitChunk(chunk, emit) {
        const end = Math.min(parent.size(), (chunk + 1) * ctx.chunkSize);
        for (let p = chunk * ctx.chunkSize; p < end; p++) {
          const row = parentRow(p);
          const entityStart = startOf(row);
          if (typeof entityStart !== 'number' || !(entityStart <= asOf)) continue;
          simulate(p, row, entityStart);
          if (emitPeriods(p, entityStart, emit)) yield;
        }
      },
    };
  },
});

interface CompiledTransition {
  to: number | undefined;
  change: string;
  probability: RowFn;
  /** One setter per attribute; undefined keeps the value. */
  set: (RowFn | undefined)[];
}

interface CompiledState {
  name: string;
  emit: boolean;
  dwell: RowFn | undefined;
  transitions: CompiledTransition[];
}

interface Machine {
  states: CompiledState[];
  pickInitial(row: Row, stream: { next(): number }): number;
  initialChange: string;
  initialSet: (RowFn | undefined)[];
}

/** The attributes: every name given a value by initial.set or a transition's set. */
function attributeNames(options: LifecycleOptions): string[] {
  const sets = [options.initial.set, ...Object.values(options.states).flatMap((s) => (s.transitions ?? []).map((t) => t.set))];
  return [...new Set(sets.flatMap((set) => Object.keys(set ?? {})))];
}

/** Validates states and transitions and compiles every nested generator (the `lifecycle` fields are declared by then). */
function compileMachine(options: LifecycleOptions, attributes: string[], ctx: DriverContext): Machine {
  const names = Object.keys(options.states);
  const stateIndex = (name: string, at: (string | number)[]): number => {
    const index = names.indexOf(name);
    if (index < 0) throw new PluginOptionError(`state "${name}" is not declared under states`, didYouMean(name, names, 'state'), at);
    return index;
  };
  const clash = attributes.find((a) => FIELDS.includes(a));
  if (clash) throw new PluginOptionError(`attribute "${clash}" has the name of a lifecycle field`, `rename it: ${FIELDS.join(', ')} are taken`, ['initial', 'set']);
  const numeric = (spec: number | Record<string, unknown>, slot: string, at: (string | number)[]): RowFn =>
    typeof spec === 'number' ? () => spec : atOption(at, () => ctx.generator(spec, slot));
  const setters = (set: Record<string, unknown> | undefined, slot: string, at: (string | number)[]): (RowFn | undefined)[] =>
    attributes.map((attribute) => {
      if (!set || !(attribute in set)) return undefined;
      const spec = set[attribute];
      if (spec === null || typeof spec !== 'object') return () => spec as Scalar;
      return atOption([...at, attribute], () => ctx.generator(spec, `${slot}.${attribute}`, 'text'));
    });

  const states: CompiledState[] = names.map((name) => {
    const state = options.states[name];
    const at = ['states', name];
    const transitions = (state.transitions ?? []).map((t, i): CompiledTransition => {
      const tAt = [...at, 'transitions', i];
      const to = t.to === undefined ? undefined : stateIndex(t.to, [...tAt, 'to']);
      return {
        to,
        change: t.change ?? t.to ?? name,
        probability: numeric(t.probability, `${name}/${i}/probability`, [...tAt, 'probability']),
        set: setters(t.set, `${name}/${i}/set`, [...tAt, 'set']),
      };
    });
    if (transitions.length && state.dwell === undefined) throw new PluginOptionError(`state "${name}" has transitions but no dwell`, 'add dwell: the time until each check', at);
    if (!transitions.length && state.dwell !== undefined) throw new PluginOptionError(`state "${name}" has a dwell but no transitions`, 'add transitions, or drop dwell to make the state final', [...at, 'dwell']);
    const dwell = state.dwell === undefined ? undefined : numeric(state.dwell, `${name}/dwell`, [...at, 'dwell']);
    return { name, emit: state.emit !== false, dwell, transitions };
  });

  const initial = options.initial.state;
  let pickInitial: Machine['pickInitial'];
  if (typeof initial === 'string') {
    const index = stateIndex(initial, ['initial', 'state']);
    pickInitial = () => index;
  } else {
    const entries = Object.entries(initial);
    const indexes = entries.map(([name]) => stateIndex(name, ['initial', 'state', name]));
    const weights = entries.map(([name, w]) => numeric(w, `initial/${name}`, ['initial', 'state', name]));
    const totals = new Float64Array(entries.length);
    pickInitial = (row, stream) => {
      let total = 0;
      for (let i = 0; i < weights.length; i++) totals[i] = total += Math.max(0, Number(weights[i](row)) || 0);
      if (!(total > 0)) throw new RowError('lifecycle: every initial state has weight 0 for one of the parents');
      return indexes[pickWeighted(totals, stream.next())];
    };
  }
  return { states, pickInitial, initialChange: options.initial.change ?? 'start', initialSet: setters(options.initial.set, 'initial/set', ['initial', 'set']) };
}

function advancer(unit: DwellUnit): (ms: number, amount: number) => number {
  switch (unit) {
    case 'days':
      return (ms, amount) => ms + amount * DAY_MS;
    case 'weeks':
      return (ms, amount) => ms + amount * 7 * DAY_MS;
    case 'months':
      // Whole months follow the calendar; a fraction adds that share of a mean month.
      return (ms, amount) => {
        const whole = Math.trunc(amount);
        return addUnits(ms, whole, 'month') + (amount - whole) * MEAN_MONTH_DAYS * DAY_MS;
      };
  }
}
