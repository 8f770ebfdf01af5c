/**
 * `dnsRecord` values (base64) written by a Samba 4.17.12 AD DC in zone `interlock.test`, read
 * with `ldapsearch` over LDAPS from
 * `DC=<node>,DC=interlock.test,CN=MicrosoftDNS,DC=DomainDnsZones,DC=interlock,DC=test`.
 *
 * - `zone*` and `dc*` values were written when the domain was provisioned, or by
 *   `scripts/sandbox.sh` with `samba-tool dns add`.
 * - `static*` values were written with `samba-tool dns add 127.0.0.1 interlock.test <node>
 *   <TYPE> <data>`, which goes through the DNS server's RPC interface.
 * - `dynamic*` values were written by `nsupdate -g` (a GSS-TSIG signed dynamic update as
 *   Administrator). Such records carry a TimeStamp, and deleting the last record of a node this
 *   way leaves a tombstone. `samba-tool dns delete` removes the whole node instead.
 *
 * The capture nodes were named `codec-vector-*` and deleted afterwards. Each comment gives the
 * node and the samba-tool or nsupdate data that produced the value.
 */
export const SAMBA_DNS_RECORDS = {
  /** `@` SOA after some updates: serial 18, refresh 900, retry 600, expire 86400, minimum 3600. */
  zoneSoa:
    'TgAGAAXwAAASAAAAAAAOEAAAAAAAAAAAAAAAEgAAA4QAAAJYAAFRgAAADhAbAwpzYW5kYm94LWRjCWludGVybG9jawR0' +
    'ZXN0ABsDCmhvc3RtYXN0ZXIJaW50ZXJsb2NrBHRlc3QA',
  /** `@` NS sandbox-dc.interlock.test, from provisioning. */
  zoneNs: 'HQACAAXwAAABAAAAAAADhAAAAAAAAAAAGwMKc2FuZGJveC1kYwlpbnRlcmxvY2sEdGVzdAA=',
  /** `@` AAAA ::1, from provisioning. */
  zoneAaaa: 'EAAcAAXwAAABAAAAAAADhAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQ==',
  /** `@` A 127.0.0.1, added by scripts/sandbox.sh. */
  zoneA: 'BAABAAXwAAADAAAAAAADhAAAAAAAAAAAfwAAAQ==',
  /** `sandbox-dc` A 127.0.0.1, the DC's own host record, added by scripts/sandbox.sh. */
  dcA: 'BAABAAXwAAACAAAAAAADhAAAAAAAAAAAfwAAAQ==',
  /** `_msdcs` NS sandbox-dc.interlock.test: the delegation to the forest zone, rank 0x82. */
  dcMsdcsNs: 'HQACAAWCAAABAAAAAAADhAAAAAAAAAAAGwMKc2FuZGJveC1kYwlpbnRlcmxvY2sEdGVzdAA=',
  /** `_ldap._tcp` SRV 0 100 389 sandbox-dc.interlock.test, from provisioning. */
  dcLdapSrv: 'IwAhAAXwAAABAAAAAAADhAAAAAAAAAAAAAAAZAGFGwMKc2FuZGJveC1kYwlpbnRlcmxvY2sEdGVzdAA=',
  /** `codec-vector-a` A 192.0.2.10. */
  staticA: 'BAABAAXwAAAEAAAAAAADhAAAAAAAAAAAwAACCg==',
  /** `codec-vector-a` A 198.51.100.255, the second value of the same node. */
  staticA2: 'BAABAAXwAAAFAAAAAAADhAAAAAAAAAAAxjNk/w==',
  /** `codec-vector-aaaa` AAAA 2001:db8::10. */
  staticAaaa: 'EAAcAAXwAAAGAAAAAAADhAAAAAAAAAAAIAENuAAAAAAAAAAAAAAAEA==',
  /** `codec-vector-aaaa` AAAA fe80::1:2:3:4. */
  staticAaaa2: 'EAAcAAXwAAAHAAAAAAADhAAAAAAAAAAA/oAAAAAAAAAAAQACAAMABA==',
  /** `codec-vector-cname` CNAME target.interlock.test (given without a trailing dot). */
  staticCname: 'GQAFAAXwAAAIAAAAAAADhAAAAAAAAAAAFwMGdGFyZ2V0CWludGVybG9jawR0ZXN0AA==',
  /** `codec-vector-cname-dot` CNAME target.example.net. (given with a trailing dot). */
  staticCnameDot: 'FgAFAAXwAAAJAAAAAAADhAAAAAAAAAAAFAMGdGFyZ2V0B2V4YW1wbGUDbmV0AA==',
  /** `codec-vector-cname-utf8` CNAME zürich.example.net, stored as UTF-8. */
  staticCnameUtf8: 'FwAFAAXwAAAUAAAAAAADhAAAAAAAAAAAFQMHesO8cmljaAdleGFtcGxlA25ldAA=',
  /** `codec-vector-ns` NS ns1.example.net: a delegation below the apex, so rank 0x82. */
  staticNs: 'EwACAAWCAAAKAAAAAAADhAAAAAAAAAAAEQMDbnMxB2V4YW1wbGUDbmV0AA==',
  /** `codec-vector-ptr` PTR host.example.net. */
  staticPtr: 'FAAMAAXwAAALAAAAAAADhAAAAAAAAAAAEgMEaG9zdAdleGFtcGxlA25ldAA=',
  /** `codec-vector-mx` MX "mail.example.net 10". */
  staticMx: 'FgAPAAXwAAAMAAAAAAADhAAAAAAAAAAAAAoSAwRtYWlsB2V4YW1wbGUDbmV0AA==',
  /** `codec-vector-mx-null` MX ". 0": a null MX, whose exchange is the root name. */
  staticMxRoot: 'BQAPAAXwAAATAAAAAAADhAAAAAAAAAAAAAABAAA=',
  /** `codec-vector-srv` SRV "target.example.net 443 10 20" (target, port, priority, weight). */
  staticSrv: 'HAAhAAXwAAANAAAAAAADhAAAAAAAAAAAAAoAFAG7FAMGdGFyZ2V0B2V4YW1wbGUDbmV0AA==',
  /** `codec-vector-txt` TXT '"first string" "second"': two character-strings. */
  staticTxt: 'FAAQAAXwAAAOAAAAAAADhAAAAAAAAAAADGZpcnN0IHN0cmluZwZzZWNvbmQ=',
  /** `codec-vector-txt-one` TXT single. */
  staticTxtOne: 'BwAQAAXwAAAPAAAAAAADhAAAAAAAAAAABnNpbmdsZQ==',
  /** `codec-vector-txt-utf8` TXT 'héllo wörld ✓': samba-tool splits at spaces, so 3 strings. */
  staticTxtUtf8: 'EgAQAAXwAAAQAAAAAAADhAAAAAAAAAAABmjDqWxsbwZ3w7ZybGQD4pyT',
  /** `codec-vector-tomb` A 192.0.2.99 with TTL 600, added by nsupdate. */
  dynamicA: 'BAABAAXwAABuAAAAAAACWAAAAABP+DgAwAACYw==',
  /** `codec-vector-tomb` after nsupdate deleted its only record: the tombstone. */
  dynamicTombstone: 'CAAAAAUAAABuAAAAAAAAAAAAAAAAAAAAIDzs+EaE3QE=',
  /** `codec-vector-dyn-aaaa` AAAA 2001:db8::1:0:0:1 with TTL 300. */
  dynamicAaaa: 'EAAcAAXwAABuAAAAAAABLAAAAABP+DgAIAENuAAAAAAAAQAAAAAAAQ==',
  /** `codec-vector-dyn-ttl` A 192.0.2.1 with TTL 2147483647, the largest nsupdate accepts. */
  dynamicMaxTtl: 'BAABAAXwAABuAAAAf////wAAAABP+DgAwAACAQ==',
  /** `codec-vector-dyn-txt` TXT with three strings: 255 times "a", "" and "x". */
  dynamicTxtLong:
    'AwEQAAXwAABuAAAAAAABLAAAAABP+DgA/2FhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFh' +
    'YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFh' +
    'YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFh' +
    'YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFh' +
    'YWFhYWFhYWFhYWFhYWFhYQABeA==',
} as const;

export type SambaDnsRecordName = keyof typeof SAMBA_DNS_RECORDS;
