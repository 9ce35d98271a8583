import { evaluateEdit, evaluateNewSection, type ChangeRules } from '../../../src/core/planned-change';
import type { PageState } from '../../../src/wiki/client';

const rules: ChangeRules = {
  taskName: 'test-task',
  botName: 'DeptBot',
  allow: [{ namespace: 0 }, { namespace: 1 }, { prefix: 'User:DeptBot/' }],
  docsPage: 'User:DeptBot/Tasks',
};

function page(text: string | null, overrides: Partial<PageState> = {}): PageState {
  return {
    title: 'Some page',
    namespace: 0,
    exists: text !== null,
    revId: text === null ? null : 42,
    timestamp: text === null ? null : '2026-01-01T00:00:00Z',
    lastEditor: 'Editor1',
    text,
    contentModel: text === null ? null : 'wikitext',
    isRedirect: false,
    protection: [],
    ...overrides,
  };
}

const append = (suffix: string) => ({
  kind: 'edit' as const,
  title: 'Some page',
  summary: 'Appending',
  transform: (text: string) => ({ text: text + suffix }),
});

describe('evaluateEdit', () => {
  it('plans a change with the full summary and the base revision', () => {
    const result = evaluateEdit(append('!'), page('Hello'), rules);
    expect(result).toEqual({
      change: expect.objectContaining({
        title: 'Some page',
        baseRevId: 42,
        oldText: 'Hello',
        newText: 'Hello!',
        summary: 'Appending ([[User:DeptBot/Tasks#test-task|deptbot test-task]])',
      }),
    });
  });

  it('never saves a no-op', () => {
    expect(evaluateEdit(append(''), page('Hello'), rules)).toEqual({
      outcome: { title: 'Some page', kind: 'edit', status: 'unchanged', reason: 'already up to date' },
    });
  });

  it.each([
    ['{{nobots}}', page('{{nobots}} Hello'), '{{nobots}} excludes all bots'],
    ['a redirect', page('#REDIRECT [[X]]', { isRedirect: true }), '"Some page" is a redirect; the bot does not edit redirects'],
    ['a page outside the allowlist', page('x', { title: 'User:Editor1/notes', namespace: 2 }), '"User:Editor1/notes" is outside the pages this bot may edit (safety.allow)'],
    ['a missing page', page(null), '"Some page" does not exist'],
    ['a JSON page', page('{}', { contentModel: 'json' }), '"Some page" has content model json, not wikitext'],
    ['an unclosed template', page('{{Historical\nText'), '"Some page" has unbalanced markup: 1 template call(s) opened with "{{" are never closed'],
    ['an unclosed comment', page('<!-- note\nText'), '"Some page" has unbalanced markup: an HTML comment opened at offset 0 is never closed'],
    ['an unclosed translate tag', page('<translate>\nText'), '"Some page" has unbalanced markup: <translate> tags are unbalanced (1 opened, 0 closed)'],
  ])('skips %s with a reason', (_name, state, reason) => {
    const result = evaluateEdit(append('!'), state, rules);
    expect(result).toEqual({ outcome: expect.objectContaining({ status: 'skipped', reason }) });
  });

  it('creates a missing page only when asked to', () => {
    const result = evaluateEdit({ ...append('new'), createIfMissing: true }, page(null), rules);
    expect(result).toEqual({ change: expect.objectContaining({ baseRevId: null, oldText: '', newText: 'new' }) });
  });

  it('refuses a transform that changes text outside its region', () => {
    const text = 'Top\n<!-- deptbot:r -->\nold\n<!-- /deptbot:r -->\n';
    const action = {
      ...append(''),
      regions: ['r'],
      transform: (t: string) => ({ text: t.replace('Top', 'TOP').replace('old', 'new') }),
    };
    expect(evaluateEdit(action, page(text), rules)).toEqual({
      outcome: expect.objectContaining({ status: 'failed', reason: expect.stringContaining('outside its managed region') }),
    });
  });

  // Issue 13: the framework parses a transform's output too, and a transform that throws costs its
  // page only.
  it.each([
    ['half a <translate> pair', (text: string) => ({ text: `${text}\n<translate>\nNew` }), 'would leave unbalanced markup (<translate> tags are unbalanced (1 opened, 0 closed))'],
    ['an unclosed call', (text: string) => ({ text: `{{Historical\n${text}` }), 'would leave unbalanced markup (1 template call(s) opened with "{{" are never closed)'],
    ['a stray "}}"', (text: string) => ({ text: `${text}}}` }), 'would leave unbalanced markup (a "}}" at offset 5 closes a template that was never opened)'],
    ['an unclosed comment', (text: string) => ({ text: `${text}<!--` }), 'would leave unbalanced markup (an HTML comment opened at offset 5 is never closed)'],
  ])('refuses a transform whose output has %s, naming the page', (_name, transform, reason) => {
    const action = { kind: 'edit' as const, title: 'Some page', summary: 's', transform };
    expect(evaluateEdit(action, page('Hello'), rules)).toEqual({
      outcome: { title: 'Some page', kind: 'edit', status: 'failed', reason: `the change to "Some page" ${reason}; refused` },
    });
  });

  it('turns a transform that throws into a failed page, naming it, instead of failing the run', () => {
    const transform = () => {
      throw new RangeError('Invalid count value: -1');
    };
    const action = { kind: 'edit' as const, title: 'Some page', summary: 's', transform };
    expect(evaluateEdit(action, page('Hello'), rules)).toEqual({
      outcome: {
        title: 'Some page',
        kind: 'edit',
        status: 'failed',
        reason: 'the change to "Some page" could not be worked out (RangeError: Invalid count value: -1); refused',
      },
    });
  });

  it.each([
    ['</translate> before <translate>', 'Text.\n</translate>\n== Office hours ==\nProse.\n<translate>\n'],
    ['an unclosed template after an unclosed <nowiki>', '<nowiki>\n{{Foo|\nText.'],
  ])('never edits a page with %s', (_name, text) => {
    expect(evaluateEdit(append('!'), page(text), rules)).toEqual({ outcome: expect.objectContaining({ status: 'skipped' }) });
  });

  it("refuses a change past the wiki's page size limit, counted in bytes of UTF-8, and plans one at the limit", () => {
    const limited = { ...rules, maxArticleBytes: 12 };
    // 'Hello' and '€€' (3 bytes each): 11 bytes; one more '!' is 12, the limit; '€' more is 14.
    expect(evaluateEdit(append('€€!'), page('Hello'), limited)).toEqual({ change: expect.objectContaining({ newText: 'Hello€€!' }) });
    expect(evaluateEdit(append('€€€'), page('Hello'), limited)).toEqual({
      outcome: {
        title: 'Some page',
        kind: 'edit',
        status: 'failed',
        reason: 'the change to "Some page" would make it 14 bytes, more than the wiki takes (maxarticlesize: 12 bytes); refused',
      },
    });
    expect(evaluateEdit(append('€'.repeat(100)), page('Hello'), rules)).toEqual({ change: expect.anything() });
  });

  it('passes a transform skip through', () => {
    const action = { ...append(''), transform: () => ({ skip: 'nothing to do here' }) };
    expect(evaluateEdit(action, page('x'), rules)).toEqual({
      outcome: { title: 'Some page', kind: 'edit', status: 'skipped', reason: 'nothing to do here' },
    });
  });
});

describe('evaluateNewSection', () => {
  const action = {
    kind: 'new-section' as const,
    title: 'Talk:Some page',
    sectionTitle: 'Reminder',
    body: 'Hello.',
    dedupeKey: 'reminder:abc',
    summary: 'Reminder',
  };

  it('signs the message and carries its marker', () => {
    const result = evaluateNewSection(action, page('Old talk', { title: 'Talk:Some page', namespace: 1 }), rules);
    expect(result).toEqual({ change: expect.objectContaining({ newText: 'Hello.\n<!-- deptbot:reminder:abc -->~~~~', sectionTitle: 'Reminder' }) });
  });

  it("refuses a section that would take the page past the wiki's size limit, counting the page as MediaWiki composes it", () => {
    const talk = page('Old talk', { title: 'Talk:Some page', namespace: 1 });
    // 'Old talk' + '\n\n== Reminder ==\n\n' + 'Hello.\n<!-- deptbot:reminder:abc -->~~~~': 8 + 19 + 39 bytes.
    expect(evaluateNewSection(action, talk, { ...rules, maxArticleBytes: 66 })).toEqual({ change: expect.objectContaining({ sectionTitle: 'Reminder' }) });
    expect(evaluateNewSection(action, talk, { ...rules, maxArticleBytes: 65 })).toEqual({
      outcome: expect.objectContaining({
        status: 'failed',
        reason: 'the change to "Talk:Some page" would make it 66 bytes, more than the wiki takes (maxarticlesize: 65 bytes); refused',
      }),
    });
  });

  it('does not post twice when the marker is on the page', () => {
    const text = 'Old\n== Reminder ==\nHello.\n<!-- deptbot:reminder:abc --> [[User:DeptBot|DeptBot]] 10:00, 1 January 2026 (UTC)';
    const result = evaluateNewSection(action, page(text, { title: 'Talk:Some page', namespace: 1 }), rules);
    expect(result).toEqual({ outcome: expect.objectContaining({ status: 'unchanged' }) });
  });
});
