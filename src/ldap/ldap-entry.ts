/** Attribute values as the LDAP layer hands them out: text, or bytes for binary attributes. */
export type LdapValue = string | Buffer;

/**
 * One directory entry with case-insensitive attribute access. Values of binary attributes are
 * Buffers; everything else is UTF-8 text. Absent attributes, empty lists and empty strings all
 * read as "no value".
 */
export class LdapEntry {
  private readonly values = new Map<string, LdapValue[]>();

  constructor(
    readonly dn: string,
    attributes: Record<string, LdapValue | LdapValue[]> = {},
  ) {
    for (const [name, value] of Object.entries(attributes)) {
      this.set(name, Array.isArray(value) ? value : [value]);
    }
  }

  /** Replaces an attribute's values; an empty list removes it. */
  set(name: string, values: LdapValue[]): void {
    const kept = values.filter((value) => value.length > 0);
    if (kept.length === 0) {
      this.values.delete(name.toLowerCase());

      return;
    }

    this.values.set(name.toLowerCase(), kept);
  }

  has(name: string): boolean {
    return this.values.has(name.toLowerCase());
  }

  /** Attribute names present on the entry, lower-cased. */
  names(): string[] {
    return [...this.values.keys()];
  }

  /** First value as text, or undefined when absent. */
  text(name: string): string | undefined {
    const value = this.values.get(name.toLowerCase())?.[0];

    return value === undefined ? undefined : asText(value);
  }

  /** Returns every value as text. */
  texts(name: string): string[] {
    return (this.values.get(name.toLowerCase()) ?? []).map(asText);
  }

  /** First value as an integer, or undefined when absent or not a number. */
  integer(name: string): number | undefined {
    const value = this.text(name);
    if (value === undefined || !/^-?\d+$/.test(value)) {
      return undefined;
    }

    return Number(value);
  }

  /** First value as bytes; binary attributes must be requested as binary for this to be exact. */
  buffer(name: string): Buffer | undefined {
    const value = this.values.get(name.toLowerCase())?.[0];

    return value === undefined ? undefined : asBuffer(value);
  }

  buffers(name: string): Buffer[] {
    return (this.values.get(name.toLowerCase()) ?? []).map(asBuffer);
  }
}

function asText(value: LdapValue): string {
  return typeof value === 'string' ? value : value.toString('utf8');
}

function asBuffer(value: LdapValue): Buffer {
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
}
