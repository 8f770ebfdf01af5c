import { DomainError, ErrorCode } from '../errors';
import { mapBodyParserError } from './body-parsing';

function bodyParserError(type: string, message: string): Error {
  return Object.assign(new Error(message), { type });
}

describe(mapBodyParserError.name, () => {
  it.each([
    ['entity.too.large', ErrorCode.PayloadTooLarge],
    ['entity.parse.failed', ErrorCode.InvalidInput],
    ['encoding.unsupported', ErrorCode.UnsupportedMediaType],
    ['charset.unsupported', ErrorCode.UnsupportedMediaType],
    ['request.aborted', ErrorCode.InvalidInput],
    ['request.size.invalid', ErrorCode.InvalidInput],
  ])('maps %s to %s', (type, code) => {
    const mapped = mapBodyParserError(bodyParserError(type, 'failed'), 100);

    expect(mapped).toBeInstanceOf(DomainError);
    expect((mapped as DomainError).code).toBe(code);
  });

  it('names the limit of a body that is too large', () => {
    const mapped = mapBodyParserError(bodyParserError('entity.too.large', 'too large'), 1024);

    expect((mapped as DomainError).detail).toBe(
      'The request body is larger than the limit of 1024 bytes.',
    );
  });

  it('passes other errors through', () => {
    const error = new Error('disk on fire');

    expect(mapBodyParserError(error, 100)).toBe(error);
  });

  it('passes unknown body-parser types through', () => {
    const error = bodyParserError('stream.not.readable', 'not readable');

    expect(mapBodyParserError(error, 100)).toBe(error);
  });
});
