import { oneFileUpload } from '../common/one-file-upload.js';
import { MAX_SPREADSHEET_BYTES, spreadsheetTooLarge } from './value-upload.js';

/** The upload of a spreadsheet of measures' values. */
export const SpreadsheetUploadInterceptor = oneFileUpload(
  MAX_SPREADSHEET_BYTES,
  spreadsheetTooLarge,
  'Select one spreadsheet, and send nothing else with it.',
);
