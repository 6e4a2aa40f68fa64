/** Email addresses are stored and compared lower-case and trimmed: people type them every which way. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
