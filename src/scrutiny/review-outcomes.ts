/** What the committee decides for an area at a review. */
export const REVIEW_OUTCOMES = ['assured', 'progress_assured', 'further_assurance', 'escalated'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

/** Each outcome in the words the form, the reviews page and the committee paper all use. */
export const REVIEW_OUTCOME_WORDS: Readonly<Record<ReviewOutcome, string>> = {
  assured: 'Assured: area closed',
  progress_assured: 'Assured on progress',
  further_assurance: 'Further assurance requested',
  escalated: 'Escalated',
};

/** The committee says why unless it is assured: its questions, or why it escalated. */
export const outcomeNeedsComment = (outcome: string): boolean => outcome !== 'assured' && outcome !== 'progress_assured';

/**
 * Whether an area's lead hears what the committee asked or why (ReviewQuestionReminders), as the page that records the
 * review says: an outcome that asks something of them, an area with a lead, and not the person who recorded it.
 * `lead` and `recorder` are the same kind of key (an id, or an email address).
 */
export const leadHearsOutcome = (outcome: string, lead: string | null | undefined, recorder: string): lead is string =>
  outcomeNeedsComment(outcome) && Boolean(lead) && lead !== recorder;
