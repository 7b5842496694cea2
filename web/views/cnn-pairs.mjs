// Every pair of the five sample photos: the cosine similarity of their Tiny VGG global averages
// and of their hand-made bank averages, side by side in one table. Computed once, when the model
// and condense are ready (five decodes, five model runs, five bank convolutions), one image per task.
import { decodeImageFile } from '../lib/decode.mjs';
import { fetchSample } from '../lib/samples.mjs';
import { cosine } from '../lib/tiny-vgg.mjs';
import { pooledFeatures, unmirroredBank } from '../lib/tiny-vgg-features.mjs';

const $ = (id) => document.getElementById(id);
const LABELS = { chelsea: 'cat', coffee: 'coffee', rocket: 'rocket', astronaut: 'astronaut', camera: 'camera' };
const span = (values) => `from ${Math.min(...values).toFixed(3)} to ${Math.max(...values).toFixed(3)}`;

export function createPairs(context, tinyVgg) {
  const body = $('gap-all').querySelector('tbody');
  const summary = $('gap-all-summary');
  let result = null;
  let running = false;

  async function compute() {
    const cd = context.cd();
    const model = tinyVgg.model();
    if (!cd || !model || result || running) return;
    running = true;
    try {
      const keys = Object.keys(LABELS);
      const sources = await Promise.all(keys.map(async (k) => decodeImageFile(await fetchSample(k))));
      const bank = unmirroredBank();
      // One image per task (~100 ms each, mostly the bank's 7x7 convolution at 224x224), so the
      // page stays responsive while the table fills.
      const f = [];
      let ms = 0;
      for (const src of sources) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        const t0 = performance.now();
        f.push(pooledFeatures(cd, model, bank, src));
        ms += performance.now() - t0;
      }
      const pairs = [];
      for (let i = 0; i < keys.length; i++) {
        for (let j = i + 1; j < keys.length; j++) {
          pairs.push({
            a: keys[i],
            b: keys[j],
            trained: cosine(f[i].pooled, f[j].pooled),
            bank: cosine(f[i].bankPooled, f[j].bankPooled),
          });
        }
      }
      body.textContent = '';
      for (const p of pairs) {
        const row = body.insertRow();
        const th = document.createElement('th');
        th.scope = 'row';
        th.textContent = `${LABELS[p.a]} · ${LABELS[p.b]}`;
        row.append(th);
        row.insertCell().textContent = p.trained.toFixed(3);
        row.insertCell().textContent = p.bank.toFixed(3);
      }
      const trained = pairs.map((p) => p.trained);
      const hand = pairs.map((p) => p.bank);
      summary.textContent =
        `Over the ${pairs.length} pairs, the cosine of Tiny VGG's averages goes ${span(trained)}, ` +
        `that of the hand-made bank's ${span(hand)}: to the bank, every pair of photos looks alike.`;
      result = { samples: keys, pairs, ms };
    } catch (error) {
      context.messages.error(`The sample photos could not be compared: ${error.message}`);
    } finally {
      running = false;
    }
  }

  return {
    refresh: () => context.track(compute()),
    snapshot: () => (result ? JSON.parse(JSON.stringify(result)) : null),
  };
}
