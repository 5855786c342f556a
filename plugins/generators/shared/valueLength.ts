import { tooCostly, type CompileContext } from '../../../engine/contract';

/** Refuses text that would be every value a generator makes, or part of it, when it is longer than value_length. */
export function refuseLongText(text: string, what: string, limits: CompileContext['limits'], at: (string | number)[] = []): void {
  if (text.length <= limits.value_length) return;
  const n = (value: number) => value.toLocaleString('en-US');
  throw tooCostly('value_length', limits, `${what} is a text of ${n(text.length)} characters, more than the ${n(limits.value_length)} one value may have`, at);
}
