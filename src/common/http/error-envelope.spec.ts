import {
  BadRequestException,
  ForbiddenException,
  HttpException,
  HttpStatus,
  UnauthorizedException,
} from '@nestjs/common';

import { DomainError, ErrorCode } from '../errors';
import {
  errorCodeForStatus,
  replyForDomainError,
  replyForHttpException,
  replyForInternalError,
} from './error-envelope';

describe(errorCodeForStatus.name, () => {
  it.each([
    [400, 'invalid_input'],
    [401, 'not_authenticated'],
    [403, 'permission_denied'],
    [404, 'not_found'],
    [405, 'method_not_allowed'],
    [413, 'payload_too_large'],
    [415, 'unsupported_media_type'],
    [429, 'too_many_requests'],
    [409, 'conflict'],
    [503, 'service_unavailable'],
    [500, 'internal_error'],
    [599, 'internal_error'],
    [499, 'invalid_input'],
  ])('maps %i to %s', (status, code) => {
    expect(errorCodeForStatus(status)).toBe(code);
  });
});

describe(replyForDomainError.name, () => {
  it('writes field, extra and headers', () => {
    const error = new DomainError(ErrorCode.LoginThrottled, 'Too many failed logins.', {
      field: 'username',
      extra: { retry_after: 60 },
      headers: { 'Retry-After': '60' },
    });

    const reply = replyForDomainError(error);

    expect(reply).toEqual({
      status: 429,
      body: {
        code: 'login_throttled',
        detail: 'Too many failed logins.',
        status_code: 429,
        field: 'username',
        retry_after: 60,
      },
      headers: { 'Retry-After': '60' },
    });
  });

  it('keeps extra from overwriting the envelope', () => {
    const error = new DomainError(ErrorCode.NotFound, 'Gone.', {
      extra: { code: 'other', status_code: 200, detail: 'x', field: 'y' },
    });

    const reply = replyForDomainError(error);

    expect(reply.body).toEqual({ code: 'not_found', detail: 'Gone.', status_code: 404 });
  });

  it('adds WWW-Authenticate to a 401', () => {
    const reply = replyForDomainError(new DomainError(ErrorCode.TokenNotValid, 'Expired.'));

    expect(reply.headers['WWW-Authenticate']).toBe('Bearer');
  });
});

describe(replyForHttpException.name, () => {
  it('replaces a bare reason phrase with a sentence', () => {
    const reply = replyForHttpException(new ForbiddenException());

    expect(reply.body).toEqual({
      code: 'permission_denied',
      detail: 'You do not have permission to perform this action.',
      status_code: 403,
    });
  });

  it('keeps a custom message', () => {
    const reply = replyForHttpException(new BadRequestException('Validation failed'));

    expect(reply.body.detail).toBe('Validation failed.');
  });

  it('joins a list of messages', () => {
    const reply = replyForHttpException(new BadRequestException(['a is wrong', 'b is wrong']));

    expect(reply.body.detail).toBe('a is wrong, b is wrong.');
  });

  it('sends WWW-Authenticate with a 401', () => {
    const reply = replyForHttpException(new UnauthorizedException());

    expect(reply.status).toBe(401);
    expect(reply.headers).toEqual({ 'WWW-Authenticate': 'Bearer' });
    expect(reply.body.code).toBe('not_authenticated');
  });

  it('keeps a known code from the response object', () => {
    const exception = new UnauthorizedException({ code: 'token_not_valid', detail: 'Expired.' });

    const reply = replyForHttpException(exception);

    expect(reply.body).toEqual({ code: 'token_not_valid', detail: 'Expired.', status_code: 401 });
  });

  it('ignores an unknown code from the response object', () => {
    const exception = new HttpException({ code: 'made_up', detail: 'x' }, HttpStatus.CONFLICT);

    const reply = replyForHttpException(exception);

    expect(reply.body.code).toBe('conflict');
  });
});

describe(replyForInternalError.name, () => {
  it('carries the request id and nothing else', () => {
    const reply = replyForInternalError('req-1');

    expect(reply.status).toBe(500);
    expect(Object.keys(reply.body)).toEqual(['code', 'detail', 'status_code', 'request_id']);
    expect(reply.body.request_id).toBe('req-1');
  });
});
