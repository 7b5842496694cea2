// The page's one copy of Tiny VGG: fetched once (model.json and its weight file, next to the page
// in models/tiny-vgg/), then every view that runs it is redrawn.
import { fetchTinyVgg } from './tiny-vgg.mjs';

export function createTinyVggLoader(context) {
  let model = null;
  let error = null;
  const ready = context.track(
    fetchTinyVgg()
      .then((m) => {
        model = m;
        context.schedule({ gap: true });
      })
      .catch((e) => {
        error = e;
        context.messages.error(`The trained model (Tiny VGG) could not be loaded: ${e.message}`);
        context.schedule({ gap: true });
      }),
  );
  return { model: () => model, error: () => error, ready: () => ready };
}
