// The transform for one department page: puts the rendered schedule in the "office-hours" region,
// creating the region in the "Office hours" section (or a new section) the first time. Pure.
import { findRegion, renderRegion, replaceRegionBody } from '../../src/core/managed-region';
import type { TransformResult } from '../../src/core/task';
import type { PageSessions } from './next-sessions';
import { findOfficeHoursSections, trimTrailingLines, type OfficeHoursSection } from './office-hours-section';
import { renderSchedule } from './render-schedule';
import { carryUnitMarkers, isTranslatable, translateDepthAt } from './translation-units';

export const REGION = 'office-hours';

export interface PageLayout {
  /** `region`: only the region is the bot's; `section`: the whole body of the Office hours section is. */
  manage: 'region' | 'section';
  /** Headings that count as the office-hours section; the first is used for a new section. */
  sectionTitles: readonly string[];
}

/** Newlines to add so that `before` ends with at least `count` of them (none at the start of a page). */
function separator(before: string, count: number): string {
  if (before === '') return '';
  let have = 0;
  while (have < count && before[before.length - 1 - have] === '\n') have++;
  return '\n'.repeat(count - have);
}

/**
 * Wraps a block so that it stands outside <translate>: inside a block, it is closed before and
 * re-opened after, at a line boundary between units, so no unit changes.
 */
function outsideTranslate(block: string, depthBefore: number, depthAfter: number): string {
  return `${'</translate>\n'.repeat(depthBefore)}${block}\n${'<translate>\n'.repeat(depthAfter)}`;
}

function insertBlock(text: string, at: number, block: string, blankLineBefore: boolean): string {
  const depth = translateDepthAt(text, at);
  const before = text.slice(0, at);
  return before + separator(before, blankLineBefore ? 2 : 1) + outsideTranslate(block, depth, depth) + text.slice(at);
}

/** manage: section — the section's own text becomes the region (and any <translate> bounds it needs). */
function ownSection(text: string, section: OfficeHoursSection, body: string): string {
  const end = trimTrailingLines(text, section.bodyStart, section.end);
  const before = text.slice(0, section.bodyStart);
  const block = outsideTranslate(renderRegion(REGION, body), translateDepthAt(text, section.bodyStart), translateDepthAt(text, end));
  return before + separator(before, 1) + block + text.slice(end);
}

function newSection(text: string, title: string, body: string, translatable: boolean): string {
  const at = trimTrailingLines(text, 0, text.length);
  const heading = translatable ? `== <translate>${title}</translate> ==` : `== ${title} ==`;
  return insertBlock(text, at, `${heading}\n${renderRegion(REGION, body)}`, true);
}

export function updateOfficeHours(text: string, sessions: PageSessions, layout: PageLayout): TransformResult {
  const translatable = isTranslatable(text);
  const fresh = renderSchedule(sessions, { translatable });
  const region = findRegion(text, REGION);
  if (region.kind === 'broken') return { skip: region.reason };
  const section = findOfficeHoursSections(text, layout.sectionTitles)[0];
  if (region.kind === 'found') {
    const body = carryUnitMarkers(text.slice(region.bodyStart, region.bodyEnd), fresh);
    const inSection = section !== undefined && region.blockStart >= section.bodyStart && region.blockEnd <= section.end;
    if (layout.manage === 'section' && inSection) return { text: ownSection(text, section, body) };
    return replaceRegionBody(text, REGION, body);
  }
  if (!section) return { text: newSection(text, layout.sectionTitles[0] ?? 'Office hours', fresh, translatable) };
  if (layout.manage === 'section') return { text: ownSection(text, section, fresh) };
  const at = trimTrailingLines(text, section.bodyStart, section.end);
  return { text: insertBlock(text, at, renderRegion(REGION, fresh), at > section.bodyStart) };
}
