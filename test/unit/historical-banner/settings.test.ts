import { bannerParameters, bannerSummary, describeRetiredOn, renderBanner, retiredFrom } from '../../../tasks/historical-banner/render-banner';
import { freshModule } from '../../support/fresh-module';
import { historicalBannerSettings } from '../../../tasks/historical-banner/settings';

const department = { title: 'Community Engagement', retiredOn: '2019-11', comment: 'Dissolved.' };

function issuesOf(input: unknown): string[] {
  const result = historicalBannerSettings.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('historical-banner settings', () => {
  it('fills the defaults: template Historical, comment and date parameters, subpages included', () => {
    const settings = historicalBannerSettings.parse({ retired: [department] });

    expect(settings.template).toBe('Historical');
    expect(settings.parameters).toEqual({ comment: '{comment}', date: '{retired}' });
    expect(settings.retired[0].includeSubpages).toBe(true);
    expect(settings.active).toEqual([]);
  });

  it.each([
    ['a month that does not exist', { retired: [{ ...department, retiredOn: '2019-13' }] }, 'retired.0.retiredOn: expected the date'],
    ['a day that does not exist', { retired: [{ ...department, retiredOn: '2019-02-30' }] }, 'retired.0.retiredOn: expected the date'],
    ['a year only', { retired: [{ ...department, retiredOn: '2019' }] }, 'retired.0.retiredOn: expected the date'],
    ['a page both retired and active', { retired: [department], active: ['Community_Engagement'] }, 'retired.0.title: "Community Engagement" is listed both as retired and as active'],
    ['a comment with a bare pipe', { retired: [{ ...department, comment: 'Teams moved | see below' }] }, 'retired.0.comment: the banner would not read back as written'],
    ['a comment with an unclosed template', { retired: [{ ...department, comment: 'See {{main' }] }, 'retired.0.comment: the banner would not read back as written'],
    ['an unknown placeholder', { parameters: { comment: '{reason}' } }, 'parameters.comment: unknown placeholder'],
    ['an unknown key', { retired: [{ ...department, subpages: false }] }, 'retired.0: Unrecognized key: "subpages"'],
  ])('rejects %s', (_name, input, expected) => {
    expect(issuesOf(input).join('\n')).toContain(expected);
  });

  it('accepts a comment with a piped link and {{!}}', () => {
    expect(issuesOf({ retired: [{ ...department, comment: 'See [[Community Resilience and Sustainability|CR&S]] {{!}} more' }] })).toEqual([]);
  });
});

describe('banner text', () => {
  it.each([
    ['2019-11', 'November 2019', '2019-11-01T00:00:00.000Z'],
    ['2019-11-15', '15 November 2019', '2019-11-15T00:00:00.000Z'],
  ])('reads %s as "%s", retired from %s', (retiredOn, words, from) => {
    expect(describeRetiredOn(retiredOn)).toBe(words);
    expect(retiredFrom(retiredOn).toISOString()).toBe(from);
  });

  it('reads and writes the date without an Intl.DateTimeFormat (ICU’s date-time data, 7 MB of RSS, is not loaded for it)', () => {
    // A fresh luxon too: it remembers the system's locale once it has asked for it.
    const fresh = freshModule<typeof import('../../../tasks/historical-banner/render-banner')>(require.resolve('../../../tasks/historical-banner/render-banner'));
    const made = jest.spyOn(Intl, 'DateTimeFormat');
    try {
      expect(fresh.describeRetiredOn('2019-02-28')).toBe('28 February 2019');
      expect(fresh.retiredFrom('2019-02').toISOString()).toBe('2019-02-01T00:00:00.000Z');
      expect(made).not.toHaveBeenCalled();
    } finally {
      made.mockRestore();
    }
  });

  it('writes the configured parameters in order and leaves out the empty ones', () => {
    const parameters = { date: '{retired}', comment: '{comment}', 1: '{department} is closed' };

    const withComment = bannerParameters(parameters, department);
    const without = bannerParameters(parameters, { ...department, comment: undefined });

    expect(withComment.map((p) => p.name)).toEqual(['1', 'date', 'comment']);
    expect(renderBanner('Historical', without)).toBe('{{Historical|1=Community Engagement is closed|date=November 2019}}');
  });

  it.each([
    ['2019-11', 'Adding {{Historical}}: Community Engagement was retired in November 2019'],
    ['2019-11-15', 'Adding {{Historical}}: Community Engagement was retired on 15 November 2019'],
  ])('summarises a department retired %s in words', (retiredOn, summary) => {
    expect(bannerSummary('Historical', { ...department, retiredOn })).toBe(summary);
  });
});
