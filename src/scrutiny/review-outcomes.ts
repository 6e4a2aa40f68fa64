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
