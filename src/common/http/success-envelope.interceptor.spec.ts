import { Readable } from 'node:stream';

import { wrapInSuccessEnvelope } from './success-envelope.interceptor';

class UserResponse {
  constructor(readonly username: string) {}
}

describe(wrapInSuccessEnvelope.name, () => {
  it('puts code and code_msg first', () => {
    const envelope = wrapInSuccessEnvelope({ users: [], headers: ['cn'] });

    expect(Object.keys(envelope)).toEqual(['code', 'code_msg', 'users', 'headers']);
    expect(envelope).toEqual({ code: 0, code_msg: 'ok', users: [], headers: ['cn'] });
  });

  it('returns the bare envelope for undefined', () => {
    expect(wrapInSuccessEnvelope(undefined)).toEqual({ code: 0, code_msg: 'ok' });
  });

  it('keeps its own code over a payload code', () => {
    expect(wrapInSuccessEnvelope({ code: 5, data: 1 })).toEqual({
      code: 0,
      code_msg: 'ok',
      data: 1,
    });
  });

  it('wraps a response class instance', () => {
    expect(wrapInSuccessEnvelope(new UserResponse('jdoe'))).toEqual({
      code: 0,
      code_msg: 'ok',
      username: 'jdoe',
    });
  });

  it.each([
    ['an array', [1]],
    ['a string', 'ok'],
    ['a buffer', Buffer.from('x')],
    ['a stream', Readable.from(['x'])],
  ])('rejects %s', (_case, payload) => {
    expect(() => wrapInSuccessEnvelope(payload)).toThrow(TypeError);
  });
});
