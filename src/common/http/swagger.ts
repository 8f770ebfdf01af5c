import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

import { ErrorResponse, FieldErrorsResponse } from './error-response.dto';

export const SWAGGER_UI_PATH = 'api/docs';
export const SWAGGER_JSON_PATH = 'api/docs-json';

const DESCRIPTION = [
  'REST API that administers a Microsoft AD or Samba AD domain over LDAP.',
  '',
  'To call protected endpoints from this page, send `POST /api/token/` with',
  '`{"username": "…", "password": "…"}`, copy the `access` value of the response, press',
  '**Authorize** and paste it. Access tokens are short-lived: `POST /api/token/refresh/` with',
  '`{"refresh": "…"}` returns a new pair.',
  '',
  'Every success is HTTP 200 with `{"code": 0, "code_msg": "ok", …}`. Every error is an',
  '`ErrorResponse`: `{"code", "detail", "status_code", "field"?}`.',
].join('\n');

/**
 * Serves the Swagger UI at /api/docs and the OpenAPI document at /api/docs-json. The document is
 * built on the first request, so this may run before `app.init()`. Operation ids are the
 * controller method names, which must therefore be unique across controllers.
 */
export function setupSwagger(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Interlock API')
    .setDescription(DESCRIPTION)
    .addBearerAuth()
    .build();

  SwaggerModule.setup(
    SWAGGER_UI_PATH,
    app,
    () =>
      SwaggerModule.createDocument(app, config, {
        extraModels: [ErrorResponse, FieldErrorsResponse],
        operationIdFactory: (_controllerKey, methodKey) => methodKey,
      }),
    { jsonDocumentUrl: SWAGGER_JSON_PATH, customSiteTitle: 'Interlock API' },
  );
}
