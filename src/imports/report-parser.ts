import { isIsoDate, type IsoDate } from '../common/dates.js';
import type { FrameworkPolicy } from '../config/policy.js';
import { decodeHTMLStrict } from 'entities';

/** The report generations the parser reads, by their codes in config/frameworks.yaml. */
export type ReportFramework = 'ILACS' | 'SIF' | 'SLAC_2011';

export interface ParsedJudgement {
  area: string;
  /** A grade key of the framework's scale in config/frameworks.yaml. */
  grade: string;
}

export interface ParsedArea {
  title: string;
  /** As the report groups it ("Within three months"), or null. */
  timeframe: string | null;
}

export interface ParsedReport {
  framework: ReportFramework | null;
  authority: string | null;
  startedOn: IsoDate | null;
  endedOn: IsoDate | null;
  publishedOn: IsoDate | null;
  leadInspector: string | null;
  priorityAction: boolean;
  overallEffectiveness: string | null;
  judgements: ParsedJudgement[];
  improvementAreas: ParsedArea[];
  /** Anything the parser was unsure of, in words a user can act on. */
  warnings: string[];
}

// The limits of the columns these end up in, so a preview never holds what a commit would refuse.
const MAX_AUTHORITY = 200;
const MAX_INSPECTOR = 200;
const MAX_TITLE = 2000;
const MAX_AREAS = 100;

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?';
const DATE_RANGE = new RegExp(
  `inspection dates?\\s*:?\\s*${DAY}(?:\\s+${MONTH})?(?:\\s+(\\d{4}))?\\s*(?:to|until|and|[-–—])\\s*${DAY}\\s+${MONTH}\\s+(\\d{4})`,
  'i',
);
const SINGLE_DATE = new RegExp(`inspection dates?\\s*:?\\s*${DAY}\\s+${MONTH}\\s+(\\d{4})`, 'i');
const PUBLISHED = new RegExp(
  `(?:report published\\s*:?|publication date\\s*:?|date of publication\\s*:?|published\\s*:)\\s*(?:on\\s+)?${DAY}\\s+${MONTH}\\s+(\\d{4})`,
  'i',
);

/** Grades as reports word them; the longer wordings first, and "inadequate" before the "adequate" inside it. */
const GRADE = '(requires? improvement(?: to be good)?|outstanding|good|inadequate|adequate)';

/** The judgements each generation grades, in the words of its reports. */
const JUDGEMENT_AREAS: Record<ReportFramework, string[]> = {
  ILACS: [
    'The impact of leaders on social work practice with children and families',
    'The experiences and progress of children who need help and protection',
    // ILACS reports before 2023 judged children in care and care leavers together.
    'The experiences and progress of children in care and care leavers',
    'The experiences and progress of children in care',
    'The experiences and progress of care leavers',
    'Overall effectiveness',
  ],
  SIF: [
    'Children who need help and protection',
    'Children looked after and achieving permanence',
    'Adoption performance',
    'Experiences and progress of care leavers',
    'Leadership, management and governance',
    'Overall effectiveness',
  ],
  SLAC_2011: [
    'Overall effectiveness',
    'Capacity for improvement',
    'Being healthy',
    'Staying safe',
    'Enjoying and achieving',
    'Making a positive contribution',
    'Achieving economic well-being',
    'Quality of provision',
    'Ambition and prioritisation',
    'Leadership and management',
    'Performance management and quality assurance',
    'Partnership working',
    'Equality and diversity',
  ],
};

/** 2011 reports judge safeguarding and looked after children in two sections with the same judgement names. */
const SLAC_SECTIONS: Array<[RegExp, string]> = [
  [/^(?:\d+\.?\s+)?safeguarding services$/i, 'Safeguarding services'],
  [/^(?:\d+\.?\s+)?services for looked after children$/i, 'Services for looked after children'],
];

const RECOMMENDATIONS_HEADING =
  /^(?:\d+\.?\s+)?(what needs to improve\b.{0,40}|what does the (?:local authority|lscb) need to improve\b.{0,20}|areas? for (?:improvement|priority action)|priority and immediate action|recommendations?)\s*[?:]?$/i;
const TIMEFRAME =
  /^(immediately|within (?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2}) (?:days?|weeks?|months?))\s*[:.–—-]?\s*(.*)$/i;
/** "…the local authority and its partners should take the following action." opens a list in a numbered paragraph of its own. */
const INTRODUCTION = /(?:take the following actions?|the following (?:actions?|recommendations?|areas? for improvement))[.:]?$|:$/i;
const BULLET = /^[-•●▪◦∙·*‣⁃–—o]\s+(?=\S)/;
const NUMBERED = /^(?:\(?\d{1,2}[.)]|\(?[a-h]\)|\d{1,2}\.\d{1,2}\.?)\s+(?=\S)/i;
const JUDGEMENT_HEADING =
  /^(?:\d+(?:\.\d+)?\.?\s+)?(?:the )?(?:experiences and progress|impact of leaders|overall effectiveness|capacity for improvement|leadership, management|children who need help and protection|children looked after and achieving)/i;
const OTHER_HEADING =
  /^(summary|contents|information about this|about this inspection|local authority information|the inspection judgements|inspection judgements|other findings|outcomes for children|service information|the local safeguarding children board|review of the effectiveness)/i;

interface Line {
  text: string;
  /** A Markdown or HTML heading: a structural boundary the text itself need not show. */
  heading: boolean;
}

/**
 * Reads an Ofsted report's text (from a PDF, Markdown, HTML or a paste) into what an action plan needs.
 * Pure and total: any string gives a result, with warnings for what it could not find.
 */
export function parseReport(text: string, frameworks: ReadonlyMap<string, FrameworkPolicy>): ParsedReport {
  const lines = toLines(text);
  const { flat, starts } = flatten(lines);
  const warnings: string[] = [];
  const framework = detectFramework(flat);

  const dates = inspectionDates(flat);
  const publishedOn = matchDate(PUBLISHED.exec(flat));
  const leadInspector = findLeadInspector(lines);
  const authority = findAuthority(flat, lines);

  const scale = framework ? frameworks.get(framework)?.grades : undefined;
  if (framework && !scale)
    warnings.push(`The report looks like a ${framework} report, but ${framework} is not a framework in config/frameworks.yaml.`);
  const judgements = framework && scale ? findJudgements(framework, flat, starts, lines, scale, warnings) : [];
  const { areas, priorityAction } = findRecommendations(lines, warnings);

  if (!authority) warnings.push('No council was found in the report: give authority when you commit.');
  if (!dates.startedOn) warnings.push('No inspection dates were found.');
  if (!publishedOn)
    warnings.push(
      'The report does not say when it was published: give publishedOn (YYYY-MM-DD) when you commit, so that the deadline can be worked out.',
    );
  if (!leadInspector) warnings.push('No lead inspector was found.');
  if (framework && areas.length === 0)
    warnings.push('No recommendations ("What needs to improve?") were found: add the areas when you commit, or afterwards.');

  return {
    framework,
    authority,
    ...dates,
    publishedOn,
    leadInspector,
    priorityAction,
    overallEffectiveness: judgements.find((judgement) => judgement.area === 'Overall effectiveness')?.grade ?? null,
    judgements,
    improvementAreas: areas,
    warnings,
  };
}

/** Why a parsed document is not an inspection report the import can use, or null when it is one. */
export function notAReport(report: ParsedReport): string | null {
  if (!report.framework) {
    return "This does not look like an Ofsted inspection report of a council's children's services: it is not an ILACS, SIF or 2011 safeguarding and looked after children report.";
  }
  const found = [report.startedOn !== null, report.leadInspector !== null, report.judgements.length > 0].filter(Boolean).length;
  if (found < 2) {
    return 'This mentions an Ofsted inspection but does not read as the report itself: it lacks at least two of inspection dates, a lead inspector and graded judgements. Upload the report as Ofsted published it.';
  }
  return null;
}

/** Longer than any line a real report has; text past it is not read. */
const MAX_LINE = 10_000;

/** Lines without markup or page furniture; blank lines and table rules dropped. */
function toLines(raw: string): Line[] {
  const text = decodeHTMLStrict(raw)
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u2007\u202f\t]/g, ' ')
    // Control characters (a PDF's text layer has some) would only be refused when the preview is committed.
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    .replace(/[\u200b\u00ad\ufeff\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '');
  const lines: Line[] = [];
  for (const rawLine of text.split('\n')) {
    const heading = /^ {0,3}#{1,6}\s/.test(rawLine);
    const line = stripMarkup(rawLine);
    if (line && !isTableRule(line) && !isPageFurniture(line)) lines.push({ text: line, heading });
  }
  return dropRunningHeaders(lines);
}

/**
 * Whitespace is collapsed first (one linear pass) and lines are capped, so that no later pattern
 * can be made to rescan a long run of spaces from every position: an upload must not stall the service.
 */
function stripMarkup(line: string): string {
  return line
    .slice(0, MAX_LINE)
    .replace(/\s+/g, ' ')
    .replace(/^ {0,3}#{1,6}\s+/, '')
    .replace(/^\s*>\s?/, '')
    .replace(/\[([^[\]]*)\]\([^()]*\)/g, '$1')
    .replace(/<(?:https?:|mailto:)[^<>]*>/gi, '')
    .replace(/<\/?[a-z][^<>]*>/gi, '')
    .replace(/\*\*|__/g, '')
    .replace(/ ?\| ?/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

function isTableRule(line: string): boolean {
  return /^[\s|:=*_–—-]+$/.test(line) && /[-=*_–—]{3}/.test(line);
}

/** Page numbers and pdf-parse's page markers. */
function isPageFurniture(line: string): boolean {
  return /^(?:-- \d+ of \d+ --|(?:page )?\d{1,4}(?: of \d{1,4})?)$/i.test(line);
}

/** A line repeated on page after page (a running header or footer) is kept only where it first appears. */
function dropRunningHeaders(lines: Line[]): Line[] {
  const key = (line: Line) => line.text.replace(/^\d{1,4}\s+|\s+\d{1,4}$/g, '').toLowerCase();
  const counts = new Map<string, number>();
  for (const line of lines) counts.set(key(line), (counts.get(key(line)) ?? 0) + 1);
  const seen = new Set<string>();
  return lines.filter((line) => {
    const k = key(line);
    if (k.length < 20 || (counts.get(k) ?? 0) < 3 || BULLET.test(line.text) || NUMBERED.test(line.text)) return true;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The lines as one string, wrapped words rejoined, with where each line starts in it. */
function flatten(lines: Line[]): { flat: string; starts: number[] } {
  // Built from parts and joined once: appending to one string and reading its end on every line is quadratic.
  const parts: string[] = [];
  const starts: number[] = [];
  let length = 0;
  let previous = '';
  for (const line of lines) {
    const text = line.text.replace(/[’‘`]/g, "'");
    if (length > 0 && !(/\p{L}-$/u.test(previous) && /^\p{Ll}/u.test(text))) {
      parts.push(' ');
      length += 1;
    }
    starts.push(length);
    parts.push(text);
    length += text.length;
    previous = text;
  }
  return { flat: parts.join(''), starts };
}

function detectFramework(flat: string): ReportFramework | null {
  const titles: Array<[ReportFramework, RegExp]> = [
    ['SIF', /children in need of help and protection,? children looked after and care leavers|single inspection framework/i],
    ['SLAC_2011', /safeguarding and looked after children/i],
    ['ILACS', /local authority children's services|inspection of children's social care services/i],
  ];
  // The title decides; a later mention (an earlier inspection recalled) only when the title says nothing.
  for (const text of [flat.slice(0, 1500), flat]) {
    for (const [framework, title] of titles) if (title.test(text)) return framework;
  }
  if (/impact of leaders on social work practice/i.test(flat)) return 'ILACS';
  if (/children looked after and achieving permanence/i.test(flat)) return 'SIF';
  if (/capacity for improvement/i.test(flat) && /within (three|six) months/i.test(flat)) return 'SLAC_2011';
  return null;
}

function inspectionDates(flat: string): { startedOn: IsoDate | null; endedOn: IsoDate | null } {
  const range = DATE_RANGE.exec(flat);
  if (range) {
    const [, startDay, startMonth, startYear, endDay, endMonth, endYear] = range;
    const endedOn = isoDate(endDay, endMonth, endYear);
    const monthOfStart = startMonth ?? endMonth;
    // "28 December to 8 January 2013" began in the year before the one written.
    const yearOfStart = startYear ?? String(Number(endYear) - (monthIndex(monthOfStart) > monthIndex(endMonth) ? 1 : 0));
    const startedOn = isoDate(startDay, monthOfStart, yearOfStart);
    if (startedOn && endedOn && startedOn <= endedOn) return { startedOn, endedOn };
  }
  const single = matchDate(SINGLE_DATE.exec(flat));
  return { startedOn: single, endedOn: single };
}

function matchDate(match: RegExpExecArray | null): IsoDate | null {
  return match ? isoDate(match[1], match[2], match[3]) : null;
}

function monthIndex(name: string): number {
  return MONTHS.findIndex((month) => month.startsWith(name.toLowerCase().slice(0, 3)));
}

function isoDate(day: string, month: string, year: string): IsoDate | null {
  const date = `${year}-${String(monthIndex(month) + 1).padStart(2, '0')}-${day.padStart(2, '0')}`;
  return isIsoDate(date) ? date : null;
}

function findLeadInspector(lines: Line[]): string | null {
  for (const [index, line] of lines.entries()) {
    const match = /^(?:lead|reporting)(?: social care)? inspector\s*:?\s*(.*)$/i.exec(line.text);
    if (!match) continue;
    const named = (match[1] || lines[index + 1]?.text || '')
      .replace(/,?\s*(?:his|her) majesty['’]s inspector.*$/i, '')
      .replace(/,?\s*\bHMI\b.*$/, '')
      .replace(/,?\s*(?:ofsted|social care regulatory)? ?inspector$/i, '')
      .trim();
    const name = trimTrailing(named, ',;. ');
    if (/^\p{L}/u.test(name) && name.length <= MAX_INSPECTOR && name.split(' ').length <= 8) return name;
  }
  return null;
}

function findAuthority(flat: string, lines: Line[]): string | null {
  const patterns = [
    /inspection of (.{2,120}?) local authority children's services/i,
    /^(.{2,120}?)\s*[–—-]?\s*inspection of children's social care services/i,
    /(?:safeguarding and looked after children services|safeguarding and looked after children inspection)\s*[:,–—-]?\s*(.{2,80}? (?:council|borough))\b/i,
  ];
  for (const pattern of patterns) {
    const found = clean(pattern.exec(flat)?.[1]);
    if (found) return found;
  }
  // SIF and older reports name the council on a line of its own near the top.
  for (const line of lines.slice(0, 40)) {
    const council =
      /^((?:the )?(?:london borough of |royal borough of |city of )?[\p{L}' .&-]{2,80}? (?:county |city |borough |district |metropolitan borough )?council)$/iu.exec(
        line.text,
      );
    if (council) return clean(council[1]);
  }
  return clean(/children's services in (.{2,80}?) (?:are|is|requires?) (?:outstanding|good|inadequate|improvement)/i.exec(flat)?.[1]);
}

/**
 * `value` without trailing punctuation and spaces. A loop, not /[…]+$/: that pattern retries from
 * every position of a long run of commas, and an upload full of them would stall the service.
 */
function trimTrailing(value: string, characters: string): string {
  let end = value.length;
  while (end > 0 && (characters.includes(value[end - 1]) || /\s/.test(value[end - 1]))) end -= 1;
  return value.slice(0, end).trim();
}

function clean(value: string | undefined): string | null {
  const name = value === undefined ? undefined : trimTrailing(value, ',;:. ');
  return name && /^\p{L}/u.test(name) && name.length <= MAX_AUTHORITY ? name : null;
}

function findJudgements(
  framework: ReportFramework,
  flat: string,
  starts: number[],
  lines: Line[],
  scale: Record<string, string>,
  warnings: string[],
): ParsedJudgement[] {
  const found: Array<{ at: number; area: string; phrase: string }> = [];
  for (const area of JUDGEMENT_AREAS[framework]) {
    const words = area.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
    const pattern = new RegExp(`(?<![\\p{L}])${words}\\s*(?:[:;,–—-]|\\bis\\b|\\bare\\b)?\\s*${GRADE}\\b`, 'giu');
    for (const match of flat.matchAll(pattern)) {
      found.push({ at: match.index, area, phrase: match[1] });
      if (framework !== 'SLAC_2011') break;
    }
  }
  if (framework === 'SIF' && !found.some((judgement) => judgement.area === 'Overall effectiveness')) {
    const overall = /children's services in .{2,80}? (?:are (outstanding|good|inadequate)|requires? (improvement(?: to be good)?))/i.exec(
      flat,
    );
    if (overall) found.push({ at: overall.index, area: 'Overall effectiveness', phrase: overall[1] ?? 'requires improvement' });
  }
  const sections =
    framework === 'SLAC_2011'
      ? lines.flatMap((line, index) =>
          SLAC_SECTIONS.filter(([heading]) => heading.test(line.text)).map(([, name]) => ({ at: starts[index], name })),
        )
      : [];

  const judgements: ParsedJudgement[] = [];
  const seen = new Set<string>();
  for (const { at, area, phrase } of found.sort((a, b) => a.at - b.at)) {
    const section = sections.filter((candidate) => candidate.at < at).at(-1);
    const name = section ? `${section.name}: ${area}` : area;
    if (seen.has(name)) continue;
    seen.add(name);
    const grade = gradeKey(phrase, scale);
    if (grade) judgements.push({ area: name, grade });
    else
      warnings.push(
        `"${name}" is graded "${phrase}", which is not on the ${framework} scale (${Object.values(scale).join(', ')}): the judgement was left out.`,
      );
  }
  return judgements;
}

/** The scale's key for a grade as a report words it: "Requires improvement" is the scale's "Requires improvement to be good". */
export function gradeKey(phrase: string, scale: Record<string, string>): string | null {
  const words = (text: string) =>
    text
      .toLowerCase()
      .replace(/_/g, ' ')
      .replace(/\s+/g, ' ')
      .replace(/^require /, 'requires ')
      .trim();
  const wanted = words(phrase);
  const entries = Object.entries(scale);
  return (
    entries.find(([key, label]) => words(label) === wanted || words(key) === wanted)?.[0] ??
    entries.find(([, label]) => words(label).startsWith(`${wanted} `))?.[0] ??
    null
  );
}

/**
 * The recommendations, one area each, from every "What needs to improve?" (or "Areas for
 * improvement", or "Recommendations") section. Tolerates PDF text: items wrapped over several
 * lines, bullets lost, page furniture in between.
 */
function findRecommendations(lines: Line[], warnings: string[]): { areas: ParsedArea[]; priorityAction: boolean } {
  const areas: ParsedArea[] = [];
  const seen = new Set<string>();
  let priorityAction = false;
  let repeated = false;
  let index = 0;
  while (index < lines.length) {
    if (!RECOMMENDATIONS_HEADING.test(lines[index].text)) {
      index += 1;
      continue;
    }
    const section = readSection(lines, index);
    index = section.end;
    priorityAction ||= section.priorityAction;
    for (const item of section.items) {
      const title = item.title.replace(/\s+/g, ' ').trim();
      if (!/[\p{L}\p{N}]/u.test(title) || INTRODUCTION.test(title)) continue;
      const key = title.toLowerCase();
      if (seen.has(key)) {
        repeated = true;
        continue;
      }
      seen.add(key);
      areas.push({ title: title.length > MAX_TITLE ? `${title.slice(0, MAX_TITLE - 1)}…` : title, timeframe: item.timeframe });
    }
  }
  if (repeated) warnings.push('A recommendation appears more than once in the report: it is kept once.');
  if (areas.some((area) => area.title.length >= MAX_TITLE))
    warnings.push(`A recommendation longer than ${MAX_TITLE} characters was cut short: check it.`);
  else if (areas.some((area) => area.title.length > 600))
    warnings.push('A recommendation is unusually long: check that it holds one recommendation, not the text after the list.');
  if (areas.length > MAX_AREAS) {
    warnings.push(
      `The report seems to hold more than ${MAX_AREAS} recommendations: only the first ${MAX_AREAS} are kept. Check the preview.`,
    );
    areas.length = MAX_AREAS;
  }
  return { areas, priorityAction };
}

interface SectionItem {
  title: string;
  timeframe: string | null;
}

function readSection(lines: Line[], headingIndex: number): { items: SectionItem[]; end: number; priorityAction: boolean } {
  const items: SectionItem[] = [];
  let timeframe: string | null = null;
  let priorityAction = /priority/i.test(lines[headingIndex].text);
  if (/priority and immediate action/i.test(lines[headingIndex].text)) timeframe = 'Priority and immediate action';
  let current: SectionItem | null = null;
  let kind: 'bullet' | 'number' | null = null;
  let lastNumber = 0;
  const end = sectionEnd(lines, headingIndex);
  const marked = lines.slice(headingIndex + 1, end).some((line) => marker(line.text) !== null);

  for (let index = headingIndex + 1; index < end; index += 1) {
    const text = lines[index].text;
    const found = marker(text);
    if (found) {
      const number = /^\(?(\d{1,2})[.)]/.exec(text)?.[1];
      // Numbered paragraphs after a bulleted list, or numbering that restarts, belong to what follows.
      if (kind === 'bullet' && found.kind === 'number') return { items, end: index, priorityAction };
      if (kind === 'number' && number && Number(number) !== lastNumber + 1) return { items, end: index, priorityAction };
      kind ??= found.kind;
      lastNumber = number ? Number(number) : lastNumber;
      current = { title: found.rest, timeframe };
      items.push(current);
      continue;
    }
    if (RECOMMENDATIONS_HEADING.test(text)) {
      current = null;
      timeframe = /priority and immediate action/i.test(text) ? 'Priority and immediate action' : null;
      priorityAction ||= /priority/i.test(text);
      continue;
    }
    const frame = TIMEFRAME.exec(text);
    if (frame && (frame[2] === '' || !marked)) {
      timeframe = frame[1][0].toUpperCase() + frame[1].slice(1);
      current = frame[2] ? { title: frame[2], timeframe } : null;
      if (current) items.push(current);
      continue;
    }
    if (current && continues(current.title, text, lines, index, end, marked)) {
      current.title = joinWrapped(current.title, text);
      continue;
    }
    if (marked) {
      // Before the first bullet: the list's introduction. After it: the end of the list.
      if (items.length > 0) return { items, end: index, priorityAction };
      continue;
    }
    if (/:$/.test(text)) continue;
    if (items.length > 0 && headingLike(text, lines[index + 1]?.text)) return { items, end: index, priorityAction };
    current = { title: text, timeframe };
    items.push(current);
  }
  return { items, end, priorityAction };
}

/** The first line after a recommendations heading that no list would run past. */
function sectionEnd(lines: Line[], headingIndex: number): number {
  for (let index = headingIndex + 1; index < lines.length; index += 1) {
    const line = lines[index];
    if (marker(line.text)) continue;
    if (RECOMMENDATIONS_HEADING.test(line.text) || TIMEFRAME.test(line.text)) continue;
    // Capitalised, so that a wrapped line that happens to start with a judgement's words is not taken for one.
    if (
      line.heading ||
      (/^\p{Lu}/u.test(line.text) && JUDGEMENT_HEADING.test(line.text)) ||
      (OTHER_HEADING.test(line.text) && headingLike(line.text, undefined))
    ) {
      return index;
    }
  }
  return lines.length;
}

/** Whether an unmarked line carries on the item before it, as a wrapped line or a further sentence of it. */
function continues(title: string, text: string, lines: Line[], index: number, end: number, marked: boolean): boolean {
  if (/^[\p{Ll}(\d]/u.test(text)) return true;
  const open = !/[.;!?]["'”’)]?$/.test(title);
  const heading = headingLike(text, lines[index + 1]?.text);
  if (open && !heading) return true;
  if (!marked || (heading && !open)) return false;
  // A new sentence of the same bullet, or a short capitalised wrap ("Public Law Outline"), when another bullet follows; otherwise the list is over.
  for (let next = index + 1; next < Math.min(end, index + 4); next += 1) {
    if (marker(lines[next].text)) return true;
    if (headingLike(lines[next].text, lines[next + 1]?.text)) return false;
  }
  return false;
}

/** Short, unpunctuated and not carried on by the next line: a heading, even where no markup says so. */
function headingLike(text: string, next: string | undefined): boolean {
  return /^\p{Lu}/u.test(text) && !/[.;,:!?]$/.test(text) && text.split(' ').length <= 12 && !(next && /^\p{Ll}/u.test(next));
}

function marker(text: string): { kind: 'bullet' | 'number'; rest: string } | null {
  const bullet = BULLET.exec(text);
  if (bullet) return { kind: 'bullet', rest: text.slice(bullet[0].length) };
  const numbered = NUMBERED.exec(text);
  return numbered ? { kind: 'number', rest: text.slice(numbered[0].length) } : null;
}

function joinWrapped(before: string, after: string): string {
  return /\p{L}-$/u.test(before) && /^\p{Ll}/u.test(after) ? `${before}${after}` : `${before} ${after}`;
}
