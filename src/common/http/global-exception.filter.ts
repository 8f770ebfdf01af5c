import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Injectable,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Application, Request, Response } from 'express';

import { DomainError, ErrorCode } from '../errors';
import {
  buildErrorReply,
  errorCodeForStatus,
  type ErrorReply,
  replyForDomainError,
  replyForHttpException,
  replyForInternalError,
} from './error-envelope';
import { requestIdOf } from './request-id';
import { allowedMethods, type RouterLike } from './route-table';

/** The fields of an http-errors error (raised by body-parser and other Express middleware). */
interface ExposedHttpError extends Error {
  status: number;
  expose: true;
}

/** Checks for a 4xx error from Express middleware whose message is meant for the client. */
function isExposedClientError(error: unknown): error is ExposedHttpError {
  if (!(error instanceof Error)) {
    return false;
  }

  const { status, expose } = error as Partial<ExposedHttpError>;

  return expose === true && typeof status === 'number' && status >= 400 && status < 500;
}

/**
 * Writes every error as the JSON envelope `{code, detail, status_code, field?, ...extra}`.
 * Unexpected errors become a generic 500 with the request id and are logged once, with the
 * stack, here. No HTML and no stack trace ever reach the client.
 */
@Catch()
@Injectable()
export class GlobalExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(GlobalExceptionFilter.name);

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    if (res.headersSent) {
      // The status line is already sent, so the error can only be logged.
      this.logFailure(
        req,
        'error',
        exception,
        'Request failed after the response headers were sent',
      );
      res.end();

      return;
    }

    const reply = this.replyFor(exception, req);
    res.status(reply.status);
    for (const [name, value] of Object.entries(reply.headers)) {
      res.setHeader(name, value);
    }

    res.json(reply.body);
  }

  private replyFor(exception: unknown, req: Request): ErrorReply {
    if (exception instanceof DomainError) {
      const reply = replyForDomainError(exception);
      if (reply.status >= 500) {
        this.logFailure(req, 'warn', exception, `Request failed with ${exception.code}`);
      }

      return reply;
    }

    if (exception instanceof NotFoundException) {
      const unmatched = this.replyForUnmatchedRoute(req);
      if (unmatched !== undefined) {
        return unmatched;
      }
    }

    if (exception instanceof HttpException) {
      return replyForHttpException(exception);
    }

    if (isExposedClientError(exception)) {
      return buildErrorReply(
        exception.status,
        errorCodeForStatus(exception.status),
        exception.message,
      );
    }

    const requestId = requestIdOf(req);
    this.logFailure(req, 'error', exception, 'Unexpected error while handling the request');

    return replyForInternalError(requestId);
  }

  /**
   * Returns the 404 or 405 reply when no route accepts the request's method on its path, and
   * undefined when one does (then a handler raised the NotFoundException itself). `req.route`
   * cannot tell the two apart, because route-scoped middleware such as the logger's sets it.
   */
  private replyForUnmatchedRoute(req: Request): ErrorReply | undefined {
    const express = this.adapterHost.httpAdapter.getInstance<Application>();
    const router = (express as unknown as { router: RouterLike }).router;
    const methods = allowedMethods(router, req.path);
    if (methods.includes(req.method)) {
      return undefined;
    }

    if (methods.length === 0) {
      return buildErrorReply(
        HttpStatus.NOT_FOUND,
        ErrorCode.NotFound,
        `No route matches ${req.method} ${req.path}.`,
      );
    }

    return buildErrorReply(
      HttpStatus.METHOD_NOT_ALLOWED,
      ErrorCode.MethodNotAllowed,
      `Method ${req.method} is not allowed on ${req.path}. Allowed methods: ${methods.join(', ')}.`,
      { headers: { Allow: methods.join(', ') } },
    );
  }

  /**
   * Logs through the request's own logger when the request logger already ran, so the line
   * carries the request id, and through the Nest logger with the id added otherwise.
   */
  private logFailure(req: Request, level: 'warn' | 'error', error: unknown, message: string): void {
    const requestLog = (req as Partial<Pick<Request, 'log'>>).log;
    if (requestLog !== undefined) {
      requestLog[level]({ context: GlobalExceptionFilter.name, err: error }, message);

      return;
    }

    this.logger[level]({ err: error, request_id: requestIdOf(req) }, message);
  }
}
