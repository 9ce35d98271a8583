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

  it('does not post twice when the marker is on the page', () => {
    const text = 'Old\n== Reminder ==\nHello.\n<!-- deptbot:reminder:abc --> [[User:DeptBot|DeptBot]] 10:00, 1 January 2026 (UTC)';
    const result = evaluateNewSection(action, page(text, { title: 'Talk:Some page', namespace: 1 }), rules);
    expect(result).toEqual({ outcome: expect.objectContaining({ status: 'unchanged' }) });
  });
});
