#!/usr/bin/env node
// Signals are caught before the CLI loads, so an interrupt during start-up ends with a message too.
require('../dist/engine/cli/interrupts.js').catchInterrupts();
require('../dist/engine/cli/main.js').main(process.argv);
