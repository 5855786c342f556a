/** The child process of caseProcess.ts: checks each case it is sent and answers with the outcome, or the internal error's stack. */
import { loadPlugins } from '../../engine/plugins/registry';
import type { CaseReply, CaseRequest } from './caseProcess';
import { checkCase } from './specInvariants';

process.on('message', (request: CaseRequest) => {
  checkCase(request.root, request.dir, request.fuzzCase, request.limits).then(
    (outcome) => reply({ outcome }),
    (err: unknown) => reply({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
  );
});

function reply(message: CaseReply): void {
  process.send!(message);
}

// The engine and its plugins are loaded: cases may come.
loadPlugins();
reply({ ready: true });
