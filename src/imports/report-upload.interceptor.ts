import {
  BadRequestException,
  Injectable,
  PayloadTooLargeException,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { InvalidInputError } from '../common/errors.js';
import { MAX_REPORT_BYTES, tooLarge } from './report-document.js';

/** Room for a multipart body's boundaries and part headers around the file. */
const MULTIPART_OVERHEAD = 64 * 1024;

// Held in memory: a report is small, is read once, and is not kept. The file is the only part
// allowed: multer would otherwise read any number of other fields, of any size, into memory.
const MulterUpload = FileInterceptor('file', { limits: { fileSize: MAX_REPORT_BYTES, files: 1, fields: 0, parts: 1, fieldSize: 0 } });

/** Multer's upload of the report, with its refusals put in words a user can act on. */
@Injectable()
export class ReportUploadInterceptor implements NestInterceptor {
  private readonly upload = new MulterUpload();

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    // A body declared larger than any upload we take is refused before a byte of it is read.
    if (Number(context.switchToHttp().getRequest<Request>().headers['content-length']) > MAX_REPORT_BYTES + MULTIPART_OVERHEAD)
      throw tooLarge();
    try {
      return await this.upload.intercept(context, next);
    } catch (error) {
      if (error instanceof PayloadTooLargeException) throw tooLarge();
      if (error instanceof BadRequestException) {
        throw new InvalidInputError({ file: ['Send only the report, as one file in the form field "file", and nothing else with it.'] });
      }
      throw error;
    }
  }
}
