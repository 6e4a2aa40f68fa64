/**
 * A measure as a council writes one, for the API (Oxfordshire's first improvement area): children seen within 5
 * working days of a strategy discussion, 55% in March 2024, 70% by 31 March 2025 and 85% by 30 September 2025, its
 * figures entered monthly by Sam Patel.
 */
export const SEEN_ON_TIME = {
  name: 'Children seen within 5 working days of a strategy discussion',
  definition: 'Of the strategy discussions held in the month, the share whose child was seen within 5 working days.',
  unit: 'percent',
  direction: 'higher',
  baseline: { value: 55, on: '2024-03-31' },
  target: { value: 85, on: '2025-09-30' },
  milestones: [{ value: 70, on: '2025-03-31' }],
  dataSource: 'Liquidlogic, monthly performance report',
  owner: { name: 'Sam Patel', email: 'sam.patel@oxfordshire.gov.uk' },
  frequency: 'monthly',
};
