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
import { MAX_SPREADSHEET_BYTES, spreadsheetTooLarge } from './value-upload.js';

/** Room for a multipart body's boundaries and part headers around the file. */
const MULTIPART_OVERHEAD = 64 * 1024;

// Held in memory, as a report is: the file is small and read once. Only the file is taken, so that no other field fills memory.
const MulterUpload = FileInterceptor('file', { limits: { fileSize: MAX_SPREADSHEET_BYTES, files: 1, fields: 0, parts: 1, fieldSize: 0 } });

/** Multer's upload of a spreadsheet of measures' values, with its refusals put in words a user can act on. */
@Injectable()
export class SpreadsheetUploadInterceptor implements NestInterceptor {
  private readonly upload = new MulterUpload();

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    // A body declared larger than any upload we take is refused before a byte of it is read.
    if (Number(context.switchToHttp().getRequest<Request>().headers['content-length']) > MAX_SPREADSHEET_BYTES + MULTIPART_OVERHEAD)
      throw spreadsheetTooLarge();
    try {
      return await this.upload.intercept(context, next);
    } catch (error) {
      if (error instanceof PayloadTooLargeException) throw spreadsheetTooLarge();
      if (error instanceof BadRequestException)
        throw new InvalidInputError({ file: ['Select one spreadsheet, and send nothing else with it.'] });
      throw error;
    }
  }
}
