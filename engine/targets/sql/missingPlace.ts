import { userError, type UserError } from '../../errors/problem';
import { suggestName } from '../../spec/suggest';
import { displayUrl } from './connectWithKnex';

/**
 * A server target names a database or schema that does not exist. The engine creates one only
 * when asked (`--create`): a misspelt name must fail, not quietly become a new, empty place.
 * Readers pass a `hint` of their own: they never create anything.
 */
export function missingPlace(kind: 'database' | 'schema', name: string, visible: string[], url: string, hint = `fix the name, or pass --create to create ${kind} "${name}"`): UserError {
  const suggestion = suggestName(name, visible, kind);
  return userError('TARGET_UNREACHABLE', `${displayUrl(url)} has no ${kind} "${name}"; ${suggestion}`, { hint });
}
