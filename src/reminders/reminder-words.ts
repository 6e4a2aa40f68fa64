const workingDays = (count: number) => `${count} working day${count === 1 ? '' : 's'}`;

/**
 * Which of its date's reminders this one is, for a list of them: "10 working days before it is due", "On the day it is
 * due", "3 working days overdue", or its kind's news ("Newly assigned"). A copy says whose the work is.
 */
export function whichReminder(step: number, { news, ownerName }: { news: string | null; ownerName: string | null }): string {
  const when =
    news ?? (step < 0 ? `${workingDays(-step)} before it is due` : step === 0 ? 'On the day it is due' : `${workingDays(step)} overdue`);
  // News of someone else's work is its own notice; a date's reminder sent to someone besides the owner is a copy.
  return ownerName ? `${when} (${news ? '' : 'a copy: '}${ownerName} owns it)` : when;
}
