/**
 * Base class of the errors raised when a value does not fit its LDAP syntax: a DN, a filter
 * part, a SID, a GUID, a FILETIME or a GeneralizedTime. When the value came from a request this
 * is a client error, but when it came from the directory it is a server fault.
 */
export class LdapSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
