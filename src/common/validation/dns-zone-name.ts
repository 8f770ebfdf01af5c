import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { ValidateBy, type ValidationArguments, type ValidationOptions } from 'class-validator';

/** Maximum length of a zone name in characters: 253, plus the optional trailing dot. */
export const MAX_DNS_ZONE_NAME_LENGTH = 254;
const MAX_LABEL_BYTES = 63;
/** Maximum wire length of a name (RFC 1035 section 2.3.4), counting length bytes and the root. */
const MAX_NAME_BYTES = 255;

/**
 * Zone names that break the label rules but name zones AD creates itself: the root hints zone
 * under the name the DNS console shows, and the DNSSEC trust anchors zone.
 */
const SPECIAL_ZONE_NAMES = new Set(['root dns servers', '..trustanchors']);

// Letters, digits, marks and `_` (as in `_msdcs`), with `-` allowed inside a label only.
const ZONE_LABEL = /^[\p{L}\p{M}\p{N}_](?:[\p{L}\p{M}\p{N}_-]*[\p{L}\p{M}\p{N}_])?$/u;
const DECIMAL_OCTET = /^(?:0|[1-9][0-9]{0,2})$/;
const HEX_NIBBLE = /^[0-9a-f]$/i;
const MAX_IPV4_REVERSE_LABELS = 4;
const MAX_IPV6_REVERSE_LABELS = 32;

export interface DnsZoneNameOptions {
  /** Accept `Root DNS Servers` and `..TrustAnchors`, which name existing zones. */
  allowSpecialZones?: boolean;
  /** Accept the empty string, which the zones listing reads as "the domain zone". */
  allowEmpty?: boolean;
}

/**
 * Lower-cases the ASCII letters A to Z and leaves every other character as it is. DNS compares
 * names this way (RFC 4343 section 3), so `toLowerCase`, which also folds non-ASCII letters such
 * as the Kelvin sign U+212A to `k`, would treat distinct names as one.
 */
export function foldDnsCase(name: string): string {
  return name.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

function checkReverseLabels(labels: string[]): string | undefined {
  const suffix = foldDnsCase(labels.slice(-2).join('.'));
  const prefix = labels.slice(0, -2);
  if (suffix === 'in-addr.arpa') {
    // NOTE: RFC 2317 classless delegation names such as `0/26.2.0.192.in-addr.arpa` are rejected.
    const badOctet = prefix.find((label) => !DECIMAL_OCTET.test(label) || Number(label) > 255);
    if (badOctet !== undefined) {
      return `must have decimal octets from 0 to 255 before in-addr.arpa, but has "${badOctet}"`;
    }

    if (prefix.length < 1 || prefix.length > MAX_IPV4_REVERSE_LABELS) {
      return `must have 1 to ${MAX_IPV4_REVERSE_LABELS} octets before in-addr.arpa`;
    }
  }

  if (suffix === 'ip6.arpa') {
    const badNibble = prefix.find((label) => !HEX_NIBBLE.test(label));
    if (badNibble !== undefined) {
      return `must have single hexadecimal digits before ip6.arpa, but has "${badNibble}"`;
    }

    if (prefix.length < 1 || prefix.length > MAX_IPV6_REVERSE_LABELS) {
      return `must have 1 to ${MAX_IPV6_REVERSE_LABELS} hexadecimal digits before ip6.arpa`;
    }
  }

  return undefined;
}

/**
 * Returns what is wrong with a DNS zone name, or undefined when it is valid. A valid name has
 * labels of letters, digits, `_` and inner `-`, each at most 63 bytes of UTF-8, at most 255
 * bytes in DNS wire form, and one optional trailing dot. Names under in-addr.arpa and ip6.arpa
 * must be well-formed reverse zones.
 */
export function checkDnsZoneName(
  value: unknown,
  options: DnsZoneNameOptions = {},
): string | undefined {
  if (value === undefined || value === null) {
    return 'is required';
  }

  if (typeof value !== 'string') {
    return 'must be a string';
  }

  if (value === '') {
    return options.allowEmpty === true ? undefined : 'must not be empty';
  }

  if ([...value].length > MAX_DNS_ZONE_NAME_LENGTH) {
    return `must be at most ${MAX_DNS_ZONE_NAME_LENGTH} characters long`;
  }

  if (!value.isWellFormed()) {
    return 'must be valid Unicode text';
  }

  if (options.allowSpecialZones === true && SPECIAL_ZONE_NAMES.has(foldDnsCase(value))) {
    return undefined;
  }

  const labels = (value.endsWith('.') ? value.slice(0, -1) : value).split('.');
  if (labels.some((label) => label === '')) {
    return 'must not contain an empty label (two dots in a row, or a leading dot)';
  }

  const longLabel = labels.find((label) => Buffer.byteLength(label, 'utf8') > MAX_LABEL_BYTES);
  if (longLabel !== undefined) {
    return `must have labels of at most ${MAX_LABEL_BYTES} bytes, but "${longLabel}" is longer`;
  }

  const badLabel = labels.find((label) => !ZONE_LABEL.test(label));
  if (badLabel !== undefined) {
    return `must have labels of letters, digits, "_" and inner "-" only, but has "${badLabel}"`;
  }

  const wireLength = labels.reduce((sum, label) => sum + 1 + Buffer.byteLength(label, 'utf8'), 1);
  if (wireLength > MAX_NAME_BYTES) {
    return `must take at most ${MAX_NAME_BYTES} bytes in DNS form, but takes ${wireLength}`;
  }

  return checkReverseLabels(labels);
}

/**
 * Validates a DNS zone name such as `example.lan`, `_msdcs.example.lan` or
 * `2.0.192.in-addr.arpa`, as `checkDnsZoneName` describes.
 */
export function IsDnsZoneName(
  options: DnsZoneNameOptions = {},
  validationOptions?: ValidationOptions,
): PropertyDecorator {
  return applyDecorators(
    ValidateBy(
      {
        name: 'isDnsZoneName',
        validator: {
          validate: (value: unknown) => checkDnsZoneName(value, options) === undefined,
          defaultMessage: (args?: ValidationArguments) =>
            `$property ${checkDnsZoneName(args?.value, options) ?? 'is invalid'}`,
        },
      },
      validationOptions,
    ),
    ApiProperty({
      type: String,
      maxLength: MAX_DNS_ZONE_NAME_LENGTH,
      example: 'example.lan',
      description:
        'DNS zone name: labels of letters, digits, "_" and inner "-", an optional trailing dot. ' +
        'Reverse zones end in in-addr.arpa (decimal octets) or ip6.arpa (hexadecimal digits).',
    }),
  );
}
