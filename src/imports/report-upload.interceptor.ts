import {
  BadRequestException,
  Injectable,
  PayloadTooLargeException,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Observable } from 'rxjs';
import { InvalidInputError } from '../common/errors.js';
import { MAX_REPORT_BYTES, tooLarge } from './report-document.js';

// Held in memory: a report is small, is read once, and is not kept.
const MulterUpload = FileInterceptor('file', { limits: { fileSize: MAX_REPORT_BYTES, files: 1 } });

/** Multer's upload of the report, with its refusals put in words a user can act on. */
@Injectable()
export class ReportUploadInterceptor implements NestInterceptor {
  private readonly upload = new MulterUpload();

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    try {
      return await this.upload.intercept(context, next);
    } catch (error) {
      if (error instanceof PayloadTooLargeException) throw tooLarge();
      if (error instanceof BadRequestException) {
        throw new InvalidInputError({
          file: [`The upload could not be read (${error.message}). Send one report, in the form field "file".`],
        });
      }
      throw error;
    }
  }
}
