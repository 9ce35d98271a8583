// What the bot writes for a retired department: the banner's wikitext, the date in words and the
// edit summary. Pure: every input is an argument.
import { DateTime } from 'luxon';
import type { TemplateParam } from '../../src/wikitext/parse';

/** `YYYY-MM` (a month) or `YYYY-MM-DD` (a day): how precisely the retirement date is known. */
export const RETIRED_ON_PATTERN = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/;

/** The placeholders a banner parameter's value may use. */
export const PLACEHOLDERS = ['comment', 'retired', 'department'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export interface DepartmentBannerInput {
  /** The department's page title. */
  title: string;
  retiredOn: string;
  comment?: string;
}

function parseRetiredOn(retiredOn: string): { date: DateTime; hasDay: boolean } | null {
  const match = RETIRED_ON_PATTERN.exec(retiredOn);
  if (!match) return null;
  const [, year, month, day] = match;
  // The locale given, luxon does not ask Intl for the system's (which loads ICU's date-time data,
  // 7 MB of RSS); describeRetiredOn writes the date in English in any case.
  const date = DateTime.fromObject(
    { year: Number(year), month: Number(month), day: day === undefined ? 1 : Number(day) },
    { zone: 'utc', locale: 'en' },
  );
  return date.isValid ? { date, hasDay: day !== undefined } : null;
}

export function isValidRetiredOn(retiredOn: string): boolean {
  return parseRetiredOn(retiredOn) !== null;
}

/** The first instant the department counts as retired: the start of the day, or of the month when no day is given. */
export function retiredFrom(retiredOn: string): Date {
  const parsed = parseRetiredOn(retiredOn);
  if (!parsed) throw new RangeError(`not a retirement date: ${retiredOn}`);
  return parsed.date.toJSDate();
}

/** "November 2019" or "15 November 2019": English, as on Meta, whose source pages are in English. */
export function describeRetiredOn(retiredOn: string): string {
  const parsed = parseRetiredOn(retiredOn);
  if (!parsed) throw new RangeError(`not a retirement date: ${retiredOn}`);
  return parsed.date.setLocale('en').toFormat(parsed.hasDay ? 'd MMMM yyyy' : 'MMMM yyyy');
}

function placeholderValues(department: DepartmentBannerInput): Record<Placeholder, string> {
  return {
    comment: department.comment?.trim() ?? '',
    retired: describeRetiredOn(department.retiredOn),
    department: department.title,
  };
}

/**
 * The banner's parameters for one department, in the order the settings give them. A parameter
 * whose value comes out empty (no comment configured) is left out rather than written blank.
 */
export function bannerParameters(
  parameters: Readonly<Record<string, string>>,
  department: DepartmentBannerInput,
): TemplateParam[] {
  const values = placeholderValues(department);
  return Object.entries(parameters)
    .map(([name, value]) => ({
      name,
      value: value.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? values[key as Placeholder] : whole)).trim(),
    }))
    .filter((param) => param.value !== '');
}

export function renderBanner(template: string, params: readonly TemplateParam[]): string {
  return `{{${template}${params.map((p) => `|${p.name}=${p.value}`).join('')}}}`;
}

/** The edit summary in words; the framework appends the task's documentation link. */
export function bannerSummary(template: string, department: DepartmentBannerInput): string {
  const parsed = parseRetiredOn(department.retiredOn);
  const when = `${parsed?.hasDay ? 'on' : 'in'} ${describeRetiredOn(department.retiredOn)}`;
  return `Adding {{${template}}}: ${department.title} was retired ${when}`;
}
