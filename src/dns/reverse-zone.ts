import { canonicalZoneName } from './dns-zone-directory';

/**
 * Returns the reverse-lookup name of an address: `5.0.0.10.in-addr.arpa` for 10.0.0.5, and the
 * 32 nibbles in reverse order under `ip6.arpa` for an IPv6 address (RFC 3596 section 2.5). The
 * address must already be valid: dotted-quad IPv4 or RFC 5952 IPv6 text.
 */
export function reverseLookupName(address: string): string {
  if (!address.includes(':')) {
    return `${address.split('.').reverse().join('.')}.in-addr.arpa`;
  }

  const [head, tail] = address.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeroGroups = tail === undefined ? 0 : 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...new Array<string>(zeroGroups).fill('0'), ...tailGroups];
  const nibbles = groups.flatMap((group) => [...group.padStart(4, '0')]);

  return `${nibbles.reverse().join('.')}.ip6.arpa`;
}

/** Location of the PTR record for an address: the zone and the node name relative to it. */
export interface ReverseLocation {
  zone: string;
  nodeName: string;
}

/**
 * Finds the zone among `zoneNames` that contains `reverseName`: the longest zone name that equals
 * it or is a suffix of it at a label boundary. Returns undefined when no zone covers it.
 */
export function findReverseLocation(
  reverseName: string,
  zoneNames: string[],
): ReverseLocation | undefined {
  const requested = canonicalZoneName(reverseName);
  let best: string | undefined;
  for (const zone of zoneNames) {
    const candidate = canonicalZoneName(zone);
    const covers = requested === candidate || requested.endsWith(`.${candidate}`);
    if (covers && (best === undefined || candidate.length > canonicalZoneName(best).length)) {
      best = zone;
    }
  }

  if (best === undefined) {
    return undefined;
  }

  const zone = canonicalZoneName(best);
  const nodeName = requested === zone ? '@' : requested.slice(0, -(zone.length + 1));

  return { zone: best, nodeName };
}
