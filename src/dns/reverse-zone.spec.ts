import { findReverseLocation, reverseLookupName } from './reverse-zone';

describe(reverseLookupName.name, () => {
  it.each([
    ['10.0.0.5', '5.0.0.10.in-addr.arpa'],
    ['192.0.2.255', '255.2.0.192.in-addr.arpa'],
    ['2001:db8::1', '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa'],
    ['::1', `1.${'0.'.repeat(31)}ip6.arpa`],
    ['fe80::', `${'0.'.repeat(28)}0.8.e.f.ip6.arpa`],
  ])('maps %s to %s', (address, expected) => {
    expect(reverseLookupName(address)).toBe(expected);
  });
});

describe(findReverseLocation.name, () => {
  const zones = ['example.lan', '10.in-addr.arpa', '0.10.in-addr.arpa', '8.b.d.0.1.0.0.2.ip6.arpa'];

  it('picks the longest covering zone', () => {
    expect(findReverseLocation('5.3.0.10.in-addr.arpa', zones)).toEqual({
      zone: '0.10.in-addr.arpa',
      nodeName: '5.3',
    });
  });

  it('falls back to a shorter covering zone', () => {
    expect(findReverseLocation('5.3.1.10.in-addr.arpa', zones)).toEqual({
      zone: '10.in-addr.arpa',
      nodeName: '5.3.1',
    });
  });

  it('matches whole labels only', () => {
    expect(findReverseLocation('5.3.0.110.in-addr.arpa', zones)).toBeUndefined();
  });

  it('ignores case and returns @ for the zone itself', () => {
    expect(findReverseLocation('0.10.IN-ADDR.ARPA', zones)).toEqual({
      zone: '0.10.in-addr.arpa',
      nodeName: '@',
    });
  });

  it('finds IPv6 reverse zones', () => {
    const name = reverseLookupName('2001:db8::1');

    expect(findReverseLocation(name, zones)?.zone).toBe('8.b.d.0.1.0.0.2.ip6.arpa');
  });
});
