import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import type { Observable } from 'rxjs';
import type { SignedInRequest } from '../common/actor.js';
import { ImportsService } from './imports.service.js';

/**
 * One report upload at a time for each person, counted from before the body is read to the end of
 * the answer: one person cannot keep every worker busy, or the service reading many bodies at once.
 * Goes before the interceptors that read the body.
 */
@Injectable()
export class OneUploadAtATimeInterceptor implements NestInterceptor {
  constructor(private readonly imports: ImportsService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const user = http.getRequest<SignedInRequest>().signedIn;
    if (user) {
      const upload = this.imports.startUpload(user.id);
      // 'close' comes once the answer is sent, or when the client goes away: either way the upload is over.
      http.getResponse<Response>().once('close', upload.done);
    }
    return next.handle();
  }
}
