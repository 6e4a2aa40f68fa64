import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { InvalidInputError, UnusableDocumentError } from '../common/errors.js';
import { REPORT_TEXT_TYPES } from './report-body.interceptor.js';
import type { DocumentHints } from './report-document.js';

export interface UploadedReport extends DocumentHints {
  bytes: Uint8Array;
}

type UploadRequest = Request & { file?: { buffer: Buffer; originalname: string; mimetype: string } };

/** The report sent to the import route: multer's uploaded file, or the text body ReportBodyInterceptor read. */
export const ReportDocument = createParamDecorator((_: unknown, context: ExecutionContext): UploadedReport => {
  const request = context.switchToHttp().getRequest<UploadRequest>();
  if (request.file) return { bytes: request.file.buffer, fileName: request.file.originalname, mediaType: request.file.mimetype };
  if (request.is('multipart/form-data')) throw new InvalidInputError({ file: ['Attach the report as a file in the form field "file".'] });
  if (!request.is(REPORT_TEXT_TYPES)) {
    throw new UnusableDocumentError(
      'unsupported_format',
      `Upload the report as a file in the form field "file" (multipart/form-data), or send its text as the body with Content-Type ${REPORT_TEXT_TYPES.join(', ')}.`,
    );
  }
  return {
    bytes: Buffer.isBuffer(request.body) ? request.body : new Uint8Array(0),
    fileName: null,
    mediaType: request.header('content-type') ?? null,
  };
});
