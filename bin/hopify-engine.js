#!/usr/bin/env node
require('../dist/engine/cli/main.js').main(process.argv);
