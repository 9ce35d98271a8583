// The replay server's choice of what to answer from the recordings and what to forward.
import { classifyRequest, requestParams } from '../../support/translate-replay';

describe('classifyRequest', () => {
  it.each([
    [{ action: 'query', meta: 'messagegroupstats', mgsgroup: 'page-X' }, 'messagegroupstats'],
    [{ action: 'query', meta: 'messagegroups', mgfilter: 'page-*' }, 'messagegroups'],
    [{ action: 'query', list: 'messagecollection', mcgroup: 'page-X', mclanguage: 'de' }, 'messagecollection'],
    [{ action: 'query', meta: 'siteinfo', siprop: 'extensions' }, 'siteinfo'],
    [{ action: 'query', meta: 'siteinfo', siprop: 'general|extensions' }, 'siteinfo'],
    // mwn's login: several modules in one request, answered by the real wiki.
    [{ action: 'query', meta: 'tokens|siteinfo|userinfo', siprop: 'general|namespaces|namespacealiases' }, null],
    [{ action: 'query', meta: 'siteinfo', siprop: 'general|namespaces' }, null],
    [{ action: 'query', meta: 'siteinfo', siprop: 'extensions|namespaces' }, null],
    [{ action: 'query', meta: 'messagegroupstats|userinfo' }, null],
    [{ action: 'query', prop: 'info', titles: 'X', meta: 'messagegroupstats' }, null],
    [{ action: 'edit', title: 'X', text: 'y' }, null],
    [{ action: 'login', lgname: 'DeptBot@deptbot' }, null],
  ])('%j → %s', (params, expected) => {
    expect(classifyRequest(params)).toBe(expected);
  });
});

describe('requestParams', () => {
  it('reads a GET query string', () => {
    expect(requestParams('/api.php?action=query&meta=messagegroupstats&mgsgroup=page-Sample%20translatable%20page', undefined, Buffer.alloc(0))).toEqual({
      action: 'query',
      meta: 'messagegroupstats',
      mgsgroup: 'page-Sample translatable page',
    });
  });

  it('reads a form-encoded POST body', () => {
    const body = Buffer.from('action=query&meta=messagegroups&mgfilter=page-Sample*');
    expect(requestParams('/api.php', 'application/x-www-form-urlencoded', body)).toEqual({ action: 'query', meta: 'messagegroups', mgfilter: 'page-Sample*' });
  });

  it('reads a multipart POST body', () => {
    const boundary = '----b0undary';
    const part = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const body = Buffer.from(`${part('action', 'query')}${part('meta', 'siteinfo')}${part('siprop', 'extensions')}--${boundary}--\r\n`);
    expect(requestParams('/api.php', `multipart/form-data; boundary=${boundary}`, body)).toEqual({ action: 'query', meta: 'siteinfo', siprop: 'extensions' });
  });
});
