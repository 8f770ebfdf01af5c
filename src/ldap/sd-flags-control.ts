import { Ber, BerWriter, Control } from 'ldapts';

/** LDAP_SERVER_SD_FLAGS_OID (MS-ADTS 3.1.1.3.4.1.11). */
export const SD_FLAGS_OID = '1.2.840.113556.1.4.801';

/** SECURITY_INFORMATION bits: which parts of `nTSecurityDescriptor` a read returns. */
export enum SecurityInformation {
  Owner = 0x1,
  Group = 0x2,
  Dacl = 0x4,
  Sacl = 0x8,
}

/**
 * The SD-flags control. Without it AD returns the owner, group, DACL and SACL of
 * `nTSecurityDescriptor`, and a caller without the SeSecurityPrivilege gets no value at all
 * because it may not read the SACL. Asking for the DACL only makes the read work for any
 * account that can read the entry's permissions. The control is not critical, so a server
 * that does not support it returns the whole descriptor as usual.
 */
export class SdFlagsControl extends Control {
  constructor(readonly flags: number = SecurityInformation.Dacl) {
    super(SD_FLAGS_OID, { critical: false });
  }

  /** Writes the control value: an OCTET STRING containing the BER of SEQUENCE { flags INTEGER }. */
  protected override writeControl(writer: BerWriter): void {
    const value = new BerWriter();
    value.startSequence();
    value.writeInt(this.flags);
    value.endSequence();
    writer.writeBuffer(value.buffer, Ber.OctetString);
  }
}
