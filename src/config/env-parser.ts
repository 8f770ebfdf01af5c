/**
 * Reads typed values out of an environment map and collects every problem instead of stopping
 * at the first one, so a bad deployment is fixed in one round.
 */
export class EnvParser {
  readonly errors: string[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  raw(name: string): string | undefined {
    const value = this.env[name];

    return value === undefined || value.trim() === '' ? undefined : value;
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  optionalString(name: string): string | undefined {
    return this.raw(name);
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.raw(name);
    if (value === undefined) {
      return fallback;
    }

    const normalized = value.trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(normalized)) {
      return true;
    }

    if (['false', '0', 'no', 'off'].includes(normalized)) {
      return false;
    }

    this.errors.push(`${name}: expected true or false, got "${value}"`);

    return fallback;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) {
      return fallback;
    }

    const parsed = Number(value.trim());
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      this.errors.push(`${name}: expected an integer from ${min} to ${max}, got "${value}"`);

      return fallback;
    }

    return parsed;
  }

  list(name: string, fallback: string[]): string[] {
    const value = this.raw(name);
    if (value === undefined) {
      return fallback;
    }

    return value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  }

  json<T>(name: string, fallback: T, isValid: (value: unknown) => value is T): T {
    const value = this.raw(name);
    if (value === undefined) {
      return fallback;
    }

    try {
      const parsed: unknown = JSON.parse(value);
      if (isValid(parsed)) {
        return parsed;
      }
    } catch {
      // Reported below together with values of the wrong shape.
    }

    this.errors.push(`${name}: expected a JSON object of the documented shape`);

    return fallback;
  }

  oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
    const value = this.raw(name);
    if (value === undefined) {
      return fallback;
    }

    if (!(allowed as readonly string[]).includes(value.trim())) {
      this.errors.push(`${name}: expected one of ${allowed.join(', ')}, got "${value}"`);

      return fallback;
    }

    return value.trim() as T;
  }

  fail(name: string, message: string): void {
    this.errors.push(`${name}: ${message}`);
  }
}
