const Sequencer = require('@jest/test-sequencer').default;

/**
 * The suites that take longest, slowest first (as measured on a two-core machine). Jest starts the slowest suites first when its cache holds their last times; on a
 * clean checkout (CI) it has none and orders by file size, which started these short files
 * last and left one worker running them alone at the end.
 */
const SLOWEST = [
  'test/robustness/fuzz.test.ts',
  'test/targets/sameRows.test.ts',
  'test/scaleout/shards.test.ts',
  'test/security/outputs.test.ts',
  'test/examples/tpch.test.ts',
];

/** Jest's own order (failed first, then slowest known, then largest), with the suites above moved to the front. */
class SlowFirstSequencer extends Sequencer {
  sort(tests) {
    const rank = (test) => SLOWEST.findIndex((suffix) => test.path.endsWith(suffix));
    const sorted = super.sort(tests);
    const slow = sorted.filter((test) => rank(test) >= 0).sort((a, b) => rank(a) - rank(b));
    return [...slow, ...sorted.filter((test) => rank(test) < 0)];
  }
}

module.exports = SlowFirstSequencer;
