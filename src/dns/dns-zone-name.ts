import { foldDnsCase } from '../common/validation/dns-zone-name';
import { canonicalZoneName } from './dns-zone-directory';

/** Stored name of the root hints zone. */
export const ROOT_HINTS_ZONE = 'RootDNSServers';
/** Name the DNS console and the web frontend show for the root hints zone. */
export const ROOT_HINTS_DISPLAY_NAME = 'Root DNS Servers';
/** Stored name of the DNSSEC trust anchors zone. */
export const TRUST_ANCHORS_ZONE = '..TrustAnchors';

/** Converts a zone name from a request to the stored form: `Root DNS Servers` becomes `RootDNSServers`. */
export function toStoredZoneName(name: string): string {
  return foldDnsCase(name) === foldDnsCase(ROOT_HINTS_DISPLAY_NAME) ? ROOT_HINTS_ZONE : name;
}

/** Converts a stored zone name to the form listings show. */
export function toDisplayZoneName(name: string): string {
  return foldDnsCase(name) === foldDnsCase(ROOT_HINTS_ZONE) ? ROOT_HINTS_DISPLAY_NAME : name;
}

/** Tells whether a name belongs to a zone AD manages itself, which the API never creates. */
export function isReservedZoneName(name: string): boolean {
  const canonical = canonicalZoneName(toStoredZoneName(name));

  return (
    canonical === foldDnsCase(ROOT_HINTS_ZONE) || canonical === foldDnsCase(TRUST_ANCHORS_ZONE)
  );
}

/**
 * Returns why a zone must not be deleted, or undefined when it may be: the domain's own zone,
 * any `_msdcs` zone (the DC locator records), the root hints and the trust anchors.
 */
export function undeletableReason(name: string, domain: string): string | undefined {
  const canonical = canonicalZoneName(toStoredZoneName(name));
  if (domain !== '' && canonical === canonicalZoneName(domain)) {
    return 'it is the zone of the domain itself';
  }

  if (canonical === '_msdcs' || canonical.startsWith('_msdcs.')) {
    return 'it holds the domain controller locator records';
  }

  if (isReservedZoneName(canonical)) {
    return 'Active Directory maintains it';
  }

  return undefined;
}
