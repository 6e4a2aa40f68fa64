import { oneFileUpload } from '../common/one-file-upload.js';
import { MAX_REPORT_BYTES, tooLarge } from './report-document.js';

/** The upload of an inspection report. */
export const ReportUploadInterceptor = oneFileUpload(
  MAX_REPORT_BYTES,
  tooLarge,
  'Send only the report, as one file in the form field "file", and nothing else with it.',
);
