import { Injectable, UnsupportedMediaTypeException, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/**
 * The API speaks JSON: a write with another kind of body is refused with 415, not read as empty.
 * A write with no body at all (signing out) has nothing to misread, so it passes. AppModule applies
 * it to the API's writes only.
 */
@Injectable()
export class JsonOnlyMiddleware implements NestMiddleware {
  use(request: Request, _response: Response, next: NextFunction): void {
    const hasBody = request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
    if (hasBody && !request.is('application/json')) {
      throw new UnsupportedMediaTypeException('Send the request body as JSON, with the header Content-Type: application/json.');
    }
    next();
  }
}
