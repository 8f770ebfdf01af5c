import { SetMetadata } from '@nestjs/common';

export const RAW_RESPONSE_KEY = 'interlock:raw-response';

/** Sends the handler's return value as is, without the `{code: 0, code_msg: "ok"}` envelope. */
export const RawResponse = () => SetMetadata(RAW_RESPONSE_KEY, true);
