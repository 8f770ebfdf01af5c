import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { Attribute, Change, Client, Control, Entry } from 'ldapts';

import { APP_CONFIG, AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { ConcurrencyLimit } from '../common/concurrency-limit';
import { DomainError, ErrorCode } from '../common/errors';
import { DirectorySettings } from './directory-settings';
import { compileFilter, InvalidFilterError } from './filter-compiler';
import { openConnection } from './ldap-connection';
import { LdapEntry, LdapValue } from './ldap-entry';
import { LdapOperationError, LdapResultCode, toLdapOperationError } from './ldap-error';
import { LdapPool } from './ldap-pool';
import { withHexBackslashes } from './syntax/dn';

export type SearchScope = 'base' | 'one' | 'sub';

export interface SearchOptions {
  scope: SearchScope;
  /** An RFC 4515 filter built with the escaping helpers; defaults to `(objectClass=*)`. */
  filter?: string;
  attributes?: string[];
  /** Stop after this many entries (0 or undefined: no limit). */
  sizeLimit?: number;
  controls?: Control[];
}

export type AttributeValues = LdapValue | LdapValue[];

export interface LdapChange {
  operation: 'add' | 'delete' | 'replace';
  attribute: string;
  /** Empty with `delete` removes the whole attribute. */
  values: LdapValue[];
}

/**
 * Attributes AD stores as bytes. ldapts decodes every value as UTF-8 unless the attribute is
 * named here, and it matches names case-sensitively, so both the schema spelling and the
 * lower-case spelling are listed.
 */
export const BINARY_ATTRIBUTES = [
  'objectSid',
  'objectGUID',
  'tokenGroups',
  'nTSecurityDescriptor',
  'dnsRecord',
  'dNSProperty',
  'sIDHistory',
  'thumbnailPhoto',
  'jpegPhoto',
  'userCertificate',
  'msExchMailboxGuid',
  'securityIdentifier',
].flatMap((name) => [name, name.toLowerCase()]);

/** Tree-delete control (1.2.840.113556.1.4.805): deletes an entry with its whole subtree. */
const TREE_DELETE_OID = '1.2.840.113556.1.4.805';

const RANGED_NAME = /^(.+);range=(\d+)-(\d+|\*)$/i;

/** Carries an error thrown by the mapping function of searchEach out of `run` unchanged. */
class MappingError extends Error {
  constructor(readonly original: unknown) {
    super('The mapping function of a search failed.');
  }
}

/**
 * The one place where the API talks LDAP. Operations run on pooled service-account connections;
 * entries come back as LdapEntry values with binary attributes as Buffers. Every multi-entry
 * search uses the paged-results control, because AD returns at most MaxPageSize (1,000) entries
 * without it, and attribute values that AD returns in ranges are completed before returning.
 */
@Injectable()
export class LdapGateway {
  private readonly logger = new Logger(LdapGateway.name);
  private readonly bulkReads: ConcurrencyLimit;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly pool: LdapPool,
    private readonly settings: DirectorySettings,
    @Optional() private readonly metrics?: MetricsService,
  ) {
    this.bulkReads = new ConcurrencyLimit(config.ldap.poolSize);
  }

  /**
   * Runs `work` once fewer than LDAP_POOL_SIZE bulk reads (reads of up to thousands of entries)
   * are running. The pool alone does not bound their memory, because a read made of many short
   * searches, such as a group fetch of 5,000 members, returns its connection between searches.
   * Without this limit every such request in flight would hold its partial result at once.
   */
  async limitBulkRead<T>(work: () => Promise<T>): Promise<T> {
    return this.bulkReads.run(work);
  }

  /** Searches the directory; scopes `one` and `sub` are always paged. */
  async search(base: string, options: SearchOptions): Promise<LdapEntry[]> {
    return this.searchEach(base, options, (entry) => entry);
  }

  /**
   * Searches like `search` and passes each entry through `map` as soon as its page arrives, so
   * only the mapped results stay in memory. Paged searches use `searchPaginated`, because
   * ldapts 8.2's `search` keeps the decoded response messages of every page until the last one.
   */
  async searchEach<T>(
    base: string,
    options: SearchOptions,
    map: (entry: LdapEntry) => T,
  ): Promise<T[]> {
    const filter = this.compile(options.filter ?? '(objectClass=*)');
    const request = {
      scope: options.scope,
      filter,
      attributes: options.attributes,
      sizeLimit: options.sizeLimit ?? 0,
      explicitBufferAttributes: BINARY_ATTRIBUTES,
    };

    return this.run('search', base, true, async (client) => {
      const results: T[] = [];
      if (options.scope === 'base') {
        const { searchEntries } = await client.search(base, request, options.controls);
        await this.mapPage(client, searchEntries, map, results);

        return results;
      }

      const pages = client.searchPaginated(
        base,
        { ...request, paged: { pageSize: this.config.ldap.pageSize } },
        options.controls,
      );
      for await (const { searchEntries } of pages) {
        await this.mapPage(client, searchEntries, map, results);
      }

      return results;
    });
  }

  /** Reads one entry by DN; undefined when it does not exist. */
  async read(
    dn: string,
    attributes?: string[],
    controls?: Control[],
  ): Promise<LdapEntry | undefined> {
    try {
      const [entry] = await this.search(dn, { scope: 'base', attributes, controls });

      return entry;
    } catch (error) {
      if (error instanceof LdapOperationError && error.resultCode === LdapResultCode.NoSuchObject) {
        return undefined;
      }

      throw error;
    }
  }

  /**
   * Reads every value of a multi-valued attribute with range retrieval (`member;range=0-1499`),
   * asking for LDAP_RANGE_STEP values at a time until the server returns a `-*` range.
   */
  async readAllValues(dn: string, attribute: string): Promise<LdapValue[]> {
    return this.run('search', dn, true, (client) => this.readRanges(client, dn, attribute, 0));
  }

  async add(dn: string, attributes: Record<string, AttributeValues>): Promise<void> {
    const list = Object.entries(attributes).map(
      ([type, value]) => new Attribute({ type, values: toValues(value) }),
    );
    await this.run('add', dn, false, (client) => client.add(dn, list));
  }

  /** Applies all changes in one modify operation, so they succeed or fail together. */
  async modify(dn: string, changes: LdapChange[]): Promise<void> {
    if (changes.length === 0) {
      return;
    }

    const list = toChanges(changes);
    await this.run('modify', dn, false, (client) => client.modify(dn, list));
  }

  /** Renames or moves an entry; `newDn` must be built with the DN escaping helpers. */
  async modifyDn(dn: string, newDn: string): Promise<void> {
    const request = withHexBackslashes(newDn);
    await this.run('modifyDN', dn, false, (client) => client.modifyDN(dn, request));
  }

  /** Deletes an entry; `recursive` deletes its subtree too with the tree-delete control. */
  async delete(dn: string, options: { recursive?: boolean } = {}): Promise<void> {
    const controls =
      options.recursive === true ? [new Control(TREE_DELETE_OID, { critical: true })] : undefined;
    await this.run('delete', dn, false, (client) => client.del(dn, controls));
  }

  /**
   * Binds as a user on a short-lived connection that never enters the pool, and runs `work` on
   * it while bound (nothing when omitted). Throws LdapOperationError with the AD sub-code when
   * the bind fails.
   */
  async withUserBind<T>(
    dn: string,
    password: string,
    work?: (session: UserSession) => Promise<T>,
  ): Promise<T | undefined> {
    const settings = this.settings.current();
    let lastError: unknown;
    for (const endpoint of this.pool.endpoints(settings)) {
      let client: Client;
      try {
        client = await openConnection(endpoint, settings, dn, password);
      } catch (error) {
        if (error instanceof LdapOperationError && error.resultCode === undefined) {
          this.pool.markDown(endpoint);
          lastError = error;
          continue;
        }

        throw error;
      }

      try {
        return work === undefined ? undefined : await work(new UserSession(client));
      } finally {
        await client.unbind().catch(() => undefined);
      }
    }

    throw lastError;
  }

  private compile(filter: string) {
    try {
      return compileFilter(filter);
    } catch (error) {
      if (error instanceof InvalidFilterError) {
        // Filters are built by the escaping helpers, so a parse failure is a bug, not bad input.
        this.logger.error(error.message);
        throw new DomainError(ErrorCode.InternalError, 'The directory query could not be built.', {
          cause: error,
        });
      }

      throw error;
    }
  }

  /**
   * Runs one operation on a pooled connection. A connection that failed at the socket level is
   * destroyed instead of returned. Reads are retried once on a fresh connection. Writes are not,
   * because the server may have applied them before the connection dropped.
   */
  private async run<T>(
    operation: string,
    dn: string,
    retryable: boolean,
    work: (client: Client) => Promise<T>,
  ): Promise<T> {
    const started = process.hrtime.bigint();
    for (let attempt = 1; ; attempt += 1) {
      const client = await this.pool.acquire();
      try {
        const result = await work(client);
        if (!client.isBound) {
          // ldapts re-opened a dropped socket without binding; the result is not trustworthy.
          throw new LdapOperationError({ operation, diagnostic: 'connection was reset' });
        }

        await this.pool.release(client);
        this.logOperation(operation, dn, 0, started);

        return result;
      } catch (caught) {
        if (caught instanceof MappingError) {
          // The caller's mapping failed, not the directory, so there is no retry. The connection
          // is closed because it may still hold the abandoned paged search.
          await this.pool.destroy(client);
          throw caught.original;
        }

        const error = toLdapOperationError(operation, caught);
        const connectionLost = error.resultCode === undefined;
        if (connectionLost) {
          await this.pool.destroy(client);
        } else {
          await this.pool.release(client);
        }

        this.logOperation(operation, dn, error.resultCode ?? -1, started);
        if (connectionLost && retryable && attempt === 1) {
          this.logger.warn(`Directory connection lost during ${operation}; retrying once`);
          continue;
        }

        throw error;
      }
    }
  }

  private logOperation(operation: string, dn: string, resultCode: number, started: bigint): void {
    const milliseconds = Number(process.hrtime.bigint() - started) / 1e6;
    this.logger.debug({ operation, dn, resultCode, milliseconds }, 'LDAP operation');
    this.metrics?.observeLdap(operation, resultCode, milliseconds / 1000);
  }

  /** Converts one page of raw entries, completing ranged values, and appends them mapped. */
  private async mapPage<T>(
    client: Client,
    page: Entry[],
    map: (entry: LdapEntry) => T,
    results: T[],
  ): Promise<void> {
    const entries = await Promise.all(page.map((raw) => this.toEntry(client, raw)));
    for (const entry of entries) {
      let mapped: T;
      try {
        mapped = map(entry);
      } catch (error) {
        throw new MappingError(error);
      }

      results.push(mapped);
    }
  }

  private async toEntry(client: Client, raw: Entry): Promise<LdapEntry> {
    const entry = new LdapEntry(raw.dn);
    for (const [name, value] of Object.entries(raw)) {
      if (name === 'dn') {
        continue;
      }

      const values = toValues(value);
      const ranged = RANGED_NAME.exec(name);
      if (ranged === null) {
        entry.set(name, values);
        continue;
      }

      const [, attribute, , end] = ranged;
      const rest =
        end === '*' ? [] : await this.readRanges(client, raw.dn, attribute, Number(end) + 1);
      entry.set(attribute, [...values, ...rest]);
    }

    return entry;
  }

  private async readRanges(
    client: Client,
    dn: string,
    attribute: string,
    start: number,
  ): Promise<LdapValue[]> {
    const values: LdapValue[] = [];
    const step = this.config.ldap.rangeStep;
    let low = start;
    for (;;) {
      const { searchEntries } = await client.search(dn, {
        scope: 'base',
        filter: '(objectClass=*)',
        attributes: [`${attribute};range=${low}-${low + step - 1}`],
        explicitBufferAttributes: BINARY_ATTRIBUTES,
      });
      const raw = searchEntries[0] as Entry | undefined;
      if (raw === undefined) {
        return values;
      }

      const returned = Object.keys(raw).find((name) => name !== 'dn');
      if (returned === undefined) {
        return values;
      }

      const page = toValues(raw[returned]);
      values.push(...page);
      const ranged = RANGED_NAME.exec(returned);
      // An empty page ends the loop too. Samba returns a closed, empty range for a group without
      // members, and the loop would otherwise request the next range forever.
      if (ranged === null || ranged[3] === '*' || page.length === 0) {
        return values;
      }

      low = Number(ranged[3]) + 1;
    }
  }
}

/** A connection bound as an end user, for operations that must run with the user's own rights. */
export class UserSession {
  constructor(private readonly client: Client) {}

  async modify(dn: string, changes: LdapChange[]): Promise<void> {
    try {
      await this.client.modify(dn, toChanges(changes));
    } catch (error) {
      throw toLdapOperationError('modify', error);
    }
  }
}

function toChanges(changes: LdapChange[]): Change[] {
  return changes.map(
    (change) =>
      new Change({
        operation: change.operation,
        modification: new Attribute({ type: change.attribute, values: toValues(change.values) }),
      }),
  );
}

function toValues(value: AttributeValues | undefined): string[] | Buffer[] {
  if (value === undefined) {
    return [];
  }

  const list = Array.isArray(value) ? value : [value];
  if (list.every((item) => typeof item === 'string')) {
    return list;
  }

  return list.map((item) => (typeof item === 'string' ? Buffer.from(item, 'utf8') : item));
}
