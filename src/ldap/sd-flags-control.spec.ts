import { BerWriter } from 'ldapts';

import { SD_FLAGS_OID, SdFlagsControl, SecurityInformation } from './sd-flags-control';

describe(SdFlagsControl.name, () => {
  it('writes a DACL-only request', () => {
    const writer = new BerWriter();

    new SdFlagsControl().write(writer);

    const oid = Buffer.from(SD_FLAGS_OID, 'latin1');
    expect(writer.buffer).toEqual(
      Buffer.concat([
        Buffer.from([0x30, 2 + oid.length + 3 + 7, 0x04, oid.length]),
        oid,
        Buffer.from([0x01, 0x01, 0x00]),
        Buffer.from([0x04, 0x05, 0x30, 0x03, 0x02, 0x01, 0x04]),
      ]),
    );
  });

  it('writes other flags', () => {
    const writer = new BerWriter();

    new SdFlagsControl(SecurityInformation.Owner | SecurityInformation.Dacl).write(writer);

    expect(writer.buffer.subarray(-3)).toEqual(Buffer.from([0x02, 0x01, 0x05]));
  });
});
