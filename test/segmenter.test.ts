/** The segmenter's trimmed dictionary is current, and it still segments what the boundary checks rely on. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildSegmenterDictionary } from '../src/text/tables/generate.js';
import { DICTIONARY, jiebaSegmenter } from '../src/text/segmenter.js';

describe('segmenter', () => {
  it('ships the dictionary that src/text/tables/generate.ts builds from @node-rs/jieba', () => {
    expect(readFileSync(DICTIONARY, 'utf8') === buildSegmenterDictionary()).toBe(true);
  });

  it('keeps the words that decide boundaries next to service phrases', () => {
    const { cut, isDictionaryWord } = jiebaSegmenter(() => []);
    expect(cut('尽快点击链接')).toEqual(['尽快', '点击', '链接']);
    expect(cut('页面往下滚动')).toContain('滚动');
    expect(cut('您家里有病人吗')).toContain('病人');
    expect(isDictionaryWord('恢复')).toBe(true);
    expect(isDictionaryWord('别人趣')).toBe(false);
  });
});
