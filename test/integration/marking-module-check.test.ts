// Whether the wiki offers action=markfortranslation is asked once per connection, not once per
// marking: a run that marks many pages sends one paraminfo request, on the real test wiki.
import { offersMarkForTranslation } from '../../src/core/mark-for-translation';
import { connectAs } from '../support/local-wiki';

describe('the markfortranslation module check', () => {
  it('asks the wiki once per connection and gives the same answer after', async () => {
    const bot = await connectAs('bot');
    const before = bot.requestCount;
    expect(await offersMarkForTranslation(bot)).toBe(true);
    expect(bot.requestCount).toBe(before + 1);
    expect(await offersMarkForTranslation(bot)).toBe(true);
    expect(await offersMarkForTranslation(bot)).toBe(true);
    expect(bot.requestCount).toBe(before + 1);

    const other = await connectAs('bot');
    const otherBefore = other.requestCount;
    expect(await offersMarkForTranslation(other)).toBe(true);
    expect(other.requestCount).toBe(otherBefore + 1);
  });
});
