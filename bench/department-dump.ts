// Department-like pages for the benchmark, written as a MediaWiki XML dump that
// maintenance/importDump.php loads in one go (saving 10,000 pages through the API would take hours).
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './repo-root';

const seedDir = path.join(repoRoot, 'test', 'wiki', 'seed', 'pages');

/** Real department pages from Meta (the local wiki's seeds): a translatable page, a plain one, one with office hours. */
const MODEL_PAGES = [
  'Community Engagement/Priorities',
  'Community Development/What we do',
  'Community Resilience and Sustainability',
  'Community Engagement/Quarterly goals',
] as const;

/** The department the model pages name, replaced by the generated department's title. */
const MODEL_DEPARTMENTS = ['Community Engagement', 'Community Development', 'Community Resilience and Sustainability'];

export interface GeneratedPage {
  title: string;
  text: string;
  /** The title's namespace (the main one when not given). */
  namespace?: number;
}

export interface Department {
  /** The root page; its subpages are `<root>/Team 00001`, … */
  root: string;
  /** Pages in all, the root included. */
  pages: number;
  /** Every page a copy of the translatable model page, marked for translation and translated on the wiki (bench/translated-department.ts). */
  translated?: boolean;
}

export function benchDepartment(pages: number): Department {
  return { root: `Bench department of ${pages} pages`, pages };
}

export function subpageTitles(department: Department): string[] {
  return Array.from({ length: department.pages - 1 }, (_, i) => `${department.root}/Team ${String(i + 1).padStart(5, '0')}`);
}

/** The root and every subpage, as the tasks name them. */
export function departmentTitles(department: Department): string[] {
  return [department.root, ...subpageTitles(department)];
}

function readModelPages(): string[] {
  return MODEL_PAGES.map((title) => fs.readFileSync(path.join(seedDir, `${title.replace(/\//g, '%2F')}.wikitext`), 'utf8'));
}

/** Units of the translatable model a translated department's page keeps (see departmentPages). */
const TRANSLATED_MODEL_UNITS = 4;

/** The translatable model (the first) up to its unit `TRANSLATED_MODEL_UNITS + 1`, its <translate> closed there. */
function shortTranslatableModel(text: string): string {
  const cut = text.indexOf(`<!--T:${TRANSLATED_MODEL_UNITS + 1}-->`);
  if (cut === -1) throw new Error(`the translatable model page has no unit ${TRANSLATED_MODEL_UNITS + 1}`);
  return `${text.slice(0, cut).trimEnd()}\n</translate>\n`;
}

/**
 * The root and its subpages, each a model page retitled for the department and numbered, so no two are alike.
 * A translated department's pages are the translatable model's first units: once a page is marked,
 * Translate's jobs save each unit's source text as a page of its own (about 40 ms a unit), so 1,000
 * pages of the whole model (24 units) would keep the job queue busy for half an hour.
 */
export function departmentPages(department: Department): GeneratedPage[] {
  const models = department.translated ? [shortTranslatableModel(readModelPages()[0])] : readModelPages();
  const retitle = (text: string) => MODEL_DEPARTMENTS.reduce((out, name) => out.split(name).join(department.root), text);
  const titles = departmentTitles(department);
  return titles.map((title, index) => ({
    title,
    text: `${retitle(models[index % models.length]).trimEnd()}\n\n<!-- generated page ${index} of ${titles.length} -->\n`,
  }));
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A dump in the export-0.11 format: one revision per page, by a human account. */
export function writeDump(file: string, pages: readonly GeneratedPage[], author: string, timestamp: string): void {
  const out = fs.openSync(file, 'w');
  try {
    fs.writeSync(out, '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" xml:lang="en">\n');
    for (const page of pages) {
      fs.writeSync(
        out,
        [
          '  <page>',
          `    <title>${escapeXml(page.title)}</title>`,
          `    <ns>${page.namespace ?? 0}</ns>`,
          '    <revision>',
          `      <timestamp>${timestamp}</timestamp>`,
          `      <contributor><username>${escapeXml(author)}</username></contributor>`,
          '      <comment>benchmark department page</comment>',
          '      <model>wikitext</model>',
          '      <format>text/x-wiki</format>',
          `      <text xml:space="preserve">${escapeXml(page.text)}</text>`,
          '    </revision>',
          '  </page>\n',
        ].join('\n'),
      );
    }
    fs.writeSync(out, '</mediawiki>\n');
  } finally {
    fs.closeSync(out);
  }
}
