import { Injectable, UnsupportedMediaTypeException, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

const WRITES = new Set(['POST', 'PUT', 'PATCH']);

/** The API speaks JSON: a write with another kind of body is refused with 415, not read as empty. */
@Injectable()
export class JsonOnlyMiddleware implements NestMiddleware {
  use(request: Request, _response: Response, next: NextFunction): void {
    if (WRITES.has(request.method) && !request.is('application/json')) {
      throw new UnsupportedMediaTypeException('Send the request body as JSON, with the header Content-Type: application/json.');
    }
    next();
  }
}
