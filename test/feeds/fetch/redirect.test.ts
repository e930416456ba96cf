import { describe, expect, it } from 'vitest';
import { PolicyWatchError } from '../../../src/errors.js';
import { MAX_REDIRECTS, nextRedirect, parseFeedUrl } from '../../../src/feeds/fetch/redirect.js';

describe('nextRedirect', () => {
  describe('when the redirect may be followed', () => {
    it.each([
      {
        name: 'an absolute https Location',
        from: 'https://a.example/feed',
        location: 'https://b.example/rss',
        to: 'https://b.example/rss',
      },
      {
        name: 'a path-absolute Location',
        from: 'https://a.example/x/feed',
        location: '/rss',
        to: 'https://a.example/rss',
      },
      {
        name: 'a relative Location',
        from: 'http://a.example/x/feed',
        location: '../y/rss?p=1',
        to: 'http://a.example/y/rss?p=1',
      },
      {
        name: 'a scheme-relative Location',
        from: 'https://a.example/',
        location: '//cdn.example/f',
        to: 'https://cdn.example/f',
      },
      {
        name: 'an upgrade from http to https',
        from: 'http://a.example/',
        location: 'https://a.example/',
        to: 'https://a.example/',
      },
    ])('resolves $name', ({ from, location, to }) => {
      const next = nextRedirect(new URL(from), location, 0);
      expect(next).toBeInstanceOf(URL);
      expect(String(next)).toBe(to);
    });

    it(`allows the ${MAX_REDIRECTS}th redirect`, () => {
      expect(nextRedirect(new URL('http://a.example/'), '/b', MAX_REDIRECTS - 1)).toBeInstanceOf(URL);
    });
  });

  describe('when the redirect must not be followed', () => {
    it.each([
      {
        name: 'a downgrade from https to http',
        from: 'https://a.example/',
        location: 'http://a.example/feed',
        sofar: 0,
        code: 'FETCH_INSECURE_REDIRECT',
      },
      {
        name: 'a javascript: Location',
        from: 'https://a.example/',
        location: 'javascript:alert(1)',
        sofar: 0,
        code: 'FETCH_BAD_URL',
      },
      {
        name: 'a non-http scheme',
        from: 'http://a.example/',
        location: 'ftp://a.example/feed',
        sofar: 0,
        code: 'FETCH_BAD_URL',
      },
      {
        name: 'an unparseable Location',
        from: 'http://a.example/',
        location: 'http://[::1',
        sofar: 0,
        code: 'FETCH_BAD_URL',
      },
      {
        name: 'a missing Location',
        from: 'http://a.example/',
        location: null,
        sofar: 0,
        code: 'FETCH_HTTP_ERROR',
      },
      {
        name: `a ${MAX_REDIRECTS + 1}th redirect`,
        from: 'http://a.example/',
        location: '/b',
        sofar: MAX_REDIRECTS,
        code: 'FETCH_TOO_MANY_REDIRECTS',
      },
    ])('returns $code for $name', ({ from, location, sofar, code }) => {
      const next = nextRedirect(new URL(from), location, sofar);
      expect(next).toBeInstanceOf(PolicyWatchError);
      expect((next as PolicyWatchError).code).toBe(code);
    });

    it('names both hosts, and neither path nor query, when refusing a downgrade', () => {
      const next = nextRedirect(new URL('https://a.example/p?token=1'), 'http://b.example/q?token=2', 0);
      expect((next as PolicyWatchError).message).toBe(
        'The feed at a.example redirected from https to plain http (b.example), which is refused.',
      );
    });
  });
});

describe('parseFeedUrl', () => {
  it.each(['http://example.com/feed.xml', 'https://example.com:8443/rss?x=1'])('accepts %s', (raw) => {
    expect(parseFeedUrl(raw)).toBeInstanceOf(URL);
  });

  it.each(['', 'example.com/feed', 'ftp://example.com/', 'data:text/xml,<rss/>', 'file:///tmp/feed.xml'])(
    'returns FETCH_BAD_URL for %j',
    (raw) => {
      expect((parseFeedUrl(raw) as PolicyWatchError).code).toBe('FETCH_BAD_URL');
    },
  );
});
