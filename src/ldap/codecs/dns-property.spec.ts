import {
  decodeDnsProperty,
  DNS_PROPERTY_ID,
  encodeDnsProperty,
  InvalidDnsPropertyError,
  primaryZoneProperties,
} from './dns-property';

// The dNSProperty values of a zone made with `samba-tool dns zonecreate` on Samba 4.17, base64.
const SAMBA_ZONE_PROPERTIES = [
  'BAAAAAAAAAAAAAAAAQAAAAEAAAABAAAAAAAAAA==',
  'AQAAAAAAAAAAAAAAAQAAAAIAAAACAAAAAA==',
  'CAAAAAAAAAAAAAAAAQAAAAgAAAAAAAAAAAAAAAAAAAA=',
  'BAAAAAAAAAAAAAAAAQAAABAAAACoAAAAAAAAAA==',
  'BAAAAAAAAAAAAAAAAQAAACAAAACoAAAAAAAAAA==',
  'BAAAAAAAAAAAAAAAAQAAAEAAAAAAAAAAAAAAAA==',
  'BAAAAAAAAAAAAAAAAQAAABIAAAAAAAAAAAAAAA==',
];

describe('dNSProperty codec', () => {
  it('writes the properties Samba gives a new zone', () => {
    expect(primaryZoneProperties().map((value) => value.toString('base64'))).toEqual(
      SAMBA_ZONE_PROPERTIES,
    );
  });

  it('decodes the zone type', () => {
    const property = decodeDnsProperty(Buffer.from(SAMBA_ZONE_PROPERTIES[0], 'base64'));

    expect(property.id).toBe(DNS_PROPERTY_ID.ZONE_TYPE);
    expect(property.data.readUInt32LE(0)).toBe(1);
  });

  it('round-trips every captured value', () => {
    for (const text of SAMBA_ZONE_PROPERTIES) {
      const bytes = Buffer.from(text, 'base64');

      expect(encodeDnsProperty(decodeDnsProperty(bytes))).toEqual(bytes);
    }
  });

  it('rejects a short header', () => {
    expect(() => decodeDnsProperty(Buffer.alloc(19))).toThrow(InvalidDnsPropertyError);
  });

  it('rejects data shorter than declared', () => {
    const bytes = Buffer.from(SAMBA_ZONE_PROPERTIES[2], 'base64').subarray(0, 24);

    expect(() => decodeDnsProperty(bytes)).toThrow(InvalidDnsPropertyError);
  });
});
