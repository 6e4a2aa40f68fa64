/**
 * Text from a request, made safe to write into a log line: control characters (a line break
 * above all, which would start a forged line) are shown as escapes, never written as themselves.
 */
export function loggable(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
