import { countryFromName } from './country';

describe('countryFromName', () => {
  it.each([
    ['Norway', { c: 'NO', co: 'Norway', countryCode: '578' }],
    ['norway', { c: 'NO', co: 'norway', countryCode: '578' }],
    ['Germany', { c: 'DE', co: 'Germany', countryCode: '276' }],
    ['United States', { c: 'US', co: 'United States', countryCode: '840' }],
    ['Austria', { c: 'AT', co: 'Austria', countryCode: '40' }],
    ['  Norway ', { c: 'NO', co: 'Norway', countryCode: '578' }],
  ])('maps %j', (name, expected) => {
    const result = countryFromName(name);

    expect(result).toEqual(expected);
  });

  it.each(['Atlantis', '', '   ', 'NO1'])('returns undefined for %j', (name) => {
    const result = countryFromName(name);

    expect(result).toBeUndefined();
  });
});
