// The peer of historical-banner: what a capable user would write with mwn to put {{Historical}} on a
// retired department and its subpages, skipping pages that have it. Independent of deptbot's code.
import { contentOf, readAll, type Peer } from './peer';

interface Settings {
  template: string;
  retired: Array<{ title: string; retiredOn: string; comment: string }>;
}

/** "2019-11" → "November 2019", as the banner's date parameter reads. */
function monthYear(retiredOn: string): string {
  return new Date(`${retiredOn}-01T00:00:00Z`).toLocaleString('en', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const historicalBannerPeer: Peer<Settings> = async (bot, settings, _now, onChange) => {
  const { template } = settings;
  const [department] = settings.retired;
  const banner = `{{${template}|comment=${department.comment}|date=${monthYear(department.retiredOn)}}}`;
  // The template under any of its names (redirects too), with or without "Template:", first letter either case.
  const redirects = await bot.continuedQuery({ action: 'query', list: 'backlinks', bltitle: `Template:${template}`, blfilterredir: 'redirects', bllimit: 'max' });
  const names = [template, ...redirects.flatMap((r) => r.query?.backlinks ?? []).map((b: { title: string }) => b.title.replace(/^Template:/, ''))];
  const pattern = names.map((n) => `[${n[0].toUpperCase()}${n[0].toLowerCase()}]${escapeRegExp(n.slice(1)).replace(/ /g, '[ _]')}`).join('|');
  const hasBanner = new RegExp(`\\{\\{\\s*(?:template:)?(?:${pattern})\\s*[|}]`, 'i');
  // Translation pages (Title/xx) cannot be edited; the banner reaches them through their source.
  const site = await bot.request({ action: 'query', meta: 'siteinfo', siprop: 'languages' });
  const languages = new Set<string>((site.query?.languages ?? []).map((l: { code: string }) => l.code));
  const listed = await bot.continuedQuery({ action: 'query', list: 'allpages', apprefix: `${department.title}/`, apfilterredir: 'nonredirects', aplimit: 'max' });
  const titles = [department.title, ...listed.flatMap((r) => r.query?.allpages ?? []).map((p: { title: string }) => p.title)];
  for (const page of await readAll(bot, titles.filter((title) => !languages.has(title.slice(title.lastIndexOf('/') + 1))))) {
    const text = contentOf(page);
    if (!text?.trim() || hasBanner.test(text.replace(/<!--[\s\S]*?-->/g, ''))) continue;
    const languageBar = /^\s*<languages\s*\/>[ \t]*(?:\n|$)/i.exec(text);
    const head = languageBar ? (languageBar[0].endsWith('\n') ? languageBar[0] : `${languageBar[0]}\n`) : '';
    onChange(page.title, `${head}${banner}\n${text.slice(languageBar?.[0].length ?? 0)}`);
  }
};
