import type { AddressInfo } from 'node:net';

import {
  Body,
  Controller,
  Delete,
  Get,
  Module,
  NotFoundException,
  Post,
  Put,
  Query,
  UnauthorizedException,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import request from 'supertest';

import { configureApp } from '../src/bootstrap';
import { Public } from '../src/common/access/access-tier.decorator';
import { RawResponse } from '../src/common/access/raw-response.decorator';
import { DomainError, ErrorCode } from '../src/common/errors';
import { INTERNAL_ERROR_DETAIL } from '../src/common/http/error-envelope';
import { HttpConventionsModule } from '../src/common/http/http-conventions.module';
import {
  IsCursor,
  IsDn,
  IsPageSize,
  IsPassword,
  IsUsername,
} from '../src/common/validation/decorators';
import type { AppConfig } from '../src/config/app-config';
import { ConfigModule } from '../src/config/config.module';

const BODY_LIMIT_BYTES = 2048;
const CRASH_MESSAGE = 'sample handler crashed on purpose';
const DOUBLED_CONTENT_TYPE = 'application/json;charset=UTF-8 application/json';

class SampleNameDto {
  @IsString()
  givenName: string;

  @IsOptional()
  @IsString()
  sn?: string;
}

class CreateSampleDto {
  @IsUsername()
  username: string;

  @IsPassword()
  password: string;

  @IsOptional()
  @IsDn()
  path?: string;

  @IsObject()
  @ValidateNested()
  @Type(() => SampleNameDto)
  user: SampleNameDto;
}

class ListSampleQuery {
  @IsOptional()
  @IsPageSize()
  page_size?: number;

  @IsOptional()
  @IsCursor()
  cursor?: string;
}

@Public()
@Controller('api/sample')
class SampleController {
  @Get('items')
  listItems(@Query() query: ListSampleQuery) {
    return { items: [], page_size: query.page_size ?? null, cursor: query.cursor ?? null };
  }

  @Post('items')
  createItem(@Body() body: CreateSampleDto) {
    return { data: { username: body.username, path: body.path ?? null } };
  }

  @Put('items')
  replaceItems(@Body() body: Record<string, unknown>) {
    return { received: body };
  }

  @Delete('items/:id')
  deleteItem() {
    return {};
  }

  @Get('domain-error')
  failWithDomainError(): never {
    throw new DomainError(ErrorCode.ObjectNotEmpty, 'The OU still contains 3 objects.', {
      field: 'dn',
      extra: { children: 3, code: 'must_not_override' },
      headers: { 'Retry-After': '7' },
    });
  }

  @Get('crash')
  crash(): never {
    throw new Error(CRASH_MESSAGE);
  }

  @Get('unauthorized')
  failUnauthenticated(): never {
    throw new UnauthorizedException();
  }

  @Get('missing-item')
  failWithNotFound(): never {
    throw new NotFoundException('Item 42 was not found.');
  }

  @Get('health')
  @RawResponse()
  health() {
    return { status: 'up' };
  }
}

const config = {
  http: {
    port: 0,
    nodeEnv: 'test',
    isProduction: false,
    trustProxy: false,
    corsOrigins: ['*'],
    bodyLimitBytes: BODY_LIMIT_BYTES,
  },
} as AppConfig;

/** Every JSON log line the app writes, parsed. */
const logLines: Record<string, unknown>[] = [];

@Module({
  imports: [
    ConfigModule.forRoot(config),
    HttpConventionsModule.forRoot({
      level: 'info',
      destination: { write: (line: string) => logLines.push(JSON.parse(line)) },
    }),
  ],
  controllers: [SampleController],
})
class SampleAppModule {}

const validItem = {
  username: 'j*o(h)n\\,+"#; Müller',
  password: 'Corr3ct-horse',
  path: 'OU=Staff\\, Berlin,DC=example,DC=com',
  user: { givenName: 'John', sn: 'Müller' },
};

describe('HTTP conventions (e2e)', () => {
  let app: NestExpressApplication;
  let baseUrl: string;

  beforeAll(async () => {
    app = await NestFactory.create<NestExpressApplication>(SampleAppModule, {
      bodyParser: false,
      bufferLogs: true,
    });
    await configureApp(app, config);
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await app.close();
  });

  describe('success envelope', () => {
    it('wraps a GET result', async () => {
      const res = await request(baseUrl).get('/api/sample/items');

      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        code: 0,
        code_msg: 'ok',
        items: [],
        page_size: null,
        cursor: null,
      });
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    });

    it('answers a POST with 200', async () => {
      const res = await request(baseUrl).post('/api/sample/items').send(validItem);

      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        code: 0,
        code_msg: 'ok',
        data: { username: validItem.username, path: validItem.path },
      });
    });

    it('sends no ETag', async () => {
      const res = await request(baseUrl).get('/api/sample/items');

      expect(res.headers.etag).toBeUndefined();
    });

    it('leaves a raw response alone', async () => {
      const res = await request(baseUrl).get('/api/sample/health');

      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'up' });
    });
  });

  describe('body parsing', () => {
    it('reads a body sent with a doubled content type', async () => {
      const res = await request(baseUrl)
        .put('/api/sample/items')
        .set('Content-Type', DOUBLED_CONTENT_TYPE)
        .send(JSON.stringify({ name: 'x' }));

      expect(res.status).toBe(200);
      expect(res.body.received).toEqual({ name: 'x' });
    });

    it('rejects malformed JSON with 400', async () => {
      const res = await request(baseUrl)
        .put('/api/sample/items')
        .set('Content-Type', 'application/json')
        .send('{"name": ');

      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body.code).toBe('invalid_input');
      expect(res.body.status_code).toBe(400);
      expect(res.body.detail).toMatch(/^The request body is not valid JSON: /);
    });

    it('rejects an oversized body with 413', async () => {
      const res = await request(baseUrl)
        .put('/api/sample/items')
        .send({ name: 'x'.repeat(BODY_LIMIT_BYTES) });

      expect(res.status).toBe(413);
      expect(res.body).toEqual({
        code: 'payload_too_large',
        detail: `The request body is larger than the limit of ${BODY_LIMIT_BYTES} bytes.`,
        status_code: 413,
      });
    });

    it('rejects a text/plain body with 415', async () => {
      const res = await request(baseUrl)
        .post('/api/sample/items')
        .set('Content-Type', 'text/plain')
        .send('hello');

      expect(res.status).toBe(415);
      expect(res.body.code).toBe('unsupported_media_type');
      expect(res.body.detail).toContain('text/plain');
    });

    it('treats an empty body as an empty object', async () => {
      const res = await request(baseUrl).put('/api/sample/items');

      expect(res.status).toBe(200);
      expect(res.body.received).toEqual({});
    });

    it.each([
      ['an array', '[1, 2]'],
      ['a string', '"text"'],
      ['null', 'null'],
    ])('rejects %s as the body', async (description, json) => {
      const res = await request(baseUrl)
        .put('/api/sample/items')
        .set('Content-Type', 'application/json')
        .send(json);

      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid_input');
      expect(res.body.detail).toBe(
        `The request body must be a JSON object, but it is ${description}.`,
      );
    });
  });

  describe('routing', () => {
    it('answers an unknown route with 404 JSON', async () => {
      const res = await request(baseUrl).get('/api/nothing-here/');

      expect(res.status).toBe(404);
      expect(res.body).toEqual({
        code: 'not_found',
        detail: 'No route matches GET /api/nothing-here/.',
        status_code: 404,
      });
    });

    it('answers a wrong method with 405 and Allow', async () => {
      const res = await request(baseUrl).delete('/api/sample/items');

      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('GET, HEAD, POST, PUT, OPTIONS');
      expect(res.body.code).toBe('method_not_allowed');
      expect(res.body.status_code).toBe(405);
    });

    it('answers a wrong method on a trailing-slash path with 405', async () => {
      const res = await request(baseUrl).post('/api/sample/items/42/');

      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('DELETE, OPTIONS');
    });

    it('keeps a 404 raised by a handler', async () => {
      const res = await request(baseUrl).get('/api/sample/missing-item/');

      expect(res.status).toBe(404);
      expect(res.body).toEqual({
        code: 'not_found',
        detail: 'Item 42 was not found.',
        status_code: 404,
      });
    });

    it('answers HEAD on a GET route', async () => {
      const res = await request(baseUrl).head('/api/sample/items');

      expect(res.status).toBe(200);
    });

    it('serves GET with and without the trailing slash', async () => {
      const withoutSlash = await request(baseUrl).get('/api/sample/items?page_size=5');
      const withSlash = await request(baseUrl).get('/api/sample/items/?page_size=5');

      expect(withoutSlash.status).toBe(200);
      expect(withSlash.status).toBe(200);
      expect(withSlash.body).toEqual(withoutSlash.body);
    });

    it('serves POST with the trailing slash', async () => {
      const res = await request(baseUrl).post('/api/sample/items/').send(validItem);

      expect(res.status).toBe(200);
      expect(res.body.data.username).toBe(validItem.username);
    });
  });

  describe('validation', () => {
    it('converts a query-string page size to a number', async () => {
      const res = await request(baseUrl).get('/api/sample/items?page_size=100&cursor=abc_-9');

      expect(res.status).toBe(200);
      expect(res.body.page_size).toBe(100);
      expect(res.body.cursor).toBe('abc_-9');
    });

    it.each(['0', '1001', 'ten', '2.5'])('rejects page_size=%s', async (pageSize) => {
      const res = await request(baseUrl).get(`/api/sample/items?page_size=${pageSize}`);

      expect(res.status).toBe(400);
      expect(res.body.field).toBe('page_size');
      expect(res.body.detail).toBe('page_size must be an integer from 1 to 1000.');
    });

    it('rejects a cursor that is not base64url', async () => {
      const res = await request(baseUrl).get('/api/sample/items?cursor=a%2Bb');

      expect(res.status).toBe(400);
      expect(res.body.field).toBe('cursor');
    });

    it('names a nested field and lists every failure', async () => {
      const res = await request(baseUrl)
        .post('/api/sample/items')
        .send({ ...validItem, password: '', path: 'not a dn', user: { givenName: 5 } });

      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid_input');
      expect(res.body.field).toBe('password');
      expect(res.body.detail).toBe(
        'password must be 1 to 512 characters long. 2 more fields are invalid, as listed in errors.',
      );
      expect(res.body.errors).toEqual([
        { field: 'password', messages: ['password must be 1 to 512 characters long'] },
        {
          field: 'path',
          messages: [
            'path must be a distinguished name in RFC 4514 syntax, such as CN=Jane Doe,CN=Users,DC=example,DC=com',
          ],
        },
        { field: 'user.givenName', messages: ['user.givenName must be a string'] },
      ]);
    });

    it('names a nested field when it is the only failure', async () => {
      const res = await request(baseUrl)
        .post('/api/sample/items')
        .send({ ...validItem, user: { givenName: 5 } });

      expect(res.status).toBe(400);
      expect(res.body.field).toBe('user.givenName');
      expect(res.body.detail).toBe('user.givenName must be a string.');
    });

    it('rejects an unknown property and names it', async () => {
      const res = await request(baseUrl)
        .post('/api/sample/items')
        .send({ ...validItem, isAdmin: true });

      expect(res.status).toBe(400);
      expect(res.body.field).toBe('isAdmin');
      expect(res.body.detail).toBe('isAdmin is not an allowed property.');
    });

    it('lists missing fields of an empty POST', async () => {
      const res = await request(baseUrl).post('/api/sample/items');

      expect(res.status).toBe(400);
      const errors = res.body.errors as { field: string }[];
      expect(errors.map((error) => error.field)).toEqual(['username', 'password', 'user']);
    });

    it('never echoes the rejected password', async () => {
      const password = `bad\u0000password`;

      const res = await request(baseUrl)
        .post('/api/sample/items')
        .send({ ...validItem, password });

      expect(res.status).toBe(400);
      expect(res.body.detail).toBe('password must not contain NUL characters.');
      expect(res.text).not.toContain('bad');
    });
  });

  describe('errors', () => {
    it('writes a DomainError with field, extra and headers', async () => {
      const res = await request(baseUrl).get('/api/sample/domain-error');

      expect(res.status).toBe(409);
      expect(res.headers['retry-after']).toBe('7');
      expect(res.body).toEqual({
        code: 'object_not_empty',
        detail: 'The OU still contains 3 objects.',
        status_code: 409,
        field: 'dn',
        children: 3,
      });
    });

    it('answers a plain Error with a generic 500', async () => {
      const res = await request(baseUrl).get('/api/sample/crash');

      expect(res.status).toBe(500);
      expect(res.body).toEqual({
        code: 'internal_error',
        detail: INTERNAL_ERROR_DETAIL,
        status_code: 500,
        request_id: res.headers['x-request-id'],
      });
      expect(res.text).not.toContain(CRASH_MESSAGE);
      expect(res.text).not.toContain('.ts:');
    });

    it('logs a plain Error once with its stack and request id', async () => {
      logLines.length = 0;

      const res = await request(baseUrl).get('/api/sample/crash');

      const errorLines = logLines.filter(
        (line) => (line.err as { message?: string } | undefined)?.message === CRASH_MESSAGE,
      );
      expect(errorLines).toHaveLength(1);
      expect((errorLines[0].err as { stack: string }).stack).toContain('SampleController.crash');
      expect(errorLines[0].request_id).toBe(res.headers['x-request-id']);
    });

    it('sends WWW-Authenticate with a 401', async () => {
      const res = await request(baseUrl).get('/api/sample/unauthorized');

      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(res.body).toEqual({
        code: 'not_authenticated',
        detail: 'Authentication credentials were not provided or are not valid.',
        status_code: 401,
      });
    });
  });

  describe('CORS', () => {
    it('answers a preflight with 204 and the allowed headers', async () => {
      const res = await request(baseUrl)
        .options('/api/sample/items/')
        .set('Origin', 'http://localhost:8080')
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type');

      expect(res.status).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['access-control-allow-methods']).toBe('GET,POST,PUT,OPTIONS');
      expect(res.headers['access-control-allow-headers']).toBe('Authorization,Content-Type');
    });
  });

  describe('request id and logging', () => {
    it('echoes a sane X-Request-Id', async () => {
      const res = await request(baseUrl)
        .get('/api/sample/items')
        .set('X-Request-Id', 'trace-42.a_b');

      expect(res.headers['x-request-id']).toBe('trace-42.a_b');
    });

    it.each([
      ['an unsafe character', 'id with spaces'],
      ['too many characters', 'a'.repeat(129)],
    ])('replaces an X-Request-Id with %s', async (_case, incoming) => {
      const res = await request(baseUrl).get('/api/sample/items').set('X-Request-Id', incoming);

      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('generates an X-Request-Id', async () => {
      const res = await request(baseUrl).get('/api/sample/items');

      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('logs one line per request without secrets', async () => {
      logLines.length = 0;

      const res = await request(baseUrl)
        .post('/api/sample/items/')
        .set('Authorization', 'Bearer secret-access-token')
        .send(validItem);

      const requestLines = logLines.filter(
        (line) => line.request_id === res.headers['x-request-id'],
      );
      expect(requestLines).toHaveLength(1);
      expect(requestLines[0]).toMatchObject({
        method: 'POST',
        path: '/api/sample/items/',
        status: 200,
        msg: expect.stringMatching(/^POST \/api\/sample\/items\/ 200 \d+ms$/),
      });
      expect(typeof requestLines[0].duration_ms).toBe('number');
      const logged = JSON.stringify(logLines);
      expect(logged).not.toContain('secret-access-token');
      expect(logged).not.toContain(validItem.password);
    });

    it('logs requests rejected by the body parser', async () => {
      logLines.length = 0;

      const res = await request(baseUrl)
        .post('/api/sample/items')
        .set('Content-Type', 'text/plain')
        .send('hello');

      const requestLines = logLines.filter(
        (line) => line.request_id === res.headers['x-request-id'],
      );
      expect(requestLines).toHaveLength(1);
      expect(requestLines[0].status).toBe(415);
    });
  });

  describe('Swagger', () => {
    it('serves the UI', async () => {
      const res = await request(baseUrl).get('/api/docs');

      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
    });

    it('documents bearer auth and the error schema', async () => {
      const res = await request(baseUrl).get('/api/docs-json');

      expect(res.status).toBe(200);
      expect(res.body.info.title).toBe('Interlock API');
      expect(res.body.components.securitySchemes.bearer).toMatchObject({
        type: 'http',
        scheme: 'bearer',
      });
      expect(res.body.components.schemas.ErrorResponse.required).toEqual([
        'code',
        'detail',
        'status_code',
      ]);
      expect(res.body.paths['/api/sample/items'].get.operationId).toBe('listItems');
    });
  });
});
