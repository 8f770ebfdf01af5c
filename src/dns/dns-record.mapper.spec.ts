import { buildDnsRecord, encodeDnsRecord } from '../ldap/codecs/dns-record';
import { toRecordRow } from './dns-record.mapper';

const NODE = {
  zone: 'example.lan',
  name: 'www',
  distinguishedName: 'DC=www,DC=example.lan,CN=MicrosoftDNS,DC=DomainDnsZones,DC=example,DC=lan',
  tombstoned: false,
};

describe(toRecordRow.name, () => {
  it('maps an A record', () => {
    const value = encodeDnsRecord(
      buildDnsRecord({ kind: 'A', address: '10.0.0.5' }, { ttlSeconds: 900, serial: 7 }),
    );

    expect(toRecordRow(NODE, value, 2)).toEqual({
      index: 2,
      name: 'www',
      displayName: 'www.example.lan',
      distinguishedName: NODE.distinguishedName,
      ts: false,
      record_bytes: value.toString('base64'),
      type: 1,
      typeName: 'A',
      serial: 7,
      ttl: 900,
      address: '10.0.0.5',
    });
  });

  it('joins TXT strings', () => {
    const value = encodeDnsRecord(
      buildDnsRecord({ kind: 'TXT', strings: ['v=spf1 ', '-all'] }, { ttlSeconds: 60, serial: 1 }),
    );

    expect(toRecordRow({ ...NODE, name: '@' }, value, 0)).toMatchObject({
      displayName: 'example.lan',
      stringData: 'v=spf1 -all',
      strings: ['v=spf1 ', '-all'],
    });
  });

  it('lists undecodable data as raw bytes', () => {
    const value = encodeDnsRecord(
      buildDnsRecord({ kind: 'A', address: '10.0.0.5' }, { ttlSeconds: 900, serial: 7 }),
    );
    // A TXT type code over four bytes of A data: the length byte 10 overruns the data.
    value.writeUInt16LE(16, 2);

    expect(toRecordRow(NODE, value, 0)).toMatchObject({
      type: 16,
      typeName: 'TXT',
      malformed: true,
      data: 'CgAABQ==',
    });
  });
});
