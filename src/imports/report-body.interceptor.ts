import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { MAX_REPORT_BYTES, tooLarge } from './report-document.js';

export const REPORT_TEXT_TYPES = ['text/plain', 'text/markdown', 'text/x-markdown', 'text/html'];

/**
 * The import route takes a report as a multipart upload (read by multer in the controller) or as
 * its text. This reads a text body as bytes, so that the charset is decided with the document's
 * other hints. Any other kind of body is refused by ReportDocument. An interceptor, not middleware,
 * so that nothing is read (up to 10 MB) before the guard has let the caller in.
 */
@Injectable()
export class ReportBodyInterceptor implements NestInterceptor {
  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<Request>();
    if (request.is(REPORT_TEXT_TYPES)) request.body = await readBody(request, MAX_REPORT_BYTES);
    return next.handle();
  }
}

/** The whole body, up to a limit; past it the rest is read and dropped, so the client can finish sending and read the refusal. */
function readBody(request: Request, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = Number(request.headers['content-length']) > limit ? Infinity : 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    request.on('end', () => (size > limit ? reject(tooLarge()) : resolve(Buffer.concat(chunks))));
    request.on('error', reject);
  });
}
