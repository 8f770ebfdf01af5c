import { DirectoryConfig } from '../config/app-config';
import { and, contains, eq, not, or } from '../ldap/syntax/filter-builder';

/**
 * Builds the filter that selects user accounts: the configured object class (default `person`),
 * without contacts and, unless turned off, without computer accounts (computers are persons
 * in the AD schema too). `extra` narrows it further.
 */
export function userFilter(settings: DirectoryConfig, ...extra: string[]): string {
  const parts = [eq('objectClass', settings.userObjectClass), not(eq('objectClass', 'contact'))];
  if (settings.excludeComputerAccounts) {
    parts.push(not(eq('objectClass', 'computer')));
  }

  return and(...parts, ...extra);
}

/** Case-insensitive substring match over the names a person would search for. */
export function userSearchFilter(term: string): string {
  return or(
    ...['sAMAccountName', 'givenName', 'sn', 'displayName', 'mail'].map((attribute) =>
      contains(attribute, term),
    ),
  );
}
