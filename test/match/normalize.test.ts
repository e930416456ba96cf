import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../src/match/normalize.js';

describe('normalizeText', () => {
  describe('when the text carries HTML', () => {
    it.each([
      ['block tags become spaces', '<p>Rare earths</p><p>resume</p>', ' rare earths  resume '],
      ['inline tags vanish', 'Chi<b>na</b> and <a href="x">Beijing</a>', 'china and beijing'],
      [
        'script and style go with their content',
        'a<script>var x = "<p>";</script>b<style>p{}</style>c',
        'abc',
      ],
      ['a bare "<" is text', 'exports < imports', 'exports < imports'],
      ['an unclosed tag cut by a limit is dropped', 'Beijing said <a href="http://exa', 'beijing said '],
      ['HTML escaped twice is still stripped', '&lt;p&gt;Shipments resume&lt;/p&gt;', ' shipments resume '],
    ])('%s', (_name, input, expected) => {
      expect(normalizeText(input)).toBe(expected);
    });
  });

  describe('when the text carries character references', () => {
    it.each([
      ['named', 'Xi &amp; Trump &ndash; &ldquo;talks&rdquo; &eacute;t&Eacute;', 'xi & trump - "talks" été'],
      ['decimal and hex', '&#8216;US&#x2019;s&#8217; &#20013;&#x56FD;', "'united states's' 中国"],
      ['upper-case aliases', '&AMP; &LT;', '& <'],
      [
        'invalid code points as U+FFFD, never a lone surrogate',
        '&#0;&#xD800;&#99999999;',
        '\ufffd\ufffd\ufffd',
      ],
      ['unknown names as written', '&bogus; &constructor;', '&bogus; &constructor;'],
    ])('decodes %s', (_name, input, expected) => {
      expect(normalizeText(input)).toBe(expected);
    });
  });

  describe('when the text uses compatibility forms and typographic punctuation', () => {
    it.each([
      ['full-width letters and digits', 'ＣＨＩＮＡ ２０２５', 'china 2025'],
      ['every dash', 'a‐b‑c‒d–e—f―g−h', 'a-b-c-d-e-f-g-h'],
      ['curly quotes', '‘China’s’ “rare” „earth‟ «magnets»', '\'china\'s\' "rare" "earth" "magnets"'],
      ['a no-break space', 'rare&nbsp;earth', 'rare earth'],
      ['ligatures', 'ﬁnal', 'final'],
    ])('folds %s', (_name, input, expected) => {
      expect(normalizeText(input)).toBe(expected);
    });
  });

  describe('when the text names the U.S., the U.K. or the EU', () => {
    it.each([
      ['U.S.-China talks', 'united states-china talks'],
      ['U.S.A. and U.S stocks', 'united states and united states stocks'],
      ['U.S.A and U.K', 'united states and united kingdom'],
      ['USA, US and ＵＳ', 'united states, united states and united states'],
      ['U.K. and UK, E.U. and EU', 'united kingdom and united kingdom, european union and european union'],
      ['Let us talk, said the US', 'let us talk, said the united states'],
      ['USB and BUS and EUROPE stay', 'usb and bus and europe stay'],
      ['US$5bn', 'united states$5bn'],
    ])('reads "%s" as "%s"', (input, expected) => {
      expect(normalizeText(input)).toBe(expected);
    });
  });

  describe('when the input is larger than the limits', () => {
    it('keeps at most maxChars of the result', () => {
      expect(normalizeText('China '.repeat(1000), { maxChars: 10 })).toBe('china chin');
    });

    it('reads at most maxRawChars of the input', () => {
      expect(normalizeText(`${'<b>x</b>'.repeat(10)}tail`, { maxRawChars: 16 })).toBe('xx');
    });

    it('strips a megabyte of "<" and "&" in linear time', () => {
      const started = performance.now();
      normalizeText('<a'.repeat(500_000) + '&#'.repeat(500_000));
      expect(performance.now() - started).toBeLessThan(2_000);
    });
  });
});
