// The floor of the batch CLI (`npm run bench`): read every transcript file of a folder, parse it and
// cut every turn with jieba (the segmenter talklint uses, on its dictionary), and nothing else.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const [dir, root] = process.argv.slice(2);
const { Jieba } = createRequire(join(root, 'package.json'))('@node-rs/jieba');
const jieba = Jieba.withDict(readFileSync(join(root, 'lexicons/jieba-dict.txt')));
let words = 0;
for (const name of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const transcript = JSON.parse(readFileSync(join(dir, name), 'utf8'));
  for (const turn of transcript.turns) words += jieba.cut(turn.text, true).length;
}
process.stdout.write(`${words}\n`);
