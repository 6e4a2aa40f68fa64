import {
  BadRequestException,
  Injectable,
  mixin,
  PayloadTooLargeException,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  type Type,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { InvalidInputError } from './errors.js';

/** Room for a multipart body's boundaries and part headers around the file. */
const MULTIPART_OVERHEAD = 64 * 1024;

/**
 * Multer's upload of one file in the form field "file", with its refusals put in words a user can act
 * on. Held in memory: the file is small, read once and not kept. The file is the only part allowed:
 * multer would otherwise read any number of other fields, of any size, into memory.
 */
export function oneFileUpload(maxBytes: number, tooLarge: () => Error, onlyTheFile: string): Type<NestInterceptor> {
  const MulterUpload = FileInterceptor('file', { limits: { fileSize: maxBytes, files: 1, fields: 0, parts: 1, fieldSize: 0 } });

  @Injectable()
  class OneFileUpload implements NestInterceptor {
    private readonly upload = new MulterUpload();

    async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
      // A body declared larger than any upload we take is refused before a byte of it is read.
      if (Number(context.switchToHttp().getRequest<Request>().headers['content-length']) > maxBytes + MULTIPART_OVERHEAD) throw tooLarge();
      try {
        return await this.upload.intercept(context, next);
      } catch (error) {
        if (error instanceof PayloadTooLargeException) throw tooLarge();
        if (error instanceof BadRequestException) throw new InvalidInputError({ file: [onlyTheFile] });
        throw error;
      }
    }
  }
  return mixin(OneFileUpload);
}
