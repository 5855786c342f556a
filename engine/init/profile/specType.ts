import type { SourceType } from '../sourceDatabase';

/** The spec's `type:` of a source type; an unsupported one is written as text. */
export function typeOf(type: SourceType): unknown {
  switch (type.kind) {
    case 'decimal':
      return type.precision !== undefined && type.precision <= 38 ? { decimal: [type.precision, Math.min(type.scale ?? 0, type.precision)] } : 'real';
    case 'varchar':
      return type.length !== undefined && type.length <= 16_383 ? { varchar: type.length } : 'text';
    case 'char':
      return type.length !== undefined && type.length <= 255 ? { char: type.length } : 'text';
    case 'unsupported':
      return 'text';
    default:
      return type.kind;
  }
}
