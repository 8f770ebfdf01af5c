import {
  AndFilter,
  ApproximateFilter,
  EqualityFilter,
  ExtensibleFilter,
  Filter,
  GreaterThanEqualsFilter,
  LessThanEqualsFilter,
  NotFilter,
  OrFilter,
  PresenceFilter,
  SubstringFilter,
} from 'ldapts';

export class InvalidFilterError extends Error {
  constructor(filter: string, reason: string) {
    super(`Invalid LDAP filter ${JSON.stringify(filter)}: ${reason}`);
    this.name = 'InvalidFilterError';
  }
}

const ATTRIBUTE = /^(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)+)(?:;[A-Za-z0-9-]+)*$/;

/**
 * Compiles an RFC 4515 filter string into ldapts filter objects.
 *
 * ldapts parses string filters itself, but it turns each `\xx` escape into one UTF-16 character,
 * so escaped non-ASCII letters and binary values (objectSid, objectGUID) reach the server as the
 * wrong bytes. This compiler decodes escapes to bytes: an equality value that is not valid UTF-8
 * is sent as raw octets, everything else as UTF-8 text.
 */
export function compileFilter(filter: string): Filter {
  const parser = new FilterStringParser(filter);
  const compiled = parser.parseFilter();
  parser.expectEnd();

  return compiled;
}

class FilterStringParser {
  private position = 0;

  constructor(private readonly source: string) {}

  parseFilter(): Filter {
    this.expect('(');
    const operator = this.source[this.position];
    let filter: Filter;
    if (operator === '&' || operator === '|') {
      this.position += 1;
      const filters: Filter[] = [];
      while (this.source[this.position] === '(') {
        filters.push(this.parseFilter());
      }

      if (filters.length === 0) {
        throw this.error(`"${operator}" needs at least one filter`);
      }

      filter = operator === '&' ? new AndFilter({ filters }) : new OrFilter({ filters });
    } else if (operator === '!') {
      this.position += 1;
      filter = new NotFilter({ filter: this.parseFilter() });
    } else {
      filter = this.parseItem();
    }

    this.expect(')');

    return filter;
  }

  expectEnd(): void {
    if (this.position !== this.source.length) {
      throw this.error(`unexpected text at position ${this.position}`);
    }
  }

  private parseItem(): Filter {
    const end = this.findItemEnd();
    const item = this.source.slice(this.position, end);
    this.position = end;

    const extensible = /^([^:=]*)((?::dn)?)(?::([^:=]+))?:=(.*)$/is.exec(item);
    if (extensible && (extensible[1] === '' || ATTRIBUTE.test(extensible[1]))) {
      const [, attribute, dn, rule, value] = extensible;
      if (attribute === '' && rule === undefined) {
        throw this.error('an extensible match needs an attribute or a matching rule');
      }

      return new ExtensibleFilter({
        matchType: attribute,
        dnAttributes: dn !== '',
        rule,
        value: this.decodeText(value),
      });
    }

    const simple = /^([^=~<>]+)(=|~=|>=|<=)(.*)$/s.exec(item);
    if (!simple) {
      throw this.error(`"${item}" is not a filter item`);
    }

    const [, attribute, operator, value] = simple;
    if (!ATTRIBUTE.test(attribute)) {
      throw this.error(`"${attribute}" is not an attribute description`);
    }

    switch (operator) {
      case '~=':
        return new ApproximateFilter({ attribute, value: this.decodeText(value) });
      case '>=':
        return new GreaterThanEqualsFilter({ attribute, value: this.decodeText(value) });
      case '<=':
        return new LessThanEqualsFilter({ attribute, value: this.decodeText(value) });
      default:
        return this.parseEqualityLike(attribute, value);
    }
  }

  private parseEqualityLike(attribute: string, value: string): Filter {
    if (value === '*') {
      return new PresenceFilter({ attribute });
    }

    if (!value.includes('*')) {
      const bytes = this.decodeBytes(value);

      return new EqualityFilter({
        attribute,
        value: isUtf8(bytes) ? bytes.toString('utf8') : bytes,
      });
    }

    const parts = value.split('*');
    const initial = parts.shift() ?? '';
    const final = parts.pop() ?? '';
    if (parts.some((part) => part === '')) {
      throw this.error('a substring filter cannot contain "**"');
    }

    return new SubstringFilter({
      attribute,
      initial: this.decodeText(initial),
      any: parts.map((part) => this.decodeText(part)),
      final: this.decodeText(final),
    });
  }

  /** Finds the `)` that closes the current item; values may contain escaped parentheses only. */
  private findItemEnd(): number {
    for (let index = this.position; index < this.source.length; index += 1) {
      const char = this.source[index];
      if (char === '\\') {
        index += 2;
      } else if (char === '(') {
        throw this.error(`unescaped "(" at position ${index}`);
      } else if (char === ')') {
        return index;
      }
    }

    throw this.error('missing ")"');
  }

  private decodeText(value: string): string {
    const bytes = this.decodeBytes(value);
    if (!isUtf8(bytes)) {
      throw this.error('only an equality match may carry a binary value');
    }

    return bytes.toString('utf8');
  }

  private decodeBytes(value: string): Buffer {
    const chunks: Buffer[] = [];
    let text = '';
    for (let index = 0; index < value.length; index += 1) {
      const char = value[index];
      if (char !== '\\') {
        text += char;
        continue;
      }

      const hex = value.slice(index + 1, index + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) {
        throw this.error(`"\\${hex}" is not a valid escape`);
      }

      chunks.push(Buffer.from(text, 'utf8'), Buffer.from(hex, 'hex'));
      text = '';
      index += 2;
    }

    chunks.push(Buffer.from(text, 'utf8'));

    return Buffer.concat(chunks);
  }

  private expect(char: string): void {
    if (this.source[this.position] !== char) {
      throw this.error(`expected "${char}" at position ${this.position}`);
    }

    this.position += 1;
  }

  private error(reason: string): InvalidFilterError {
    return new InvalidFilterError(this.source, reason);
  }
}

function isUtf8(bytes: Buffer): boolean {
  return Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes);
}
